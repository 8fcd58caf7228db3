import { mkdirSync, writeFileSync } from 'node:fs';
import { SUPPORT_SAMPLES } from '../../grid/sampling-support';
import { basename, join } from 'node:path';
import { writeQgisProject } from '../../gis/qgs';
import { writeStyles } from '../../gis/write-styles';
import { writeGeoTiff } from '../../grid/geotiff-write';
import { targetsCsv } from '../../evaluation/targets';
import { collectReportData } from '../report-data';
import { latestPredictionTargets } from '../targets';
import { buildReportHtml } from '../../report/html';
import type { ExportResult, StepOutcome, TileResult } from '../../results';
import type { DeliveredTargets } from '../../targets-types';
import { listGridElements, loadGridSpec } from '../../store/grids-repo';
import { loadGridStack } from '../grid-stack';
import { latestWindows } from '../../store/datasets-repo';
import { saveExports } from '../../store/exports-repo';
import { latestModel } from '../../store/models-repo';
import { loadMap, loadPrediction } from '../../store/predictions-repo';
import { insertRun, latestRun } from '../../store/runs-repo';
import { loadSelection } from '../../store/selection-repo';
import { deserializeModel, saveModelFolder } from '../../training/model-io';
import { ProspectError, type GridSpec } from '../../types';
import type { Project } from '../../store/project';
import { writeGridTiffs } from './grid-files';
import { claimExportDir, claimNote, exportOwner, writeExportManifest } from './export-manifest';
import type { StepContext } from './context';
import { writeModelCard, type ModelProvenance } from './model-card';
import { TARGET_CLASSES as AREA_CLASS_TABLE } from '../../vocabulary';
import { writeFieldOutputs } from './field-export';

/** Classes of the UInt8 target-area map; 255 = nodata. */
export const AREA_CLASSES = [
  { value: 0, name: 'no target', color: [235, 235, 235] },
  ...AREA_CLASS_TABLE.map((c) => ({ value: c.code, name: c.description, color: c.color })),
];

function areaColorTable(): [number, number, number][] {
  const table: [number, number, number][] = Array.from({ length: 256 }, () => [0, 0, 0]);
  for (const c of AREA_CLASSES) table[c.value] = [...c.color] as [number, number, number];
  table[NODATA_CLASS] = [255, 255, 255];
  return table;
}

/** How the deployed model was trained and validated, for its card. */
function provenance(p: StepContext['project']): ModelProvenance {
  const train = latestRun(p, 'train');
  const tm = train?.metrics;
  const ev = latestRun(p, 'evaluate');
  const em = ev?.metrics;
  const cv = em && 'cv' in em ? em.cv : null;
  const ws = latestWindows(p);
  return {
    training: {
      windows: (tm?.trainWindows ?? 0) + (tm?.validationWindows ?? 0), positives: ws.filter((w) => w.label === 1).length, negatives: ws.filter((w) => w.label === 0).length, epochs: tm?.epochs ?? 0, validationFold: tm?.validationFold ?? null,
      note: tm?.validationFold === null ? 'Refitted on every window: the procedure the cross-validation measured, applied to all the data.' : `Fold ${tm?.validationFold} held out while training.`,
    },
    validation: ev && cv?.map ? {
      evaluateRunId: ev.id, verdict: cv.map.verdict.sentence,
      mapAuc: cv.map.models.map((m) => ({ model: m.model, mapAuc: m.mapAuc, lo: m.interval?.lo ?? null, hi: m.interval?.hi ?? null })),
    } : null,
  };
}

/** Classes of the UInt8 tile map (the paper's protocol); 255 = nodata (tiles outside the surveyed area). */
export const TARGET_CLASSES = [
  { value: 0, name: 'no target', color: [235, 235, 235] },
  { value: 1, name: 'target with a known deposit (confirmation)', color: [230, 120, 20] },
  { value: 2, name: 'new target (no known deposit)', color: [200, 20, 30] },
  { value: 3, name: 'known deposit not predicted', color: [40, 90, 200] },
] as const;
const NODATA_CLASS = 255;

function tileClass(t: TileResult): number {
  if (t.predicted === null) return NODATA_CLASS;
  if (t.predicted === 1) return t.label === 1 ? 1 : 2;
  return t.label === 1 ? 3 : 0;
}

function colorTable(): [number, number, number][] {
  const table: [number, number, number][] = Array.from({ length: 256 }, () => [0, 0, 0]);
  for (const c of TARGET_CLASSES) table[c.value] = [...c.color] as [number, number, number];
  table[NODATA_CLASS] = [255, 255, 255];
  return table;
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Where the export writes, and the list of every file it wrote (in order). */
class ExportDir {
  readonly files: string[] = [];
  constructor(readonly dir: string, private readonly signal?: AbortSignal) {
    mkdirSync(dir, { recursive: true });
  }

  async tiff(name: string, o: Parameters<typeof writeGeoTiff>[1]): Promise<void> {
    const f = join(this.dir, name);
    await writeGeoTiff(f, o, { signal: this.signal });
    this.files.push(f);
  }

  text(name: string, text: string): void {
    const f = join(this.dir, name);
    writeFileSync(f, text);
    this.files.push(f);
  }
}

/** The paper's protocol as maps: the tile classes (UInt8 with a colour table) and the tile probabilities. */
async function writeTileMaps(out: ExportDir, spec: GridSpec, tiles: TileResult[]): Promise<void> {
  const n = spec.width * spec.height;
  const tileProb = new Float32Array(n).fill(NaN);
  const classes = new Uint8Array(n).fill(NODATA_CLASS);
  for (const t of tiles) {
    const cls = tileClass(t);
    for (let r = t.row0; r < t.row0 + t.rows; r++) {
      for (let c = t.col0; c < t.col0 + t.cols; c++) {
        tileProb[r * spec.width + c] = t.prob ?? NaN;
        classes[r * spec.width + c] = cls;
      }
    }
  }
  await out.tiff('tile_classes.tif', {
    spec, bands: [classes], nodata: NODATA_CLASS, compress: 'deflate', colorTable: colorTable(), bandNames: ['tile class (paper protocol)'],
    metadata: Object.fromEntries(TARGET_CLASSES.map((c) => [`CLASS_${c.value}`, c.name])),
  });
  await out.tiff('tile_probability.tif', { spec, bands: [tileProb], nodata: -9999, compress: 'deflate', bandNames: ['P(ore) per tile (max of its windows)'] });
}

/** The delivered targets' maps (calibrated map or score, uncertainty, sampling support, target-area classes), when the evaluation made them. */
async function writeDeliveredMaps(out: ExportDir, p: Project, spec: GridSpec): Promise<DeliveredTargets | null> {
  const evalRun = latestRun(p, 'evaluate');
  const delivered = evalRun?.metrics?.kind === 'cv' ? evalRun.metrics.targets : null;
  if (!delivered || !evalRun) return null;
  const calibrated = loadMap(p, evalRun.id, 'calibrated');
  const uncertainty = loadMap(p, evalRun.id, 'uncertainty');
  const areaClasses = loadMap(p, evalRun.id, 'target-classes');
  const what = delivered.scoreKind === 'probability' ? `P(ore), ${delivered.calibration.method} calibration` : `score (not a probability: ${delivered.calibration.method})`;
  if (calibrated) await out.tiff(delivered.scoreKind === 'probability' ? 'probability_calibrated.tif' : 'score.tif', { spec, bands: [calibrated], nodata: -9999, compress: 'deflate', bandNames: [what] });
  // The description says whose spread it is (the deployed CNN with its folds, or a simple map's fold refits).
  if (uncertainty) {
    await out.tiff('uncertainty.tif', {
      spec, bands: [uncertainty], nodata: -9999, compress: 'deflate', bandNames: ['sd of the delivered procedure\'s fold maps'], metadata: { UNCERTAINTY: delivered.uncertainty },
    });
  }
  const support = loadMap(p, evalRun.id, 'sampling-support');
  if (support) {
    await out.tiff('sampling_support.tif', {
      spec, bands: [support], nodata: -9999, compress: 'deflate', bandNames: [`distance to the k-th nearest sample (k = ${SUPPORT_SAMPLES})`], bandUnits: ['metre'],
      metadata: { SAMPLING_SUPPORT: delivered.samplingSupport ?? `Distance in metres from each cell centre to its k-th nearest sample (k = ${SUPPORT_SAMPLES}).` },
    });
  }
  if (areaClasses) {
    await out.tiff('target_classes.tif', {
      spec, bands: [Uint8Array.from(areaClasses, (v) => (Number.isNaN(v) ? NODATA_CLASS : v))], nodata: NODATA_CLASS, compress: 'deflate', colorTable: areaColorTable(),
      bandNames: ['target area class'], metadata: Object.fromEntries(AREA_CLASSES.map((c) => [`CLASS_${c.value}`, c.name])),
    });
  }
  return delivered;
}

/** Every element grid as gridded and as z-scores, beside the maps, for a GIS user to check the inputs. */
async function writeElementMaps(out: ExportDir, p: Project, signal?: AbortSignal): Promise<void> {
  const elements = listGridElements(p);
  if (!elements.length) return;
  const dir = join(out.dir, 'grids');
  const grid = latestRun(p, 'grid')?.metrics;
  const levelling = grid && 'levelling' in grid ? grid.levelling : null;
  out.files.push(...(await writeGridTiffs(loadGridStack(p, elements, 'raw'), dir, { signal, levelling, unit: 'ppm' })));
  out.files.push(...(await writeGridTiffs(loadGridStack(p, elements, 'z'), dir, { signal, suffix: '_z', levelling })));
}

/** Every scored tile, best first (the full tiling, for a GIS join). */
function tilesCsv(tiles: TileResult[]): string {
  const ranked = tiles.filter((t) => t.prob !== null).sort((a, b) => b.prob! - a.prob! || a.number - b.number);
  const header = ['rank', 'tile', 'tile_row', 'tile_col', 'probability', 'probability_mean', 'predicted', 'known_deposits', 'class', 'xmin', 'ymin', 'xmax', 'ymax', 'area_km2'];
  const lines = [header.join(',')];
  ranked.forEach((t, i) => {
    const cls = TARGET_CLASSES.find((c) => c.value === tileClass(t))!;
    const area = ((t.extent.xmax - t.extent.xmin) * (t.extent.ymax - t.extent.ymin)) / 1e6;
    lines.push([i + 1, t.number, t.tileRow + 1, t.tileCol + 1, t.prob!.toFixed(4), t.probMean?.toFixed(4) ?? '', t.predicted, t.deposits.join(' '), cls.name,
      t.extent.xmin, t.extent.ymin, t.extent.xmax, t.extent.ymax, area.toFixed(3)].map(csvCell).join(','));
  });
  return lines.join('\n') + '\n';
}

function selectionCsv(p: Project): string | null {
  const rows = loadSelection(p);
  if (!rows.length) return null;
  return ['element,auc,se,zauc,p,ci95_lo,ci95_hi,selected,direction', ...rows.map((r) => [r.element, r.auc, r.se, r.zauc, r.p, r.ci95[0], r.ci95[1], r.selected ? 'yes' : 'no', r.direction].join(','))].join('\n') + '\n';
}

/** The deployed model as a folder any study area can be predicted with, and its card. */
async function writeModel(out: ExportDir, p: Project): Promise<void> {
  const m = latestModel(p);
  if (!m) return;
  const model = await deserializeModel({ modelJson: m.modelJson, weights: m.weights });
  const modelDir = join(out.dir, 'model');
  await saveModelFolder(model, modelDir);
  model.dispose();
  const g = loadGridSpec(p);
  out.files.push(join(modelDir, 'model.json'), join(modelDir, 'weights.bin'),
    await writeModelCard(modelDir, { ...m, ...(g ? { grid: { cellX: g.cellX, cellY: g.cellY, crs: g.crs } } : {}) }, p.path, provenance(p)));
}

/**
 * Writes what a geologist takes to a GIS and to the field: the maps (dense, calibrated, uncertainty, target-area
 * classes, the paper's tiles, every element grid and z-score), the target areas (greenfield first) as CSV and
 * GeoJSON, every tile, the selection table, the metrics, QGIS styles and a QGIS project, the HTML report and the model.
 */
export async function exportStep(ctx: StepContext): Promise<StepOutcome<'export'>> {
  const { project: p } = ctx;
  if (!ctx.outDir) throw new ProspectError('The export step needs an output folder (--out DIR).', 'BAD_ARGS', { column: '--out' });
  const prediction = loadPrediction(p);
  const pred = latestRun(p, 'predict')!;
  const { spec, tiles } = prediction;
  // Before anything is written: the folder is new, empty, this project's own earlier export, or forced.
  const claim = claimExportDir(ctx.outDir, exportOwner(p), { force: ctx.force });
  const out = new ExportDir(ctx.outDir, ctx.signal);

  await writeTileMaps(out, spec, tiles);
  const delivered = await writeDeliveredMaps(out, p, spec);
  if (prediction.dense) await out.tiff('probability.tif', { spec, bands: [prediction.dense], nodata: -9999, compress: 'deflate', bandNames: ['window score at window centres (uncalibrated)'] });
  await writeElementMaps(out, p, ctx.signal);

  out.text('tiles.csv', tilesCsv(tiles));
  const { targets } = latestPredictionTargets(p)!;
  // Target areas when the evaluation delivered them; the paper's tile targets otherwise (and always as tile_targets).
  out.text('tile_targets.csv', targetsCsv(targets));
  // targets.csv / .geojson with the verdict on every row, GPX, KML and the map sheet (field-export.ts).
  const field = await writeFieldOutputs(out, p, spec, delivered, targets, { date: new Date().toISOString().slice(0, 10), dense: prediction.dense });
  const sel = selectionCsv(p);
  if (sel) out.text('selection.csv', sel);
  out.text('metrics.json', JSON.stringify({ predict: pred.metrics, evaluate: latestRun(p, 'evaluate')?.metrics ?? null, train: latestRun(p, 'train')?.metrics ?? null }, null, 2));

  // Styles beside every map and layer, and a QGIS project that opens them all (the project file's own layers too).
  const lang = ctx.config.lang ?? 'en';
  out.files.push(...(await writeStyles(out.dir, [...out.files], lang)));
  out.files.push(await writeQgisProject(join(out.dir, `${basename(p.path).replace(/\.[^.]+$/, '')}.qgs`), {
    files: [...out.files], projectFile: p.path, lang, crs: spec.crs, title: p.getMeta('name') ?? undefined,
  }));
  // The report after the maps, so it can name them.
  out.text('report.html', buildReportHtml(collectReportData(p, { seed: ctx.config.seed })));
  await writeModel(out, p);

  const files = out.files;
  const note = claimNote(claim, files);
  files.push(writeExportManifest(claim, files));
  if (note) ctx.onProgress?.({ step: 'export', done: 1, total: 1, message: note });
  const summary: ExportResult = {
    outDir: out.dir, ...(note ? { note } : {}), targets: targets.map((t) => t.tile), newTargets: targets.filter((t) => t.kind === 'new-target').map((t) => t.tile), files,
    ...(delivered ? { targetAreas: { total: delivered.areas.length, greenfield: delivered.areas.filter((a) => a.class === 'greenfield').length, scoreKind: delivered.scoreKind } } : {}),
    field,
  };
  const runId = p.transaction(() => {
    const id = insertRun(p, { step: 'export', params: { outDir: out.dir }, metrics: summary, parentId: pred.id });
    saveExports(p, id, files);
    return id;
  });
  return { step: 'export', runIds: [runId], summary, files };
}
