import { importDeposits } from '../../core/deposits/import';
import { readGeoTiff } from '../../core/grid/geotiff-read';
import { ProspectError } from '../../core/types';
import {
  cellsOfPoints, countClasses, generalise, weightsTable, WOFE_TYPES, type Criterion, type WofeType,
} from '../../core/wofe';
import { choice, list, num, required, str, type Args } from '../args';
import { depositOptions } from '../import-options';
import { table, type Output } from '../output';

const fixed = (v: number, d = 4) => (Number.isInteger(v) ? String(v) : v.toFixed(d));

/**
 * `prospect wofe`: the weights table of one integer evidence raster against deposit points, as Geoscience Australia's
 * CalculateWeights.R lays it out (areas in unit cells of --unit-area km^2, default 1). Deposits are read in any format
 * the import takes and projected onto the raster's CRS.
 */
export async function wofeCommand(args: Args, out: Output, signal: AbortSignal) {
  const rasterFile = required(args, 'raster', 'the integer evidence raster (GeoTIFF)');
  const depositsFile = required(args, 'deposits', 'the training points');
  const type = choice(args, 'type', WOFE_TYPES) ?? required(args, 'type', WOFE_TYPES.join('|')) as WofeType;
  const unitKm2 = num(args, 'unit-area') ?? 1;
  if (!(unitKm2 > 0)) throw new ProspectError(`--unit-area must be a positive area in km2, got ${unitKm2}.`, 'BAD_ARGS', { column: '--unit-area' });
  const classes = list(args, 'classes')?.map((c) => {
    const v = Number(c);
    if (!Number.isInteger(v)) throw new ProspectError(`--classes: '${c}' is not an integer class code.`, 'BAD_ARGS', { column: '--classes' });
    return v;
  });
  const grid = await readGeoTiff(rasterFile, { signal, crs: str(args, 'raster-crs') });
  const { spec } = grid;
  const deposits = await importDeposits(depositsFile, { ...depositOptions(args), targetCrs: spec.crs }, { signal });
  const cells = cellsOfPoints(spec, deposits.deposits.map((d) => d.x), deposits.deposits.map((d) => d.y));
  let counts;
  try {
    counts = countClasses(grid.bands[0], cells);
  } catch (e) {
    if (!(e instanceof ProspectError)) throw e;
    const i = Number(e.details.row);
    const where = Number.isInteger(i) ? `, row ${Math.floor(i / spec.width) + 1}, column ${(i % spec.width) + 1}` : '';
    throw new ProspectError(`${rasterFile}${where}: ${e.message}`, e.code, { file: rasterFile });
  }
  const t = weightsTable(counts, type, { cellArea: spec.cellX * spec.cellY, unitArea: unitKm2 * 1e6, missingClass: num(args, 'missing') });
  const g = generalise(t, {
    criterion: choice(args, 'criterion', ['studC', 'contrast'] as const satisfies readonly Criterion[]),
    confidence: num(args, 'confidence'),
    classes,
  });
  const rows = t.rows.map((r) => ({
    class: r.class, area: r.patternArea, classArea: r.area, points: r.points, wPlus: r.wPlus, sWPlus: r.sWPlus,
    wMinus: r.wMinus, sWMinus: r.sWMinus, contrast: r.contrast, sContrast: r.sContrast, studC: r.studC,
    ...(r.missing ? { missing: true } : {}),
  }));
  out.text(table(
    ['class', 'area', 'points', 'W+', 's(W+)', 'W-', 's(W-)', 'C', 's(C)', 'studC'],
    rows.map((r) => [r.class, r.area.toFixed(2), r.points, fixed(r.wPlus), fixed(r.sWPlus), fixed(r.wMinus), fixed(r.sWMinus),
      fixed(r.contrast), fixed(r.sContrast), fixed(r.studC, 2)]),
  ));
  out.text(`study area ${t.studyArea.toFixed(2)} unit cells of ${unitKm2} km2, ${t.points} points` +
    (counts.pointsDropped ? ` (${counts.pointsDropped} off the raster or on NoData, left out)` : '') +
    `, prior ${t.priorProbability.toPrecision(4)} per unit cell`);
  out.text(`generalised: favourable classes ${g.favourable.join(', ')} (W+ ${fixed(g.weights.wPlus)}, W- ${fixed(g.weights.wMinus)}, ` +
    `studC ${fixed(g.weights.studC, 2)})${g.significant ? '' : ' -- not significant at the confidence asked'}`);
  return {
    raster: rasterFile, deposits: depositsFile, type, unitAreaKm2: unitKm2, studyArea: t.studyArea, points: t.points,
    pointsDropped: counts.pointsDropped, priorProbability: t.priorProbability, rows,
    generalised: { favourable: g.favourable, area: g.area, points: g.points, significant: g.significant, ...g.weights },
  };
}
