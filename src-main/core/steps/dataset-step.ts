import { validMask } from '../dataset/cells';
import { buildSpatialFolds } from '../dataset/folds';
import { sampleWindowsDetailed, type Window } from '../dataset/windows';
import { loadGridStack } from '../store/grids-repo';
import { insertRun, latestRun } from '../store/runs-repo';
import { ProspectError } from '../types';
import type { StepContext, StepOutcome } from './context';
import { projectDepositCells } from './deposit-cells';
import { selectedElements } from './select-step';

export interface StoredWindow extends Window { fold: number }

/**
 * Windows slid around each deposit plus random distal negatives, grouped into blocked spatial folds so that later
 * scores can be held out. Window size is in grid cells and must fit the grid.
 */
export async function datasetStep(ctx: StepContext): Promise<StepOutcome> {
  const { project: p, config } = ctx;
  const d = config.dataset;
  const { runId: selectRunId, elements } = selectedElements(ctx);
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
  const summary = {
    elements, windowSize: d.windowSize, cropSize: d.cropSize,
    positives: kept.filter((w) => w.label === 1).length, negatives: kept.filter((w) => w.label === 0).length,
    requested: sampled.requested, shortfall: sampled.shortfall, folds: folds.k, foldBuffer: folds.buffer,
    droppedByFolds: folds.dropped, positivesPerFold: folds.positivesPerFold, negativesPerFold: folds.negativesPerFold,
  };
  const runId = p.transaction(() => {
    const id = insertRun(p, { step: 'dataset', params: d, seed: config.seed, parentId: selectRunId, metrics: summary });
    const ins = p.db.prepare('INSERT INTO windows(run_id, idx, row, col, size, label, kind, deposit_id, fold) VALUES (?,?,?,?,?,?,?,?,?)');
    windows.forEach((w, i) => ins.run(id, i, w.row, w.col, w.size, w.label, w.kind, w.depositId ?? null, w.fold));
    return id;
  });
  ctx.onProgress?.({ step: 'dataset', done: 2, total: 2 });
  return { step: 'dataset', runIds: [runId], summary, files: [] };
}

export function loadDataset(ctx: Pick<StepContext, 'project'>): { runId: number; elements: string[]; windows: StoredWindow[]; params: { windowSize: number; cropSize: number } } {
  const run = latestRun(ctx.project, 'dataset');
  if (!run) throw new ProspectError(`${ctx.project.path} has no training windows yet; run the dataset step first.`, 'NO_DATASET');
  const rows = ctx.project.db.prepare('SELECT row, col, size, label, kind, deposit_id, fold FROM windows WHERE run_id = ? ORDER BY idx').all(run.id) as
    { row: number; col: number; size: number; label: 0 | 1; kind: Window['kind']; deposit_id: string | null; fold: number }[];
  const m = run.metrics as { elements: string[] };
  const params = run.params as { windowSize: number; cropSize: number };
  return {
    runId: run.id, elements: m.elements, params,
    windows: rows.map((r) => ({ row: r.row, col: r.col, size: r.size, label: r.label, kind: r.kind, depositId: r.deposit_id ?? undefined, fold: r.fold })),
  };
}
