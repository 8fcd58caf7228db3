// Blocked spatial cross-validation with everything fitted inside the training folds. The paper's scores come from
// tiles that hold the deposits its training windows were slid around; here each fold in turn is held out, and the
// z-scores, the element selection, the CNN and the baselines are all fitted without it, so its scores are held out.
// Each stage is the pipeline's own procedure (selection rule, engine configuration, dense map), so CV measures the
// procedure that is deployed.
import type { Arch, PipelineConfig } from '../config';
import { validMask, type DepositCell } from '../dataset/cells';
import { chooseValidationFold } from '../dataset/validation-fold';
import { extractWindows } from '../dataset/windows';
import { modelDenseMap } from '../prediction/model-map';
import type { CnnCv, CvResult, EpochRecord, FoldResult, MapEvaluation, MapModelEval, MapModelKind, RandomCvResult, StoredWindow } from '../results';
import { engineConfigFrom } from '../training/engine-config';
import { predictProbabilities } from '../training/predict';
import { trainModel } from '../training/train';
import { ProspectError, throwIfAborted, type GridStack, type TaskOptions } from '../types';
import { fitBestElement, fitLogistic, predictBestElement, predictLogistic, windowMeanFeatures } from './baselines';
import { bestThreshold, foldResult, summariseFolds } from './binary-scores';
import { fitFoldInputs, splitFold, type FoldInputs } from './fold-inputs';
import { crossFittedCalibration, type FoldCells } from './cell-calibration';
import { foldBlocks, heldOutBlock, type HeldBlock } from './held-blocks';
import { foldMapScores, mapEvaluation, type FoldMapInput, type FoldMapScore } from './map-eval';
import { createRng } from '../util/random';

export { scoreBinary } from './binary-scores';
export { windowCover } from './fold-inputs';

export interface CvInput {
  /** Every grid element, z-scored with the stored (whole-area) parameters; re-fitted per fold here. */
  stack: GridStack;
  depositCells: DepositCell[];
  /** The dataset's windows in stored order, with their folds. */
  windows: StoredWindow[];
  cropSize: number;
  /** Dense-map stride as a fraction of the window (the dataset's). */
  strideFraction: number;
  /** The dataset's fold buffer, cells: the simple maps learn only from cells this far from the held-out region. */
  foldBuffer?: number;
}

export interface CvOptions extends TaskOptions {
  /** Architectures compared on the same folds (the honest Table 2). Default: config.train.arch; [] = baselines only. */
  archs?: Arch[];
  /** Epochs per fold model; default config.train.epochs. */
  epochs?: number;
  /** Input side for the CNN; default the dataset's crop size (use a small one for the big archs on a CPU). */
  inputSize?: number;
  /** Only these folds (default all). */
  folds?: number[];
  /** Dense map per fold model for the prediction-rate curve (default true). */
  dense?: boolean;
  /** At most this many elements in a fold's fallback selection. Default 3. */
  fallbackElements?: number;
  /** Also run the same procedure on random folds, labelled, to show how optimistic ignoring space is. */
  randomCv?: boolean;
  /** Receives each spatial fold model's dense map (for the uncertainty of the deployed map). */
  onFoldMap?: (fold: number, arch: Arch, map: Float32Array) => void;
  /**
   * Receives each simple map model fitted on a spatial fold, as a function mapping it over the fold's valid cells (for
   * the uncertainty of a delivered simple map: the spread of its fold refits). Called only when maps are scored.
   */
  onCellFoldMap?: (fold: number, kind: Exclude<MapModelKind, 'cnn'>, map: () => Float32Array) => void;
}

/**
 * Per deposit (in the given order), the share of the valid area scoring at least as high as its cell, as rateCurve
 * counts it (ties count as above); NaN for a deposit off the mask or unscored.
 */
export function areaShares(scores: Float32Array, width: number, mask: Uint8Array, deposits: DepositCell[]): number[] {
  const v: number[] = [];
  for (let i = 0; i < scores.length; i++) if (mask[i] && !Number.isNaN(scores[i])) v.push(scores[i]);
  const sorted = Float32Array.from(v).sort();
  const N = sorted.length;
  return deposits.map((d) => {
    const i = d.row * width + d.col;
    const s = scores[i];
    if (!mask[i] || Number.isNaN(s) || N === 0) return NaN;
    let lo = 0;
    let hi = N;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < s) lo = mid + 1;
      else hi = mid;
    }
    return (N - lo) / N;
  });
}

interface FoldData {
  inputs: FoldInputs;
  /** Training windows first, then the held-out ones (the order of x). */
  kept: StoredWindow[];
  labels: Uint8Array;
  trainPos: number[];
  testPos: number[];
  testLabels: number[];
}

function foldData(windows: StoredWindow[], inputs: FoldInputs): FoldData {
  const { train, test } = inputs.split;
  const kept = [...train, ...test].map((i) => windows[i]);
  return {
    inputs, kept,
    labels: Uint8Array.from(kept, (w) => w.label),
    trainPos: train.map((_, k) => k),
    testPos: test.map((_, k) => train.length + k),
    testLabels: test.map((i) => windows[i].label as number),
  };
}

/** The two window baselines on the fold's split, with the fold's own z-scores and selection. */
function foldBaselines(d: FoldData, threshold: number) {
  const { stack, selection, split } = d.inputs;
  const elements = selection.elements;
  const feats = windowMeanFeatures(stack, d.kept, elements);
  const best = fitBestElement(feats, elements.length, d.labels, d.trainPos, elements);
  const bt = bestThreshold(predictBestElement(best, feats, elements.length, d.trainPos), d.trainPos.map((k) => d.labels[k]));
  const bScores = Array.from(predictBestElement(best, feats, elements.length, d.testPos));
  const logit = fitLogistic(feats, elements.length, d.labels, d.trainPos);
  const lScores = Array.from(predictLogistic(logit, feats, elements.length, d.testPos));
  return {
    best: foldResult(split.fold, split.test, d.testLabels, bScores, bt),
    bestInfo: { fold: split.fold, element: best.element, trainAuc: best.trainAuc, threshold: bt },
    logistic: foldResult(split.fold, split.test, d.testLabels, lScores, threshold),
  };
}

/**
 * Training and validation indices of a fold model. Early stopping (when configured) watches an inner validation fold
 * chosen among the training folds, as the train step does; without it the held-out fold is passed only to record its
 * loss per epoch: nothing is chosen on it.
 */
function innerSplit(d: FoldData, earlyStopping: boolean): { trainIdx: number[]; valIdx: number[] } {
  if (!earlyStopping) return { trainIdx: d.trainPos, valIdx: d.testPos };
  const inner = chooseValidationFold(d.trainPos.map((k) => d.kept[k]), 'auto');
  const trainIdx = d.trainPos.filter((k) => d.kept[k].fold !== inner);
  if (trainIdx.length === 0) return { trainIdx: d.trainPos, valIdx: d.testPos };
  return { trainIdx, valIdx: d.trainPos.filter((k) => d.kept[k].fold === inner) };
}

interface FoldCnn { scores: FoldResult; history: EpochRecord[]; dense: Float32Array | null; seconds: number }

/** One architecture trained on the fold's training windows, its held-out windows scored, and its dense map rated. */
async function foldCnn(d: FoldData, arch: Arch, config: PipelineConfig, o: { epochs?: number; inputSize: number; dense: boolean; threshold: number; mask: Uint8Array; strideFraction: number },
  opts: TaskOptions & { progress: (m: string, metrics?: Record<string, number>) => void }): Promise<FoldCnn> {
  const { stack, selection, split, heldCells } = d.inputs;
  const elements = selection.elements;
  const engine = engineConfigFrom(config, { arch, epochs: o.epochs, inputSize: o.inputSize, seed: config.seed + split.fold });
  const x = extractWindows(stack, d.kept, elements);
  const S = d.kept[0].size;
  const t0 = performance.now();
  const res = await trainModel({ x, n: d.kept.length, size: S, channels: elements.length, labels: d.labels, ...innerSplit(d, !!engine.earlyStopping) }, engine, {
    signal: opts.signal, onProgress: (p) => opts.progress(`fold ${split.fold} ${arch}: ${p.message ?? `epoch ${p.done}/${p.total}`}`, p.metrics),
  });
  try {
    const xt = x.subarray(split.train.length * S * S * elements.length);
    const probs = Array.from(await predictProbabilities(res.model, xt, split.test.length, S, elements.length, { inputSize: o.inputSize, batch: 16, signal: opts.signal }));
    const dense = o.dense && heldCells.length > 0
      ? await modelDenseMap({ model: res.model, stack, elements, windowSize: S, inputSize: o.inputSize, mask: o.mask, strideFraction: o.strideFraction }, { signal: opts.signal })
      : null;
    return { scores: foldResult(split.fold, split.test, d.testLabels, probs, o.threshold), history: res.history, dense, seconds: (performance.now() - t0) / 1000 };
  } finally {
    res.model.dispose();
  }
}

/** Pools each architecture's fold results into its CV record; its held-out prediction rate is the map evaluation's. */
function cnnSummary(arch: Arch, folds: FoldCnn[], epochs: number, inputSize: number, threshold: number, map: MapModelEval | undefined): CnnCv {
  const placements = map?.perFold.flatMap((f) => f.placements) ?? [];
  const shares = placements.map((p) => 1 - p).sort((x, y) => x - y);
  return {
    ...summariseFolds(`cnn:${arch}`, `CNN ${arch}, ${epochs} epochs, input ${inputSize} px, trained on the other folds`, folds.map((f) => f.scores), threshold),
    arch, epochs, history: folds.map((f) => ({ fold: f.scores.fold, records: f.history })), seconds: folds.reduce((s, f) => s + f.seconds, 0),
    predictionRate: map && map.mapAuc !== null ? {
      label: 'Prediction-rate curve (held out): each fold\'s deposits on the dense map of the model that never saw the fold, against the share of that fold\'s held-out area.',
      areaShare: shares, depositShare: shares.map((_, k) => (k + 1) / shares.length), auc: map.mapAuc, nDeposits: shares.length, nMissed: 0,
      perFold: map.perFold.map((f) => ({ fold: f.fold, deposits: f.deposits, areaShare: f.placements.map((p) => 1 - p) })),
    } : null,
  };
}

interface FoldRuns {
  skipped: { fold: number; reason: string }[];
  selections: CvResult['selections'];
  base: ReturnType<typeof foldBaselines>[];
  cnnFolds: FoldCnn[][];
  mapScores: FoldMapScore[];
  /** Per model, each fold's out-of-fold map values at its held-out block's cells (for cell-calibration.ts). */
  cellSamples: Map<string, FoldCells[]>;
}

interface RunSettings {
  archs: Arch[];
  epochs: number;
  inputSize: number;
  threshold: number;
  /** Score every model's map on each held-out region (the spatial CV; the random CV has no region to hold out). */
  maps: boolean;
  dense: boolean;
  buffer: number;
}

/** The per-fold loop shared by the spatial and the random CV: same stages, only the fold assignment differs. */
async function runFolds(input: CvInput, windows: StoredWindow[], folds: number[], config: PipelineConfig, s: RunSettings,
  opts: CvOptions, progress: (message: string, metrics?: Record<string, number>) => void, tick: () => void): Promise<FoldRuns> {
  const { stack, depositCells } = input;
  const { width: W, height: H } = stack.spec;
  const out: FoldRuns = { skipped: [], selections: [], base: [], cnnFolds: s.archs.map(() => []), mapScores: [], cellSamples: new Map() };
  let blocks: Int32Array | undefined;
  for (const f of folds) {
    throwIfAborted(opts.signal);
    progress(`fold ${f}: fitting z-scores and selection`);
    const split = splitFold(windows, f);
    const inputs = 'reason' in split ? split : fitFoldInputs(stack, depositCells, windows, split, config, { fallbackCount: opts.fallbackElements, hideHeld: s.maps });
    if ('reason' in inputs) {
      out.skipped.push(inputs);
      for (let k = 0; k <= s.archs.length; k++) tick();
      continue;
    }
    out.selections.push(inputs.selection);
    const d = foldData(windows, inputs);
    out.base.push(foldBaselines(d, s.threshold));
    tick();
    progress(`fold ${f}: baselines done`);
    // The fold's maps are defined where its own elements are: a sparse element it did not select must not shrink them.
    const mask = validMask(stack, inputs.selection.elements);
    const cnnMaps: FoldMapInput['cnnMaps'] = [];
    for (let a = 0; a < s.archs.length; a++) {
      throwIfAborted(opts.signal);
      const r = await foldCnn(d, s.archs[a], config, { epochs: s.epochs, inputSize: s.inputSize, dense: s.dense && s.maps, threshold: s.threshold, mask, strideFraction: input.strideFraction }, { signal: opts.signal, progress });
      out.cnnFolds[a].push(r);
      if (r.dense) {
        cnnMaps.push({ model: `cnn:${s.archs[a]}`, label: `CNN ${s.archs[a]}`, map: r.dense });
        opts.onFoldMap?.(f, s.archs[a], r.dense);
      }
      tick();
      progress(`fold ${f}: ${s.archs[a]} scored`, { accuracy: r.scores.accuracy });
    }
    if (s.maps) {
      progress(`fold ${f}: scoring every model's map on the held-out region`);
      // The whole held-out block (held-blocks.ts), the same cells for every model; the simple maps learn outside it.
      blocks ??= foldBlocks(W, H, windows);
      const block = heldOutBlock({
        width: W, height: H, mask, blocks, fold: f, windows, buffer: s.buffer, deposits: depositCells,
        heldIds: new Set(inputs.selection.heldOutDeposits), seed: config.seed + 7 * f,
      });
      const trainIds = new Set(inputs.selection.trainingDeposits);
      const scored = foldMapScores({
        fold: f, region: block.region, trainMask: block.trainMask, stack: inputs.stack, elements: inputs.selection.elements,
        heldCells: inputs.heldCells, trainCells: depositCells.filter((c) => c.id !== undefined && trainIds.has(c.id)), cnnMaps,
        seed: config.seed + f, radius: Math.max(1, Math.round(windows[0].size / 4)), keepMaps: true,
        onModel: opts.onCellFoldMap ? (kind, predict) => opts.onCellFoldMap!(f, kind, () => predict(mask)) : undefined,
      });
      // Every model's out-of-fold values at the block's cells, for its calibration; the maps themselves are not kept.
      collectCells(out.cellSamples, f, scored.map((m) => ({ model: m.model, label: m.label, map: m.map! })), block, inputs.heldCells, W);
      for (const m of scored) delete m.map;
      for (const m of scored) Object.assign(m.score, { blockCells: block.blockCells, sampled: block.sampled, ...(block.lostDeposits.length ? { lostDeposits: block.lostDeposits } : {}) });
      out.mapScores.push(...scored);
    }
  }
  return out;
}

/** The fold maps' values at the block's cells, deposits labelled 1, background weighted by the cells it stands for. */
function collectCells(into: Map<string, FoldCells[]>, fold: number, cnnMaps: FoldMapInput['cnnMaps'], block: HeldBlock, held: DepositCell[], W: number): void {
  const isDeposit = new Set(held.map((d) => d.row * W + d.col).filter((i) => block.region[i]));
  const bgScored = block.scoredCells - isDeposit.size;
  const backgroundWeight = bgScored > 0 ? (block.blockCells - isDeposit.size) / bgScored : 1;
  for (const c of cnnMaps) {
    const values: number[] = [];
    const labels: (0 | 1)[] = [];
    for (let i = 0; i < block.region.length; i++) {
      if (!block.region[i] || Number.isNaN(c.map[i])) continue;
      values.push(c.map[i]);
      labels.push(isDeposit.has(i) ? 1 : 0);
    }
    const list = into.get(c.model) ?? [];
    list.push({ fold, values, labels, backgroundWeight });
    into.set(c.model, list);
  }
}

/** Windows dealt to k folds at random, ignoring space: what a naive evaluation would do. */
export function randomFolds(windows: StoredWindow[], k: number, seed: number): StoredWindow[] {
  const order = createRng(seed).shuffle(windows.map((_, i) => i));
  const fold = new Int32Array(windows.length);
  order.forEach((w, r) => (fold[w] = r % k));
  return windows.map((w, i) => ({ ...w, fold: fold[i] }));
}

function windowModels(runs: FoldRuns, archs: Arch[], epochs: number, inputSize: number, threshold: number, maps?: MapEvaluation) {
  return {
    cnn: archs.map((arch, a) => cnnSummary(arch, runs.cnnFolds[a], epochs, inputSize, threshold, maps?.models.find((m) => m.model === `cnn:${arch}`))),
    baselines: {
      bestElement: { ...summariseFolds('best-element', 'Best single element (window mean of the fold\'s selected elements, highest training AUC), thresholded at its best training balanced accuracy', runs.base.map((b) => b.best), threshold), elementPerFold: runs.base.map((b) => b.bestInfo) },
      logistic: summariseFolds('logistic', 'Logistic regression on the window means of the fold\'s selected elements, P >= threshold', runs.base.map((b) => b.logistic), threshold),
    },
  };
}

/**
 * Runs the blocked spatial CV. For each fold f: z-scores fitted on the training windows' cells; element selection on
 * the training folds' deposits against every valid cell outside fold f's windows; windows re-extracted with those;
 * one CNN per architecture and the baselines fitted on the training folds; fold f's windows scored, and every model's
 * map scored on fold f's held-out region. With `randomCv`, the same procedure on random folds is run beside it.
 */
export async function blockedSpatialCv(input: CvInput, config: PipelineConfig, opts: CvOptions = {}): Promise<CvResult> {
  const { windows } = input;
  const threshold = config.predict.threshold;
  const archs = opts.archs ?? [config.train.arch];
  const epochs = opts.epochs ?? config.train.epochs;
  const inputSize = opts.inputSize ?? input.cropSize;
  const allFolds = [...new Set(windows.map((w) => w.fold).filter((f) => f >= 0))].sort((a, b) => a - b);
  if (allFolds.length < 2) {
    throw new ProspectError(`Cross-validation needs windows in at least two folds; the dataset has ${allFolds.length}. Rebuild the dataset with more folds (--folds) or more windows.`, 'TOO_FEW_FOLDS', { column: 'folds' });
  }
  const folds = opts.folds ?? allFolds;
  const randomCv = opts.randomCv === true;
  const total = (folds.length + (randomCv ? allFolds.length : 0)) * (archs.length + 1);
  let done = 0;
  const progress = (message: string, metrics?: Record<string, number>) => opts.onProgress?.({ step: 'evaluate', done, total, message, metrics });
  const tick = () => void done++;
  const settings: RunSettings = { archs, epochs, inputSize, threshold, maps: true, dense: opts.dense !== false, buffer: input.foldBuffer ?? windows[0]?.size ?? 0 };

  const runs = await runFolds(input, windows, folds, config, settings, opts, progress, tick);
  const depositXY = new Map(input.depositCells.filter((c) => c.id !== undefined).map((c) => [c.id!, [c.col, c.row] as [number, number]]));
  const map = runs.mapScores.length ? mapEvaluation(runs.mapScores, depositXY, (windows[0]?.size ?? 1) + settings.buffer, config.seed) : undefined;
  if (map && runs.cellSamples.size) map.calibrations = Object.fromEntries([...runs.cellSamples].map(([model, fs]) => [model, crossFittedCalibration(fs)]));
  const spatial = windowModels(runs, archs, epochs, inputSize, threshold, map);

  let random: RandomCvResult | null = null;
  if (randomCv) {
    const shuffled = randomFolds(windows, allFolds.length, config.seed);
    const r = await runFolds(input, shuffled, allFolds, config, { ...settings, maps: false }, opts, (m, x) => progress(`random CV ${m}`, x), tick);
    const rm = windowModels(r, archs, epochs, inputSize, threshold);
    const pair = (model: string, a: { pooled: { auc: number | null } }, b: { pooled: { auc: number | null } }) => ({ model, randomAuc: a.pooled.auc, spatialAuc: b.pooled.auc });
    random = {
      label: `Random ${allFolds.length}-fold CV (NOT spatially held out: windows dealt to folds at random, so neighbouring and overlapping windows sit on both sides): the same procedure, shown only to measure how optimistic an evaluation that ignores space would be.`,
      k: allFolds.length, cnn: rm.cnn, baselines: rm.baselines,
      rows: [...rm.cnn.map((m, a) => pair(m.model, m, spatial.cnn[a])), pair('best-element', rm.baselines.bestElement, spatial.baselines.bestElement), pair('logistic', rm.baselines.logistic, spatial.baselines.logistic)],
    };
  }

  const dropped = windows.filter((w) => w.fold < 0).length;
  return {
    protocol: 'blocked-spatial-cv',
    label: `Blocked spatial ${allFolds.length}-fold cross-validation: each fold held out in turn; z-scores, element selection, CNN and baselines fitted on the other folds only; windows of different folds kept apart by the fold buffer (${dropped} windows dropped at fold borders). Window scores are per window; map scores per cell.`,
    k: allFolds.length, folds, windowsDropped: dropped, windowsScored: runs.base.reduce((s, b) => s + b.best.n, 0), threshold,
    selections: runs.selections, ...spatial, skipped: runs.skipped, map, random,
  };
}
