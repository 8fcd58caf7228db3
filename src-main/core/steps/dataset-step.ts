import { validMask } from '../dataset/cells';
import { buildSpatialFolds } from '../dataset/folds';
import { sampleWindowsDetailed } from '../dataset/windows';
import type { DatasetResult, StepOutcome, StoredWindow } from '../results';
import { saveWindows } from '../store/datasets-repo';
import { projectDepositCells } from '../store/deposits-repo';
import { loadGridStack } from '../store/grids-repo';
import { insertRun } from '../store/runs-repo';
import { selectedElements } from '../store/selection-repo';
import { ProspectError } from '../types';
import type { StepContext } from './context';

/**
 * Windows slid around each deposit plus random distal negatives, grouped into blocked spatial folds so that later
 * scores can be held out. Window size is in grid cells and must fit the grid.
 */
export async function datasetStep(ctx: StepContext): Promise<StepOutcome<'dataset'>> {
  const { project: p, config } = ctx;
  const d = config.dataset;
  const { runId: selectRunId, elements } = selectedElements(p);
  const stack = loadGridStack(p, elements, 'z');
  const { spec } = stack;
  if (d.windowSize > Math.min(spec.width, spec.height)) {
    throw new ProspectError(
      `Windows of ${d.windowSize} cells do not fit the ${spec.width} x ${spec.height} grid; choose a window size of at most ${Math.min(spec.width, spec.height)} (--window).`,
      'WINDOW_TOO_LARGE', { column: 'windowSize' });
  }
  if (d.cropSize > d.windowSize) {
    throw new ProspectError(`The crop (${d.cropSize}) must not exceed the window (${d.windowSize}).`, 'BAD_OPTION', { column: 'cropSize' });
  }
  const cells = projectDepositCells(p, spec);
  const mask = validMask(stack);
  ctx.onProgress?.({ step: 'dataset', done: 0, total: 2, message: 'sampling windows' });
  const sampled = sampleWindowsDetailed(spec, mask, cells, {
    size: d.windowSize,
    nPositive: d.nPositive,
    nNegative: d.nNegative,
    slideRadius: Math.max(0, Math.floor(d.windowSize * d.slideFraction)),
    negativeMinDistance: Math.round(d.negativeMinDistanceWindows * d.windowSize),
    seed: config.seed,
  });
  ctx.onProgress?.({ step: 'dataset', done: 1, total: 2, message: 'building spatial folds' });
  const folds = buildSpatialFolds(sampled.windows, { k: d.folds, buffer: d.windowSize, seed: config.seed });
  const windows: StoredWindow[] = sampled.windows.map((w, i) => ({ ...w, fold: folds.fold[i] }));
  const kept = windows.filter((w) => w.fold >= 0);
  const summary: DatasetResult = {
    elements, windowSize: d.windowSize, cropSize: d.cropSize,
    positives: kept.filter((w) => w.label === 1).length, negatives: kept.filter((w) => w.label === 0).length,
    requested: sampled.requested, shortfall: sampled.shortfall, folds: folds.k, foldBuffer: folds.buffer,
    droppedByFolds: folds.dropped, positivesPerFold: folds.positivesPerFold, negativesPerFold: folds.negativesPerFold,
  };
  const runId = p.transaction(() => {
    const id = insertRun(p, { step: 'dataset', params: d, seed: config.seed, parentId: selectRunId, metrics: summary });
    saveWindows(p, id, windows);
    return id;
  });
  ctx.onProgress?.({ step: 'dataset', done: 2, total: 2 });
  return { step: 'dataset', runIds: [runId], summary, files: [] };
}
