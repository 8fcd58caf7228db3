// The real study areas as the dataset step sees them: z-scored grids of the selected elements, the valid mask, the
// deposit cells and (for gridded samples) the sample positions. Data are read from ../shared/data, never copied.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { depositCellsFromDeposits, validMask, type DepositCell } from '../../src-main/core/dataset/cells';
import { generateDemo } from '../../src-main/core/demo/generate';
import { importDeposits } from '../../src-main/core/deposits/import';
import { readGridStack } from '../../src-main/core/grid/geotiff-read';
import { idwGrid } from '../../src-main/core/grid/idw';
import { extentFromPoints, proposeCellSize, specFromExtent } from '../../src-main/core/grid/spec';
import { importSamples } from '../../src-main/core/samples/import';
import { selectElements } from '../../src-main/core/selection/select';
import { applyStackTransforms, fitTransforms } from '../../src-main/core/grid/transform';
import type { GridSpec, GridStack, SamplePoints } from '../../src-main/core/types';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const data = (p: string) => path.resolve(repoRoot, '../shared/data', p);

export interface Area {
  name: string;
  spec: GridSpec;
  mask: Uint8Array;
  elements: string[];
  bands: Float32Array[];
  deposits: DepositCell[];
  samples?: { x: Float64Array; y: Float64Array };
}

/** log10 then z-score, as the grid step stores them (the quick and paper presets' transform). */
function zStack(stack: GridStack): GridStack {
  const t = fitTransforms(stack.bands, 'log10', stack.elements);
  return { ...stack, bands: applyStackTransforms(stack.bands, t) };
}

/** The select step's rule (ZAUC above the threshold); the three best by AUC when none passes, so a test always has bands. */
function selected(stack: GridStack, deposits: DepositCell[], threshold: number): string[] {
  const rows = selectElements(stack, deposits, { threshold });
  const kept = rows.filter((r) => r.selected).map((r) => r.element);
  return kept.length ? kept : [...rows].sort((a, b) => b.auc - a.auc).slice(0, 3).map((r) => r.element);
}

function subset(stack: GridStack, elements: string[]): Float32Array[] {
  return elements.map((e) => stack.bands[stack.elements.indexOf(e)]);
}

const PAPER = ['As', 'Cu', 'Pb', 'Zn', 'Mn', 'Sn', 'W', 'Ag', 'Au', 'B', 'Sb', 'Bi', 'Mo', 'Hg', 'F', 'Ba'];

/** Xinjiang: the imported 1 km grids of the paper's 16 elements, deposits from the derived CSV (ZAUC > 1.96, as the issue ran it). */
export async function xinjiangArea(): Promise<Area> {
  const dir = data('xinjiang-au-grids');
  const raw = await readGridStack(PAPER.map((e) => path.join(dir, 'Geochemical_data', `${e}.tif`)));
  const z = zStack(raw);
  const lines = readFileSync(path.join(dir, 'DERIVED_au_deposits_on_geochem_grid.csv'), 'utf8').trim().split(/\r?\n/);
  const head = lines[0].split(',');
  const ri = head.indexOf('geochem_row');
  const ci = head.indexOf('geochem_col');
  const deposits = lines.slice(1).map((l, k) => ({ row: Number(l.split(',')[ri]), col: Number(l.split(',')[ci]), id: `xj${k + 1}` }));
  const elements = selected(z, deposits, 1.96);
  return { name: 'xinjiang', spec: z.spec, mask: validMask(z), elements, bands: subset(z, elements), deposits };
}

async function gridSamples(name: string, points: SamplePoints, depositXY: { id: string; x: number; y: number }[], elements: string[]): Promise<Area> {
  const spec = specFromExtent(extentFromPoints(points.x, points.y, 0), { cellSize: proposeCellSize(points.x, points.y) }, points.crs);
  const sub = { ...points, elements, values: elements.map((e) => points.values[points.elements.indexOf(e)]) };
  // The quick preset's IDW parameters (config.ts).
  const stack = zStack(await idwGrid(sub, spec, { power: 2, maxPoints: 12, radius: 3000, minPoints: 1 }));
  const { cells } = depositCellsFromDeposits(spec, depositXY);
  const chosen = selected(stack, cells, 2.58);
  return { name, spec, mask: validMask(stack), elements: chosen, bands: subset(stack, chosen), deposits: cells, samples: { x: points.x, y: points.y } };
}

/** Katanning: stream sediments reprojected to UTM 50S by the import, gridded by IDW at the proposed cell size. */
export async function katanningArea(): Promise<Area> {
  const imp = await importSamples(data('wa-katanning-sediment/area1_sediment_au.csv'), { keepRecords: false });
  const dep = await importDeposits(data('wa-katanning-sediment/area1_sediment_au_site.csv'), { targetCrs: imp.points.crs });
  // Elements with most samples analysed (B, F, Sb, Bi, Sn and W are sparse or absent in this survey).
  const elements = ['As', 'Cu', 'Pb', 'Zn', 'Mn', 'Ag', 'Au', 'Mo', 'Hg', 'Ba'];
  return gridSamples('katanning', imp.points, dep.deposits.map((d) => ({ id: d.id, x: d.x, y: d.y })), elements);
}

/** The built-in demo study area, generated from its seeded recipe into a temporary folder. */
export async function demoArea(): Promise<Area> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'prospect-demo-defaults-'));
  try {
    const files = generateDemo(dir);
    const imp = await importSamples(files.samplesFile, { crs: files.crs, keepRecords: false });
    const dep = await importDeposits(files.depositsFile, { targetCrs: imp.points.crs, crs: files.crs });
    return await gridSamples('demo', imp.points, dep.deposits.map((d) => ({ id: d.id, x: d.x, y: d.y })), files.elements);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
