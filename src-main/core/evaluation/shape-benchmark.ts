// The benchmark where shape matters, without a CNN: on the evaluation's own blocked folds (same z-scores, selection,
// held-out blocks, training masks and deposits as cv.ts's map evaluation: held-blocks.ts's heldOutBlock, called with
// the same arguments, so the benchmark scores exactly the ground the evaluation scores), the evaluation's per-cell maps beside
// a pure per-cell logistic, logistic regressions on neighbourhood (disc/annulus) means, and a hand-made shape filter.
// The figures it gives on the zoned demo are the bar a CNN must clear (issue 26); scripts/zoned-baselines.ts runs it.
import type { PipelineConfig } from '../config';
import { validMask, type DepositCell } from '../dataset/cells';
import type { MapModelKind, StoredWindow } from '../results';
import { ProspectError, throwIfAborted, type GridStack, type TaskOptions } from '../types';
import { cellFeatures, cellTrainingSet, type CellFeatures } from './cell-features';
import { fitLogisticCells } from './cell-models';
import { fitFoldInputs, splitFold } from './fold-inputs';
import type { CaptureShare } from './cluster-t';
import { foldBlocks, heldOutBlock } from './held-blocks';
import { comparePairs, depositClusters, foldMapScores, score, summariseMaps, type FoldMapScore } from './map-eval';
import { fitNeighbourhoodLogistic, neighbourhoodFeatures } from './neighbourhood-features';
import { shapeFilterMap, type ShapeFilterSpec } from './shape-filter';

export interface ShapeBenchmarkSettings {
  /** Disc radius, then the annuli's outer radii, metres (converted to cells by the grid's cell size). */
  neighbourhoodRadiiM: number[];
  filter: { core: string[]; ring: string[]; centreRadiusM: number; ringInnerM: number; ringOuterM: number };
}

/**
 * Fixed before any figure was seen (issue 26): radii around the zoned recipe's ring (across-strike crest 1,100 m,
 * along-strike 2,200 m, centre low within ~500 m), and the zoned deposit model's elements.
 */
export const SHAPE_BENCHMARK_DEFAULTS: ShapeBenchmarkSettings = {
  neighbourhoodRadiiM: [500, 1200, 2400],
  filter: { core: ['Au', 'Cu'], ring: ['As', 'Sb', 'Hg', 'Bi'], centreRadiusM: 500, ringInnerM: 800, ringOuterM: 2000 },
};

export interface ShapeBenchmarkInput {
  /** Every grid element, z-scored with the stored parameters; re-fitted per fold as the evaluation does. */
  stack: GridStack;
  depositCells: DepositCell[];
  windows: StoredWindow[];
  /** The dataset's fold buffer, cells (default: the window size, as the evaluation). */
  foldBuffer?: number;
}

export interface ShapeBenchmarkRow {
  model: string;
  label: string;
  mapAuc: number | null;
  /** The evaluation's cluster-t interval of the pooled map AUC (clusters at the fold distance). */
  interval: { lo: number; hi: number } | null;
  /** Share of held-out deposits in the best 1/5/10/20% of their own block, with cluster-t intervals (map-eval.ts). */
  captureAt: Record<string, CaptureShare> | null;
  captureAt5: number | null;
  captureAt20: number | null;
  nDeposits: number;
  /** Cells scored, summed over folds: the held-out blocks' cells (the same for every model). */
  nCells: number;
}

export interface ShapeBenchmarkResult {
  folds: number[];
  skipped: { fold: number; reason: string }[];
  radiiCells: number[];
  filterCells: { centre: number; inner: number; outer: number };
  rows: ShapeBenchmarkRow[];
  /** Paired differences in map AUC on the same held-out deposits (a minus b): the evaluation's paired cluster-t interval. */
  pairs: { a: string; b: string; difference: number; lo: number; hi: number; method: 'cluster-t'; units: number; deposits: number }[];
}

const toCells = (m: number, cell: number) => Math.max(1, Math.round(m / cell));

function increasing(r: number[]): number[] {
  const out: number[] = [];
  for (const v of r) out.push(out.length && v <= out[out.length - 1] ? out[out.length - 1] + 1 : v);
  return out;
}

/** Runs every model on every fold of the dataset and pools the held-out map scores as the evaluation does. */
export function shapeBenchmark(input: ShapeBenchmarkInput, config: PipelineConfig, settings: ShapeBenchmarkSettings = SHAPE_BENCHMARK_DEFAULTS, opts: TaskOptions = {}): ShapeBenchmarkResult {
  const { stack, depositCells, windows } = input;
  const { width: W, height: H, cellX } = stack.spec;
  const folds = [...new Set(windows.map((w) => w.fold).filter((f) => f >= 0))].sort((a, b) => a - b);
  if (folds.length < 2) throw new ProspectError(`The benchmark needs windows in at least two folds; the dataset has ${folds.length}.`, 'TOO_FEW_FOLDS');
  const missing = [...settings.filter.core, ...settings.filter.ring].filter((e) => !stack.elements.includes(e));
  if (missing.length) throw new ProspectError(`The shape filter needs ${missing.join(', ')}, which the grids lack.`, 'EMPTY_SELECTION');
  const radii = increasing(settings.neighbourhoodRadiiM.map((m) => toCells(m, cellX)));
  const fc = { centre: toCells(settings.filter.centreRadiusM, cellX), inner: toCells(settings.filter.ringInnerM, cellX), outer: toCells(settings.filter.ringOuterM, cellX) };
  if (fc.outer <= fc.inner) fc.outer = fc.inner + 1;
  const buffer = input.foldBuffer ?? windows[0].size;
  const scores: FoldMapScore[] = [];
  const blocks = foldBlocks(W, H, windows);
  const skipped: { fold: number; reason: string }[] = [];

  for (const f of folds) {
    throwIfAborted(opts.signal);
    opts.onProgress?.({ step: 'benchmark', done: folds.indexOf(f), total: folds.length, message: `fold ${f}` });
    const split = splitFold(windows, f);
    const inputs = 'reason' in split ? split : fitFoldInputs(stack, depositCells, windows, split, config, { hideHeld: true });
    if ('reason' in inputs) {
      skipped.push(inputs);
      continue;
    }
    const selected = inputs.selection.elements;
    // The same held-out block, training mask and seeds as cv.ts's runFolds (the fold's whole block, not the union of
    // its windows), so the evaluation's four maps come out identical and every added model is scored on that ground.
    const mask = validMask(stack, selected);
    const { region, trainMask } = heldOutBlock({
      width: W, height: H, mask, blocks, fold: f, windows, buffer, deposits: depositCells,
      heldIds: new Set(inputs.selection.heldOutDeposits), seed: config.seed + 7 * f,
    });
    const trainIds = new Set(inputs.selection.trainingDeposits);
    const trainCells = depositCells.filter((c) => c.id !== undefined && trainIds.has(c.id));
    const seed = config.seed + f;
    scores.push(...foldMapScores({
      fold: f, region, trainMask, stack: inputs.stack, elements: selected, heldCells: inputs.heldCells, trainCells, cnnMaps: [],
      seed, radius: Math.max(1, Math.round(windows[0].size / 4)),
    }));
    const add = (model: string, label: string, map: Float32Array, fitted: string) =>
      scores.push({ model, kind: model as MapModelKind, label, score: score(f, map, region, inputs.heldCells, W, fitted) });
    const fit = (features: CellFeatures, neighbourhood: boolean) => {
      const usable = trainCells.filter((d) => trainMask[d.row * W + d.col] && features.columns.every((c) => !Number.isNaN(c[d.row * W + d.col])));
      const train = cellTrainingSet(features, trainMask, usable.map((d) => d.row * W + d.col), { seed });
      if (train.nPositive === 0 || train.nNegative === 0) return null;
      return neighbourhood ? fitNeighbourhoodLogistic(features, train) : fitLogisticCells(features, train);
    };
    const all = stack.elements;
    const pure = fit(cellFeatures(inputs.stack, selected, { radius: 0 }), false);
    if (pure) add('logistic-z', 'per-cell logistic, z at the cell only (fold\'s selection)', pure.predictMap(region), pure.label);
    const nbSel = fit(neighbourhoodFeatures(inputs.stack, selected, radii), true);
    if (nbSel) add('neighbourhood-logistic', 'logistic + disc/annulus means (fold\'s selection)', nbSel.predictMap(region), nbSel.label);
    const nbAll = fit(neighbourhoodFeatures(inputs.stack, all, radii), true);
    if (nbAll) add('neighbourhood-logistic-all', 'logistic + disc/annulus means (all elements)', nbAll.predictMap(region), nbAll.label);
    for (const variant of ['ring-and-core', 'ring-minus-centre-and-core'] as const) {
      const spec: ShapeFilterSpec = { core: settings.filter.core, ring: settings.filter.ring, centreRadius: fc.centre, ringInner: fc.inner, ringOuter: fc.outer, variant };
      add(`shape:${variant}`, `shape filter: ${variant === 'ring-and-core' ? 'min(core, ring)' : 'min(core, ring - centre)'} (hand-made, not fitted)`, shapeFilterMap(inputs.stack, spec, region), `${settings.filter.core.join('+')} / ${settings.filter.ring.join('+')}`);
    }
  }

  const depositXY = new Map(depositCells.filter((c) => c.id !== undefined).map((c) => [c.id!, [c.col, c.row] as [number, number]]));
  // The evaluation's clustering distance (cv.ts: window + fold buffer), so intervals resample the same units.
  const clusterDistance = windows[0].size + buffer;
  const models = summariseMaps(scores, depositXY, clusterDistance, config.seed);
  const rows: ShapeBenchmarkRow[] = models.map((m) => ({
    model: m.model, label: m.label, mapAuc: m.mapAuc, interval: m.interval ? { lo: m.interval.lo, hi: m.interval.hi } : null,
    captureAt: m.captureAt ?? null, captureAt5: m.captureAt?.['0.05']?.value ?? null, captureAt20: m.captureAt20,
    nDeposits: m.perFold.reduce((s, p) => s + p.placements.length, 0), nCells: m.perFold.reduce((s, p) => s + p.nCells, 0),
  }));
  const clusterOf = depositClusters(scores, depositXY, clusterDistance);
  const pairs: ShapeBenchmarkResult['pairs'] = [];
  for (const [a, b] of [['shape:ring-minus-centre-and-core', 'logistic'], ['shape:ring-and-core', 'logistic'], ['neighbourhood-logistic-all', 'logistic'], ['shape:ring-minus-centre-and-core', 'neighbourhood-logistic-all'], ['logistic', 'logistic-z']]) {
    const ma = models.find((m) => m.model === a);
    const mb = models.find((m) => m.model === b);
    if (!ma || !mb) continue;
    // comparePairs orders the pair best first; turned back to a minus b.
    const p = comparePairs([ma, mb], clusterOf)[0];
    if (!p) continue;
    const flip = p.model !== a;
    pairs.push({ a, b, difference: flip ? -p.difference : p.difference, lo: flip ? -p.hi : p.lo, hi: flip ? -p.lo : p.hi, method: p.method, units: p.units, deposits: p.deposits });
  }
  return { folds, skipped, radiiCells: radii, filterCells: fc, rows, pairs };
}
