import { validMask } from '../../dataset/cells';
import { buildSpatialFolds } from '../../dataset/folds';
import { resolveDataset } from '../resolve-dataset';
import { sampleWindowsDetailed } from '../../dataset/windows';
import type { DatasetResult, StepOutcome, StoredWindow } from '../../results';
import { saveWindows } from '../../store/datasets-repo';
import { projectDepositCells } from '../deposit-cells';
import { loadGridStack } from '../grid-stack';
import { insertRun, latestRun } from '../../store/runs-repo';
import { loadSamplePoints } from '../../store/samples-repo';
import { selectedElements } from '../../store/selection-repo';
import { ProspectError } from '../../types';
import type { StepContext } from './context';

/**
 * Windows slid around each deposit plus random distal negatives, grouped into blocked spatial folds so that later
 * scores can be held out. Sizes are in grid cells; every 'auto' setting is measured from the data (sample spacing,
 * anomaly scale, deposit clusters) and stored with its reason.
 */
export async function datasetStep(ctx: StepContext): Promise<StepOutcome<'dataset'>> {
  const { project: p, config } = ctx;
  const { runId: selectRunId, elements } = selectedElements(p);
  const stack = loadGridStack(p, elements, 'z');
  const { spec } = stack;
  const mask = validMask(stack);
  // A deposit on a cell no sample reaches cannot be scored on any map, and windows around it would teach the
  // network what nodata looks like: it is left out of the windows and the folds, and the result says which.
  const all = projectDepositCells(p, spec);
  const cells = all.filter((c) => mask[c.row * spec.width + c.col]);
  const offSurvey = all.filter((c) => !mask[c.row * spec.width + c.col]).map((c) => c.id ?? `${c.row},${c.col}`);
  if (cells.length === 0) {
    throw new ProspectError(`None of the ${all.length} deposits lies on a surveyed cell of ${elements.join(', ')}: widen the IDW radius (--radius) or check the deposits' coordinates.`, 'NO_DEPOSITS_ON_GRID');
  }
  ctx.onProgress?.({ step: 'dataset', done: 0, total: 3, message: 'choosing window and folds from the data' });
  // Sample spacing bounds the window from below; imported grids have no samples, their cell size stands in.
  const gridRun = latestRun(p, 'grid');
  const fromPoints = !gridRun?.params.imported;
  const pts = fromPoints ? loadSamplePoints(p) : undefined;
  const { resolved: d, defaults } = resolveDataset({ spec, mask, bands: stack.bands, elements, deposits: cells, samples: pts && pts.x.length ? { x: pts.x, y: pts.y } : undefined }, config);
  const limit = Math.min(spec.width, spec.height);
  if (d.windowSize > limit) {
    throw new ProspectError(`Windows of ${d.windowSize} cells do not fit the ${spec.width} x ${spec.height} grid; choose a window size of at most ${limit} (--window).`,
      'WINDOW_TOO_LARGE', { column: 'windowSize' });
  }
  if (d.cropSize > d.windowSize) {
    throw new ProspectError(`The crop (${d.cropSize}) must not exceed the window (${d.windowSize}).`, 'BAD_OPTION', { column: 'cropSize' });
  }
  if (d.folds < 2) {
    throw new ProspectError(`The ${cells.length} deposits form fewer than two groups far enough apart for spatial cross-validation; import more deposits or set --folds K (2 or more) to cut the group, knowing its folds will be close.`,
      'TOO_FEW_FOLDS', { column: 'folds' });
  }
  ctx.onProgress?.({ step: 'dataset', done: 1, total: 3, message: 'sampling windows' });
  const sampled = sampleWindowsDetailed(spec, mask, cells, {
    size: d.windowSize,
    nPositive: d.nPositive,
    nNegative: d.nNegative,
    slideRadius: Math.max(0, Math.floor(d.windowSize * d.slideFraction)),
    negativeMinDistance: Math.round(d.negativeMinDistanceWindows * d.windowSize),
    seed: config.seed,
  });
  ctx.onProgress?.({ step: 'dataset', done: 2, total: 3, message: 'building spatial folds' });
  const folds = buildSpatialFolds(sampled.windows, { k: d.folds, buffer: d.foldBuffer, deposits: cells, seed: config.seed });
  const windows: StoredWindow[] = sampled.windows.map((w, i) => ({ ...w, fold: folds.fold[i] }));
  const kept = windows.filter((w) => w.fold >= 0);
  const summary: DatasetResult = {
    elements, windowSize: d.windowSize, cropSize: d.cropSize,
    positives: kept.filter((w) => w.label === 1).length, negatives: kept.filter((w) => w.label === 0).length,
    requested: sampled.requested, shortfall: sampled.shortfall, folds: folds.k, foldBuffer: folds.buffer,
    droppedByFolds: folds.dropped, positivesPerFold: folds.positivesPerFold, negativesPerFold: folds.negativesPerFold,
    depositsPerFold: folds.depositsPerFold, problems: folds.problems, settings: d, evidence: defaults?.evidence,
    ...(offSurvey.length ? { depositsOffSurvey: { ids: offSurvey, reason: `${offSurvey.length} of ${all.length} deposits lie on cells with no sample within the IDW radius of every selected element (${elements.join(', ')}): they are left out of the windows and the folds, and no map can score them.` } } : {}),
  };
  const runId = p.transaction(() => {
    const id = insertRun(p, { step: 'dataset', params: { ...config.dataset, ...d }, seed: config.seed, parentId: selectRunId, metrics: summary });
    saveWindows(p, id, windows);
    return id;
  });
  ctx.onProgress?.({ step: 'dataset', done: 3, total: 3 });
  return { step: 'dataset', runIds: [runId], summary, files: [] };
}
