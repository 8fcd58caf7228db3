// The study area as GeoPackage layers, rebuilt from the store's tables: what GDAL and QGIS show when the project
// file is opened. Layer tables carry names of their own (sample_points, not samples) so the store's tables stay.
import {
  depositsQml, elementQml, probabilityQml, samplesQml, targetsQml, tilesQml, windowsQml,
} from '../gis/layer-styles';
import type { StepName, TileResult } from '../results';
import type { GridSpec } from '../types';
import { latestWindows } from '../store/datasets-repo';
import { listGridElements, loadGrid, loadGridSpec } from '../store/grids-repo';
import { loadZBand } from './grid-stack';
import { latestPredictionTargets } from './targets';
import { findPrediction } from '../store/predictions-repo';
import type { Project } from '../store/project';
import { latestRun } from '../store/runs-repo';
import { loadSelection } from '../store/selection-repo';
import { COVERAGE_NODATA, writeCoverageLayer } from '../store/gpkg/coverage';
import { gpkgPoint, gpkgRect } from '../formats/gpkg-geometry';
import { depositFeatures, gridsKey, importsKey, sampleFeatures, setDefaultStyle, setLayerSource, storedLayerSource } from '../store/gpkg/sources';
import { ensureSrs } from '../store/gpkg/srs';
import { dropLayer, registeredLayers, writeFeatureLayer, type Cell, type FeatureLayer } from '../store/gpkg/tables';

/** One layer the file should hold: its table, what it is built from, and how. */
interface LayerPlan { table: string; source: string; build: (srsId: number) => void }

type Bounds = [number, number, number, number];
function boundsOf(xs: number[], ys: number[]): Bounds | null {
  if (xs.length === 0) return null;
  let a = Infinity, b = Infinity, c = -Infinity, d = -Infinity;
  for (let i = 0; i < xs.length; i++) { a = Math.min(a, xs[i]); b = Math.min(b, ys[i]); c = Math.max(c, xs[i]); d = Math.max(d, ys[i]); }
  return [a, b, c, d];
}

function vector(p: Project, srsId: number, layer: FeatureLayer, qml: string): void {
  writeFeatureLayer(p, srsId, layer);
  setDefaultStyle(p, layer.table, 'geom', layer.title, qml);
}

function samplesLayer(p: Project, srsId: number): void {
  const { samples, elements, units } = sampleFeatures(p);
  const fields: FeatureLayer['fields'] = [
    { name: 'sample_id', type: 'TEXT' }, { name: 'import_row', type: 'INTEGER' }, { name: 'import_file', type: 'TEXT' },
    { name: 'campaign', type: 'TEXT' }, { name: 'status', type: 'TEXT' },
    ...elements.flatMap((e) => [{ name: e, type: 'REAL' as const }, { name: `${e}_flag`, type: 'TEXT' as const }]),
  ];
  const rows = samples.map((s) => ({
    geom: gpkgPoint(srsId, s.x, s.y),
    values: [s.sampleId, s.row, s.file, s.campaign, s.status, ...elements.flatMap((e): Cell[] => {
      const c = s.cells.get(e);
      return [c?.value ?? null, c?.flag ?? 'missing'];
    })],
  }));
  const unitText = elements.map((e) => `${e} ${units.get(e) ?? ''}`.trim()).join(', ');
  vector(p, srsId, {
    table: 'sample_points', title: 'Samples', geometry: 'POINT', fields, rows,
    description: `Every imported sample with coordinates: assays (${unitText}), each with its flag (ok, censored = below detection, the value is the substitute; sentinel; missing), the row of the import file, and whether it was kept.`,
    bounds: boundsOf(samples.map((s) => s.x), samples.map((s) => s.y)),
  }, samplesQml());
}

function depositsLayer(p: Project, srsId: number): void {
  const ds = depositFeatures(p);
  vector(p, srsId, {
    table: 'deposit_points', title: 'Known deposits', geometry: 'POINT',
    fields: [{ name: 'deposit_id', type: 'TEXT' }, { name: 'name', type: 'TEXT' }, { name: 'import_file', type: 'TEXT' }, { name: 'import_row', type: 'INTEGER' }],
    rows: ds.map((d) => ({ geom: gpkgPoint(srsId, d.x, d.y), values: [d.extId ?? String(d.id), d.name, d.file, d.row] })),
    description: 'Known deposits as imported (the positives of the training windows).',
    bounds: boundsOf(ds.map((d) => d.x), ds.map((d) => d.y)),
  }, depositsQml());
}

function tileClass(t: TileResult): string {
  if (t.predicted === null) return 'not surveyed';
  if (t.predicted === 1) return t.label === 1 ? 'confirmation' : 'new-target';
  return t.label === 1 ? 'known deposit not predicted' : 'no target';
}

function tilesLayer(p: Project, srsId: number, tiles: TileResult[]): void {
  vector(p, srsId, {
    table: 'tiles', title: 'Tiles (12 x 12)', geometry: 'POLYGON',
    fields: [
      { name: 'number', type: 'INTEGER' }, { name: 'tile_row', type: 'INTEGER' }, { name: 'tile_col', type: 'INTEGER' },
      { name: 'label', type: 'INTEGER' }, { name: 'probability', type: 'REAL' }, { name: 'predicted', type: 'INTEGER' },
      { name: 'class', type: 'TEXT' }, { name: 'known_deposits', type: 'TEXT' }, { name: 'valid_fraction', type: 'REAL' },
    ],
    rows: tiles.map((t) => ({
      geom: gpkgRect(srsId, t.extent.xmin, t.extent.ymin, t.extent.xmax, t.extent.ymax),
      values: [t.number, t.tileRow + 1, t.tileCol + 1, t.label, t.prob, t.predicted, tileClass(t), t.deposits.join(' '), t.validFraction],
    })),
    description: "The paper's 12 x 12 tiling, numbered row by row: label = holds a known deposit, probability = the CNN's score, predicted at the prediction's threshold.",
    bounds: boundsOf(tiles.flatMap((t) => [t.extent.xmin, t.extent.xmax]), tiles.flatMap((t) => [t.extent.ymin, t.extent.ymax])),
  }, tilesQml());
}

/**
 * Target areas: the tiles at or above the prediction's threshold, ranked, with the elements driving each. (When the
 * store gains a table of target polygons with their uncertainty, this is the one layer to build from it instead.)
 */
function targetsLayer(p: Project, srsId: number): void {
  const { targets, threshold } = latestPredictionTargets(p)!;
  vector(p, srsId, {
    table: 'targets', title: 'Targets', geometry: 'POLYGON',
    fields: [
      { name: 'rank', type: 'INTEGER' }, { name: 'tile', type: 'INTEGER' }, { name: 'probability', type: 'REAL' },
      { name: 'kind', type: 'TEXT' }, { name: 'known_deposits', type: 'TEXT' }, { name: 'area_km2', type: 'REAL' },
      { name: 'drivers', type: 'TEXT' },
    ],
    rows: targets.map((t) => ({
      geom: gpkgRect(srsId, t.extent.xmin, t.extent.ymin, t.extent.xmax, t.extent.ymax),
      values: [t.rank, t.tile, t.probability, t.kind, t.knownDeposits.join(' '), t.areaKm2, t.drivers.map((d) => `${d.element} (z ${d.meanZ.toFixed(2)})`).join(', ')],
    })),
    description: `Tiles scored at or above ${threshold}: new targets and those a known deposit confirms, with their driving elements (mean z-score).`,
    bounds: boundsOf(targets.flatMap((t) => [t.extent.xmin, t.extent.xmax]), targets.flatMap((t) => [t.extent.ymin, t.extent.ymax])),
  }, targetsQml());
}

function windowsLayer(p: Project, srsId: number, spec: GridSpec): void {
  const ws = latestWindows(p);
  const rect = (w: { row: number; col: number; size: number }) => {
    const x0 = spec.xmin + w.col * spec.cellX, y1 = spec.ymax - w.row * spec.cellY;
    return [x0, y1 - w.size * spec.cellY, x0 + w.size * spec.cellX, y1] as const;
  };
  const rs = ws.map(rect);
  vector(p, srsId, {
    table: 'training_windows', title: 'Training windows', geometry: 'POLYGON',
    fields: [{ name: 'label', type: 'INTEGER' }, { name: 'kind', type: 'TEXT' }, { name: 'fold', type: 'INTEGER' }, { name: 'deposit_id', type: 'TEXT' }, { name: 'size_cells', type: 'INTEGER' }],
    rows: ws.map((w, i) => ({ geom: gpkgRect(srsId, ...rs[i]), values: [w.label, w.kind, w.fold, w.depositId ?? null, w.size] })),
    description: 'Windows of the latest dataset: label 1 = slid around a deposit, 0 = random distal negative; fold = its blocked spatial cross-validation fold (-1 = none).',
    bounds: boundsOf(rs.flatMap((r) => [r[0], r[2]]), rs.flatMap((r) => [r[1], r[3]])),
  }, windowsQml());
}

function coverage(p: Project, srsId: number, table: string, title: string, description: string, spec: GridSpec, band: Float32Array, uom: string | null, qml: string): void {
  writeCoverageLayer(p, srsId, { table, title, description, spec, band, uom, fieldName: title });
  setDefaultStyle(p, table, null, title, qml);
}

/** The layers that show one kind of result: a step rebuilds (or drops) only the groups its results change. */
export type LayerGroup = 'samples' | 'deposits' | 'grids' | 'zscores' | 'windows' | 'prediction';
export const LAYER_GROUPS: readonly LayerGroup[] = ['samples', 'deposits', 'grids', 'zscores', 'windows', 'prediction'];

/** The group a layer table belongs to (its table name says which). */
export function layerGroup(table: string): LayerGroup | null {
  if (table === 'sample_points') return 'samples';
  if (table === 'deposit_points') return 'deposits';
  if (table.startsWith('grid_')) return 'grids';
  if (table.startsWith('zscore_')) return 'zscores';
  if (table === 'training_windows') return 'windows';
  if (table === 'tiles' || table === 'targets' || table === 'probability') return 'prediction';
  return null;
}

/**
 * The layer groups each import and step changes. New grids change every layer drawn on them (z-scores, windows,
 * targets); a selection, a dataset or a prediction only its own; training, evaluation and export none.
 */
export const LAYERS_CHANGED_BY: Record<StepName | 'samples-import' | 'deposits-import' | 'grids-import', readonly LayerGroup[]> = {
  'samples-import': ['samples'],
  'deposits-import': ['deposits'],
  'grids-import': ['grids', 'zscores', 'windows', 'prediction'],
  grid: ['grids', 'zscores', 'windows', 'prediction'],
  select: ['zscores'],
  dataset: ['windows'],
  train: [],
  predict: ['prediction'],
  evaluate: [],
  export: [],
};

/** The layers of the given groups that the store's current state calls for. */
function plan(p: Project, groups: ReadonlySet<LayerGroup>): LayerPlan[] {
  const out: LayerPlan[] = [];
  if (groups.has('samples')) {
    const samples = importsKey(p, 'samples');
    if (samples !== 'samples:') out.push({ table: 'sample_points', source: samples, build: (s) => samplesLayer(p, s) });
  }
  if (groups.has('deposits')) {
    const deposits = importsKey(p, 'deposits');
    if (deposits !== 'deposits:') out.push({ table: 'deposit_points', source: deposits, build: (s) => depositsLayer(p, s) });
  }
  if (!groups.has('grids') && !groups.has('zscores') && !groups.has('windows') && !groups.has('prediction')) return out;
  const grids = gridsKey(p);
  const spec = loadGridSpec(p);
  if (groups.has('grids')) {
    for (const e of listGridElements(p)) {
      out.push({
        table: `grid_${e}`, source: `${grids}`, build: (s) => {
          const g = loadGrid(p, e)!;
          coverage(p, s, `grid_${e}`, `${e} (grid)`, `${e} interpolated (${g.source === 'idw' ? 'IDW as gdal_grid invdistnn' : 'imported'}), in the sample file's units; nodata ${COVERAGE_NODATA}.`,
            g.spec, g.raw, null, elementQml(g.raw));
        },
      });
    }
  }
  const select = groups.has('zscores') ? latestRun(p, 'select') : undefined;
  if (select && spec) {
    for (const r of loadSelection(p).filter((x) => x.selected)) {
      out.push({
        table: `zscore_${r.element}`, source: `${grids}|${select.id}`, build: (s) => {
          const z = loadZBand(p, r.element);
          if (z) coverage(p, s, `zscore_${r.element}`, `${r.element} (z-score)`, `${r.element} transformed and standardised as the CNN sees it (selected, AUC ${r.auc.toFixed(3)}).`, z.spec, z.band, null, elementQml(z.band));
        },
      });
    }
  }
  const dataset = groups.has('windows') ? latestRun(p, 'dataset') : undefined;
  if (dataset && spec) out.push({ table: 'training_windows', source: `${dataset.id}|${grids}`, build: (s) => windowsLayer(p, s, spec) });
  const pred = groups.has('prediction') ? findPrediction(p) : undefined;
  if (pred) {
    out.push({ table: 'tiles', source: String(pred.runId), build: (s) => tilesLayer(p, s, pred.tiles) });
    out.push({ table: 'targets', source: `${pred.runId}|${grids}`, build: (s) => targetsLayer(p, s) });
    const dense = pred.dense;
    if (dense) {
      out.push({
        table: 'probability', source: String(pred.runId), build: (s) =>
          coverage(p, s, 'probability', 'Window score (uncalibrated)', "The sliding-window CNN's score at every cell (0-1, uncalibrated: the export holds the calibrated map); styled from its own 2nd to 98th percentile.",
            pred.spec, dense, null, probabilityQml('en', dense)),
      });
    }
  }
  return out;
}

/**
 * Brings the GeoPackage layers of the given groups (default: all) in line with the store: builds the layers whose
 * inputs changed, drops those whose inputs are gone, and leaves the other groups' layers as they are. Runs in one
 * transaction (its own, or the caller's when called inside one), so the layers and the record of what they were
 * built from never disagree.
 */
export function refreshGisLayers(p: Project, only: readonly LayerGroup[] = LAYER_GROUPS): { built: string[]; dropped: string[] } {
  const groups = new Set(only);
  return p.transaction(() => {
    const crs = p.getMeta('crs');
    const built: string[] = [], dropped: string[] = [];
    const wanted = crs ? plan(p, groups) : [];
    const keep = new Set(wanted.map((l) => l.table));
    for (const t of registeredLayers(p)) {
      const g = layerGroup(t);
      if (g !== null && !groups.has(g)) continue;
      if (!keep.has(t)) { dropLayer(p, t); setLayerSource(p, t, null); dropped.push(t); }
    }
    if (!crs) return { built, dropped };
    const srsId = ensureSrs(p, crs);
    const present = new Set(registeredLayers(p));
    for (const l of wanted) {
      if (storedLayerSource(p, l.table) === l.source && present.has(l.table)) continue;
      l.build(srsId);
      setLayerSource(p, l.table, l.source);
      built.push(l.table);
    }
    return { built, dropped };
  });
}
