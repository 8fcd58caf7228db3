import { importDeposits } from '../../core/deposits/import';
import { buildEvidence, type EvidenceKind } from '../../core/evidence';
import { readGeoTiff } from '../../core/grid/geotiff-read';
import { ProspectError } from '../../core/types';
import { choice, list, num, required, str, type Args } from '../args';
import { depositOptions } from '../import-options';
import { table, type Output } from '../output';

const KINDS = ['continuous', 'categorical', 'distance', 'density'] as const satisfies readonly EvidenceKind[];

/**
 * `prospect evidence-check`: one evidence file carried onto the grid of a reference raster, without a project; prints
 * what `import --evidence` would store: its kind (guessed, with the reason), how it was resampled, the cells covered,
 * the classes with their areas (and deposit counts with --deposits) or the value range, and any misalignment.
 */
export async function evidenceCheckCommand(args: Args, out: Output, signal: AbortSignal) {
  const file = required(args, 'evidence', 'the evidence layer (GeoTIFF, GeoPackage, shapefile or GeoJSON)');
  const ref = required(args, 'grid-like', 'a GeoTIFF on the study grid (its CRS, origin, cell size and size are used)');
  const grid = (await readGeoTiff(ref, { signal, crs: str(args, 'grid-crs') })).spec;
  const depositsFile = str(args, 'deposits');
  let deposits: { x: number[]; y: number[] } | undefined;
  if (depositsFile) {
    const d = await importDeposits(depositsFile, { ...depositOptions(args), layer: str(args, 'deposits-layer'), targetCrs: grid.crs }, { signal });
    deposits = { x: d.deposits.map((p) => p.x), y: d.deposits.map((p) => p.y) };
  }
  const shift = list(args, 'align-by-index')?.map(Number);
  if (shift && (shift.length !== 2 || !shift.every(Number.isInteger))) {
    throw new ProspectError('--align-by-index takes two whole numbers ROW,COL (study(r, c) = layer(r + ROW, c + COL)).', 'BAD_ARGS', { column: '--align-by-index' });
  }
  const { summary } = await buildEvidence(file, grid, {
    signal, kind: choice(args, 'kind', KINDS), field: str(args, 'field'), layer: str(args, 'layer'), crs: str(args, 'evidence-crs'),
    radius: num(args, 'radius'), rule: choice(args, 'rule', ['centre', 'majority'] as const), deposits, name: str(args, 'name'), legend: str(args, 'legend'),
    alignByIndex: shift as [number, number] | undefined,
  });
  out.text(`${summary.layer}: ${summary.kind} (${summary.kindGuessed ? 'guessed' : 'given'}: ${summary.kindReason})`);
  out.text(`resampled: ${summary.resampled.method} - ${summary.resampled.reason}`);
  out.text(`cells covered: ${summary.cells.covered} of ${summary.cells.total} (${(100 * summary.cells.share).toFixed(1)} %)` +
    (summary.units ? `, units ${summary.units}` : ''));
  if (summary.values) out.text(`values: ${summary.values.min} to ${summary.values.max}, median ${summary.values.median}`);
  if (summary.classes) {
    out.text(table(['code', 'label', 'area km2', ...(deposits ? ['deposits'] : [])],
      summary.classes.map((c) => [c.code, c.label, c.areaKm2.toFixed(2), ...(deposits ? [c.deposits ?? 0] : [])])));
  }
  for (const w of summary.warnings) out.text(`warning: ${w}`);
  return summary;
}
