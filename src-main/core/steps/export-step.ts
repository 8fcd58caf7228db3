import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { writeQgisProject } from '../gis/qgs';
import { writeStyles } from '../gis/write-styles';
import { writeGeoTiff } from '../grid/geotiff-write';
import { targetsCsv, targetsGeoJson } from '../evaluation/targets';
import { collectReportData, projectTargets } from '../report/collect';
import { buildReportHtml } from '../report/html';
import { targetAreasCsv, targetAreasGeoJson } from '../evaluation/target-files';
import type { AnyEvaluateResult, ExportResult, StepOutcome, TileResult, TrainResult } from '../results';
import type { DeliveredTargets } from '../targets-types';
import { loadGridSpec } from '../store/grids-repo';
import { latestWindows } from '../store/datasets-repo';
import { saveExports } from '../store/exports-repo';
import { latestModel } from '../store/models-repo';
import { loadMap, loadPrediction } from '../store/predictions-repo';
import { insertRun, latestRun } from '../store/runs-repo';
import { loadSelection } from '../store/selection-repo';
import { deserializeModel, saveModelFolder } from '../training/model-io';
import { ProspectError } from '../types';
import type { StepContext } from './context';
import { writeModelCard, type ModelProvenance } from './model-card';

/** Classes of the UInt8 target-area map; 255 = nodata. */
export const AREA_CLASSES = [
  { value: 0, name: 'no target', color: [235, 235, 235] },
  { value: 1, name: 'known (holds a deposit)', color: [40, 90, 200] },
  { value: 2, name: 'extension (within one window of a known deposit)', color: [230, 120, 20] },
  { value: 3, name: 'greenfield', color: [200, 20, 30] },
] as const;

function areaColorTable(): [number, number, number][] {
  const table: [number, number, number][] = Array.from({ length: 256 }, () => [0, 0, 0]);
  for (const c of AREA_CLASSES) table[c.value] = [...c.color] as [number, number, number];
  table[NODATA_CLASS] = [255, 255, 255];
  return table;
}

/** How the deployed model was trained and validated, for its card. */
function provenance(p: StepContext['project']): ModelProvenance {
  const train = latestRun(p, 'train');
  const tm = train?.metrics as TrainResult | null;
  const ev = latestRun(p, 'evaluate');
  const em = ev?.metrics as AnyEvaluateResult | null;
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

/**
 * Writes what a geologist takes to a GIS and to the field: the probability map (Float32), the tile probability map,
 * the target class map (UInt8 with a colour table), every tile (tiles.csv), the ranked targets with their driving
 * elements as CSV and GeoJSON, the selection table, the metrics, a self-contained HTML report and the trained model.
 */
export async function exportStep(ctx: StepContext): Promise<StepOutcome<'export'>> {
  const { project: p } = ctx;
  if (!ctx.outDir) throw new ProspectError('The export step needs an output folder (--out DIR).', 'BAD_ARGS', { column: '--out' });
  const prediction = loadPrediction(p);
  const pred = latestRun(p, 'predict')!;
  const { spec, tiles } = prediction;
  const dir = ctx.outDir;
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
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
  const write = async (name: string, o: Parameters<typeof writeGeoTiff>[1]) => {
    const f = join(dir, name);
    await writeGeoTiff(f, o, { signal: ctx.signal });
    files.push(f);
  };
  await write('tile_classes.tif', {
    spec, bands: [classes], nodata: NODATA_CLASS, compress: 'deflate', colorTable: colorTable(), bandNames: ['tile class (paper protocol)'],
    metadata: Object.fromEntries(TARGET_CLASSES.map((c) => [`CLASS_${c.value}`, c.name])),
  });
  // The delivered targets (calibrated map, uncertainty, classed target areas) from the evaluate run, when there is one.
  const evalRun = latestRun(p, 'evaluate');
  const delivered = evalRun && 'targets' in (evalRun.metrics as object) ? (evalRun.metrics as { targets: DeliveredTargets | null }).targets : null;
  if (delivered && evalRun) {
    const calibrated = loadMap(p, evalRun.id, 'calibrated');
    const uncertainty = loadMap(p, evalRun.id, 'uncertainty');
    const areaClasses = loadMap(p, evalRun.id, 'target-classes');
    const what = delivered.scoreKind === 'probability' ? `P(ore), ${delivered.calibration.method} calibration` : `score (not a probability: ${delivered.calibration.method})`;
    if (calibrated) await write(delivered.scoreKind === 'probability' ? 'probability_calibrated.tif' : 'score.tif', { spec, bands: [calibrated], nodata: -9999, compress: 'deflate', bandNames: [what] });
    if (uncertainty) await write('uncertainty.tif', { spec, bands: [uncertainty], nodata: -9999, compress: 'deflate', bandNames: ['sd of the deployed and fold models\' maps'] });
    if (areaClasses) {
      const cls = Uint8Array.from(areaClasses, (v) => (Number.isNaN(v) ? NODATA_CLASS : v));
      await write('target_classes.tif', {
        spec, bands: [cls], nodata: NODATA_CLASS, compress: 'deflate', colorTable: areaColorTable(), bandNames: ['target area class'],
        metadata: Object.fromEntries(AREA_CLASSES.map((c) => [`CLASS_${c.value}`, c.name])),
      });
    }
  }
  await write('tile_probability.tif', { spec, bands: [tileProb], nodata: -9999, compress: 'deflate', bandNames: ['P(ore) per tile'] });
  if (prediction.dense) {
    await write('probability.tif', { spec, bands: [prediction.dense], nodata: -9999, compress: 'deflate', bandNames: ['P(ore), sliding windows'] });
  }

  // Every scored tile, best first (the full tiling, for a GIS join), and the targets ranked with their drivers.
  const ranked = tiles.filter((t) => t.prob !== null).sort((a, b) => b.prob! - a.prob! || a.number - b.number);
  const header = ['rank', 'tile', 'tile_row', 'tile_col', 'probability', 'predicted', 'known_deposits', 'class', 'xmin', 'ymin', 'xmax', 'ymax', 'area_km2'];
  const lines = [header.join(',')];
  ranked.forEach((t, i) => {
    const cls = TARGET_CLASSES.find((c) => c.value === tileClass(t))!;
    const area = ((t.extent.xmax - t.extent.xmin) * (t.extent.ymax - t.extent.ymin)) / 1e6;
    lines.push([i + 1, t.number, t.tileRow + 1, t.tileCol + 1, t.prob!.toFixed(4), t.predicted, t.deposits.join(' '), cls.name,
      t.extent.xmin, t.extent.ymin, t.extent.xmax, t.extent.ymax, area.toFixed(3)].map(csvCell).join(','));
  });
  const writeText = (name: string, text: string) => {
    const f = join(dir, name);
    writeFileSync(f, text);
    files.push(f);
  };
  writeText('tiles.csv', lines.join('\n') + '\n');
  const threshold = (pred.params as { threshold?: number } | null)?.threshold ?? ctx.config.predict.threshold;
  const { targets } = projectTargets(p, threshold);
  // Target areas when the evaluation delivered them; the paper's tile targets otherwise (and always as tile_targets).
  writeText('tile_targets.csv', targetsCsv(targets));
  if (delivered) {
    writeText('targets.csv', targetAreasCsv(delivered));
    writeText('targets.geojson', JSON.stringify(targetAreasGeoJson(delivered, spec.crs)));
  } else {
    writeText('targets.csv', targetsCsv(targets));
    writeText('targets.geojson', JSON.stringify(targetsGeoJson(targets, spec.crs)));
  }

  const srows = loadSelection(p);
  if (srows.length) {
    const f = join(dir, 'selection.csv');
    writeFileSync(f, ['element,auc,se,zauc,p,ci95_lo,ci95_hi,selected,direction', ...srows.map((r) => [r.element, r.auc, r.se, r.zauc, r.p, r.ci95[0], r.ci95[1], r.selected ? 'yes' : 'no', r.direction].join(','))].join('\n') + '\n');
    files.push(f);
  }
  const metricsFile = join(dir, 'metrics.json');
  writeFileSync(metricsFile, JSON.stringify({ predict: pred.metrics, evaluate: evalRun?.metrics ?? null, train: latestRun(p, 'train')?.metrics ?? null }, null, 2));
  files.push(metricsFile);

  // Styles beside every map and layer, and a QGIS project that opens them all (the project file's own layers too).
  files.push(...(await writeStyles(dir, [...files], ctx.config.lang ?? 'en')));
  files.push(await writeQgisProject(join(dir, `${basename(p.path).replace(/\.[^.]+$/, '')}.qgs`), {
    files: [...files], projectFile: p.path, lang: ctx.config.lang ?? 'en', crs: spec.crs, title: p.getMeta('name') ?? undefined,
  }));

  // The report last, so it can name every file above.
  const html = buildReportHtml(collectReportData(p, { threshold, seed: ctx.config.seed }));
  writeText('report.html', html);

  const m = latestModel(p);
  if (m) {
    const model = await deserializeModel({ modelJson: m.modelJson, weights: m.weights });
    const modelDir = join(dir, 'model');
    await saveModelFolder(model, modelDir);
    model.dispose();
    const g = loadGridSpec(p);
    files.push(join(modelDir, 'model.json'), join(modelDir, 'weights.bin'),
      await writeModelCard(modelDir, { ...m, ...(g ? { grid: { cellX: g.cellX, cellY: g.cellY, crs: g.crs } } : {}) }, p.path, provenance(p)));
  }
  const summary: ExportResult = {
    outDir: dir, targets: targets.map((t) => t.tile), newTargets: targets.filter((t) => t.kind === 'new-target').map((t) => t.tile), files,
    ...(delivered ? { targetAreas: { total: delivered.areas.length, greenfield: delivered.areas.filter((a) => a.class === 'greenfield').length, scoreKind: delivered.scoreKind } } : {}),
  };
  const runId = p.transaction(() => {
    const id = insertRun(p, { step: 'export', params: { outDir: dir }, metrics: summary, parentId: pred.id });
    saveExports(p, id, files);
    return id;
  });
  return { step: 'export', runIds: [runId], summary, files };
}
