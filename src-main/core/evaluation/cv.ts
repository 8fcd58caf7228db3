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
import type { CnnCv, CvResult, EpochRecord, FoldResult, StoredWindow } from '../results';
import { engineConfigFrom } from '../training/engine-config';
import { predictProbabilities } from '../training/predict';
import { trainModel } from '../training/train';
import { ProspectError, throwIfAborted, type GridStack, type TaskOptions } from '../types';
import { fitBestElement, fitLogistic, predictBestElement, predictLogistic, windowMeanFeatures } from './baselines';
import { bestThreshold, foldResult, summariseFolds } from './binary-scores';
import { fitFoldInputs, splitFold, type FoldInputs } from './fold-inputs';

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

interface FoldCnn { scores: FoldResult; history: EpochRecord[]; rate: { fold: number; deposits: string[]; areaShare: number[]; nMissed: number } | null; seconds: number }

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
    let rate: FoldCnn['rate'] = null;
    if (o.dense && heldCells.length > 0) {
      const dense = await modelDenseMap({ model: res.model, stack, elements, windowSize: S, inputSize: o.inputSize, mask: o.mask, strideFraction: o.strideFraction },
        { signal: opts.signal });
      const perDep = areaShares(dense, stack.spec.width, o.mask, heldCells);
      rate = { fold: split.fold, deposits: heldCells.map((c) => c.id!), areaShare: perDep, nMissed: perDep.filter((s) => Number.isNaN(s)).length };
    }
    return { scores: foldResult(split.fold, split.test, d.testLabels, probs, o.threshold), history: res.history, rate, seconds: (performance.now() - t0) / 1000 };
  } finally {
    res.model.dispose();
  }
}

/** Pools each architecture's fold results into its CV record with the held-out prediction-rate curve. */
function cnnSummary(arch: Arch, folds: FoldCnn[], epochs: number, inputSize: number, threshold: number): CnnCv {
  const rates = folds.map((f) => f.rate).filter((r): r is NonNullable<FoldCnn['rate']> => r !== null);
  const shares = rates.flatMap((r) => r.areaShare.filter((s) => !Number.isNaN(s))).sort((x, y) => x - y);
  const nDeposits = rates.reduce((s, r) => s + r.deposits.length, 0);
  return {
    ...summariseFolds(`cnn:${arch}`, `CNN ${arch}, ${epochs} epochs, input ${inputSize} px, trained on the other folds`, folds.map((f) => f.scores), threshold),
    arch, epochs, history: folds.map((f) => ({ fold: f.scores.fold, records: f.history })), seconds: folds.reduce((s, f) => s + f.seconds, 0),
    predictionRate: rates.length ? {
      label: 'Prediction-rate curve: each held-out deposit scored by the dense map of the model that never saw its fold.',
      areaShare: shares, depositShare: shares.map((_, k) => (k + 1) / nDeposits),
      auc: nDeposits ? shares.reduce((s, x) => s + 1 - x, 0) / nDeposits : NaN, nDeposits,
      nMissed: rates.reduce((s, r) => s + r.nMissed, 0),
      perFold: rates.map((r) => ({ fold: r.fold, deposits: r.deposits, areaShare: r.areaShare })),
    } : null,
  };
}

/**
 * Runs the blocked spatial CV. For each fold f: z-scores fitted on the training windows' cells; element selection on
 * the training folds' deposits against every valid cell outside fold f's windows; windows re-extracted with those;
 * one CNN per architecture and both baselines fitted on the training folds; fold f's windows scored.
 */
export async function blockedSpatialCv(input: CvInput, config: PipelineConfig, opts: CvOptions = {}): Promise<CvResult> {
  const { stack, depositCells, windows } = input;
  const threshold = config.predict.threshold;
  const archs = opts.archs ?? [config.train.arch];
  const epochs = opts.epochs ?? config.train.epochs;
  const inputSize = opts.inputSize ?? input.cropSize;
  const allFolds = [...new Set(windows.map((w) => w.fold).filter((f) => f >= 0))].sort((a, b) => a - b);
  if (allFolds.length < 2) {
    throw new ProspectError(`Cross-validation needs windows in at least two folds; the dataset has ${allFolds.length}. Rebuild the dataset with more folds (--folds) or more windows.`, 'TOO_FEW_FOLDS', { column: 'folds' });
  }
  const folds = opts.folds ?? allFolds;
  const total = folds.length * (archs.length + 1);
  let done = 0;
  const progress = (message: string, metrics?: Record<string, number>) => opts.onProgress?.({ step: 'evaluate', done, total, message, metrics });
  const mask = validMask(stack);

  const skipped: { fold: number; reason: string }[] = [];
  const selections: CvResult['selections'] = [];
  const base: ReturnType<typeof foldBaselines>[] = [];
  const cnnFolds = archs.map(() => [] as FoldCnn[]);
  for (const f of folds) {
    throwIfAborted(opts.signal);
    progress(`fold ${f}: fitting z-scores and selection`);
    const split = splitFold(windows, f);
    const inputs = 'reason' in split ? split : fitFoldInputs(stack, depositCells, windows, split, config, opts.fallbackElements);
    if ('reason' in inputs) {
      skipped.push(inputs);
      done += archs.length + 1;
      continue;
    }
    selections.push(inputs.selection);
    const d = foldData(windows, inputs);
    base.push(foldBaselines(d, threshold));
    done++;
    progress(`fold ${f}: baselines done`);
    for (let a = 0; a < archs.length; a++) {
      throwIfAborted(opts.signal);
      const r = await foldCnn(d, archs[a], config, { epochs, inputSize, dense: opts.dense !== false, threshold, mask, strideFraction: input.strideFraction }, { signal: opts.signal, progress });
      cnnFolds[a].push(r);
      done++;
      progress(`fold ${f}: ${archs[a]} scored`, { accuracy: r.scores.accuracy });
    }
  }

  const dropped = windows.filter((w) => w.fold < 0).length;
  return {
    protocol: 'blocked-spatial-cv',
    label: `Blocked spatial ${allFolds.length}-fold cross-validation: each fold held out in turn; z-scores, element selection, CNN and baselines fitted on the other folds only; windows of different folds at least one window apart (${dropped} windows dropped at fold borders).`,
    k: allFolds.length, folds, windowsDropped: dropped, windowsScored: base.reduce((s, b) => s + b.best.n, 0), threshold,
    selections,
    cnn: archs.map((arch, a) => cnnSummary(arch, cnnFolds[a], epochs, inputSize, threshold)),
    baselines: {
      bestElement: { ...summariseFolds('best-element', 'Best single element (window mean of the fold\'s selected elements, highest training AUC), thresholded at its best training balanced accuracy', base.map((b) => b.best), threshold), elementPerFold: base.map((b) => b.bestInfo) },
      logistic: summariseFolds('logistic', 'Logistic regression on the window means of the fold\'s selected elements, P >= threshold', base.map((b) => b.logistic), threshold),
    },
    skipped,
  };
}
