// Blocked spatial cross-validation with everything fitted inside the training folds. The paper's scores come from
// tiles that hold the deposits its training windows were slid around; here each fold in turn is held out, and the
// z-scores, the element selection, the CNN and the baselines are all fitted without it, so its scores are held out.
import type { Arch, PipelineConfig } from '../config';
import { validMask, type DepositCell } from '../dataset/cells';
import { extractWindows, type Window } from '../dataset/windows';
import { applyZscore, bandStats } from '../grid/transform';
import { denseProbabilityMap } from '../prediction/dense';
import { selectElements, type ElementSelectionRow } from '../selection/select';
import { predictProbabilities } from '../training/predict';
import { trainModel } from '../training/train';
import type { EpochRecord, TrainConfig as EngineConfig } from '../training/types';
import { ProspectError, throwIfAborted, type GridStack, type TaskOptions } from '../types';
import { fitBestElement, fitLogistic, predictBestElement, predictLogistic, windowMeanFeatures } from './baselines';
import { binarize, classificationReport, rocAuc, type ConfusionMatrix } from './metrics';

/** A dataset window with the fold the dataset step gave it (-1 = dropped by the fold builder). */
export interface FoldedWindow extends Window { fold: number }

export interface BinaryScores {
  n: number;
  nPositive: number;
  nNegative: number;
  accuracy: number;
  /** null when the scored set lacks a class: the AUC is undefined there. */
  auc: number | null;
  macroF1: number;
  precision: [number, number];
  /** recall[1] is the share of ore windows found, the figure a prospector cares about most. */
  recall: [number, number];
  confusion: ConfusionMatrix;
  roc: { fpr: number; tpr: number }[];
  note?: string;
}

/** Accuracy, AUC, macro F1, confusion matrix and ROC of scores against 0/1 labels, thresholded at `threshold`. */
export function scoreBinary(labels: ArrayLike<number>, probs: ArrayLike<number>, threshold: number): BinaryScores {
  const rep = classificationReport(labels, binarize(probs, threshold));
  let nPositive = 0;
  for (let i = 0; i < labels.length; i++) nPositive += labels[i] === 1 ? 1 : 0;
  const nNegative = labels.length - nPositive;
  let auc: number | null = null;
  let roc: { fpr: number; tpr: number }[] = [];
  let note: string | undefined;
  if (nPositive > 0 && nNegative > 0) {
    const r = rocAuc(probs, labels);
    auc = r.auc;
    roc = thinRoc(r.curve.map((p) => ({ fpr: p.fpr, tpr: p.tpr })));
  } else {
    note = labels.length === 0 ? 'no windows' : `only ${nPositive ? 'ore' : 'background'} windows: AUC undefined`;
  }
  return { n: rep.n, nPositive, nNegative, accuracy: rep.accuracy, auc, macroF1: rep.macroF1, precision: rep.precision, recall: rep.recall, confusion: rep.confusion, roc, ...(note ? { note } : {}) };
}

/** Keeps stored ROC curves small: at most ~200 points, always the first and last. */
function thinRoc(c: { fpr: number; tpr: number }[]): { fpr: number; tpr: number }[] {
  if (c.length <= 200) return c;
  const step = Math.ceil(c.length / 200);
  return c.filter((_, i) => i % step === 0 || i === c.length - 1);
}

export interface FoldSelection {
  fold: number;
  /** Elements the fold's models used: those passing the ZAUC threshold on the training folds' deposits. */
  elements: string[];
  /** True when no element passed in this fold and the best ones by training ZAUC were taken instead. */
  fallback: boolean;
  trainingDeposits: string[];
  heldOutDeposits: string[];
  /** Z-score parameters fitted on the training windows' cells (in units of the stored, whole-area z-score). */
  zscore: { element: string; mean: number; sd: number }[];
  rows: Pick<ElementSelectionRow, 'element' | 'auc' | 'se' | 'zauc' | 'p' | 'selected' | 'direction' | 'nPos' | 'nNeg'>[];
}

/** One model's held-out scores on one fold, with the raw predictions so every figure can be recomputed. */
export interface FoldResult extends BinaryScores {
  fold: number;
  /** Indices into the dataset's windows (the full list, dropped ones included). */
  windows: number[];
  labels: number[];
  probs: number[];
  threshold: number;
}

export interface ModelCv {
  model: string;
  label: string;
  perFold: FoldResult[];
  /** Every held-out prediction of every fold scored together. */
  pooled: BinaryScores;
  /** Unweighted mean over folds with both classes (AUC) or with any window (accuracy, F1, recall). */
  meanOverFolds: { accuracy: number; auc: number | null; macroF1: number; recall: number };
}

export interface CnnCv extends ModelCv {
  arch: Arch;
  epochs: number;
  history: { fold: number; records: EpochRecord[] }[];
  seconds: number;
  /**
   * Per held-out deposit, the share of the surveyed area its own fold model scores at least as high as the
   * deposit's cell (dense map of that fold's model), pooled over folds: the prediction-rate curve.
   */
  predictionRate: { label: string; areaShare: number[]; depositShare: number[]; auc: number; nDeposits: number; nMissed: number; perFold: { fold: number; deposits: string[]; areaShare: number[] }[] } | null;
}

export interface CvResult {
  protocol: 'blocked-spatial-cv';
  label: string;
  k: number;
  folds: number[];
  /** Windows the fold builder dropped (they touched two folds' regions) and never scored. */
  windowsDropped: number;
  windowsScored: number;
  threshold: number;
  selections: FoldSelection[];
  cnn: CnnCv[];
  baselines: { bestElement: ModelCv & { elementPerFold: { fold: number; element: string; trainAuc: number; threshold: number }[] }; logistic: ModelCv };
  /** Folds that could not be scored or trained, and why. */
  skipped: { fold: number; reason: string }[];
}

export interface CvInput {
  /** Every grid element, z-scored with the stored (whole-area) parameters; re-fitted per fold here. */
  stack: GridStack;
  depositCells: DepositCell[];
  /** The dataset's windows in stored order, with their folds. */
  windows: FoldedWindow[];
  cropSize: number;
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

/** Marks the cells covered by the given windows (clipped to the grid). */
export function windowCover(width: number, height: number, windows: Window[]): Uint8Array {
  const m = new Uint8Array(width * height);
  for (const w of windows) {
    for (let r = Math.max(0, w.row); r < Math.min(height, w.row + w.size); r++) {
      m.fill(1, r * width + Math.max(0, w.col), r * width + Math.min(width, w.col + w.size));
    }
  }
  return m;
}

/**
 * Z-scores fitted on the training cells only. The stored band is already an affine image of the transformed value,
 * so re-standardising it with the training cells' mean and sd gives exactly the z-score a fit on those cells would.
 */
function foldZscore(stack: GridStack, trainCells: Uint8Array): { bands: Float32Array[]; params: { element: string; mean: number; sd: number }[] } {
  const params: { element: string; mean: number; sd: number }[] = [];
  const bands = stack.bands.map((b, k) => {
    const vals: number[] = [];
    for (let i = 0; i < b.length; i++) if (trainCells[i] && !Number.isNaN(b[i])) vals.push(b[i]);
    const st = bandStats(Float32Array.from(vals));
    const mean = Number.isFinite(st.mean) ? st.mean : 0;
    const sd = Number.isFinite(st.sd) && st.sd > 0 ? st.sd : 1;
    params.push({ element: stack.elements[k], mean, sd });
    return applyZscore(b, mean, sd);
  });
  return { bands, params };
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

function meanOf(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}

function summarise(model: string, label: string, perFold: FoldResult[], threshold: number): ModelCv {
  const labels = perFold.flatMap((f) => f.labels);
  const probs = perFold.flatMap((f) => f.probs);
  // Pooled thresholded metrics use each fold's own threshold: the 0/1 predictions are pooled, the scores for the AUC.
  const pooled = scoreBinary(labels, probs, threshold);
  const preds = perFold.flatMap((f) => f.probs.map((p) => (p >= f.threshold ? 1 : 0)));
  const rep = classificationReport(labels, preds);
  Object.assign(pooled, { accuracy: rep.accuracy, macroF1: rep.macroF1, precision: rep.precision, recall: rep.recall, confusion: rep.confusion });
  const scored = perFold.filter((f) => f.n > 0);
  const withAuc = scored.filter((f) => f.auc !== null);
  return {
    model, label, perFold, pooled,
    meanOverFolds: {
      accuracy: meanOf(scored.map((f) => f.accuracy)),
      auc: withAuc.length ? meanOf(withAuc.map((f) => f.auc!)) : null,
      macroF1: meanOf(scored.map((f) => f.macroF1)),
      recall: meanOf(scored.filter((f) => f.nPositive > 0).map((f) => f.recall[1])),
    },
  };
}

/** The threshold on a score that maximises balanced accuracy on the training rows (baselines give no probability). */
function bestThreshold(scores: Float64Array, labels: number[]): number {
  const order = Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a]);
  const nP = labels.filter((l) => l === 1).length;
  const nN = labels.length - nP;
  let tp = 0;
  let fp = 0;
  let best = -Infinity;
  let t = Infinity;
  for (let k = 0; k < order.length; k++) {
    if (labels[order[k]] === 1) tp++;
    else fp++;
    if (k + 1 < order.length && scores[order[k + 1]] === scores[order[k]]) continue;
    const bal = (nP ? tp / nP : 0) + (nN ? 1 - fp / nN : 0);
    if (bal > best) (best = bal), (t = scores[order[k]]);
  }
  return t;
}

/**
 * Runs the blocked spatial CV. For each fold f: z-scores fitted on the training windows' cells; element selection on
 * the training folds' deposits against every valid cell outside fold f's windows; windows re-extracted with those;
 * one CNN per architecture and both baselines fitted on the training folds; fold f's windows scored.
 */
export async function blockedSpatialCv(input: CvInput, config: PipelineConfig, opts: CvOptions = {}): Promise<CvResult> {
  const { stack, depositCells, windows } = input;
  const { width: W, height: H } = stack.spec;
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

  const selections: FoldSelection[] = [];
  const skipped: { fold: number; reason: string }[] = [];
  const cnnFolds = archs.map(() => [] as FoldResult[]);
  const histories = archs.map(() => [] as { fold: number; records: EpochRecord[] }[]);
  const seconds = archs.map(() => 0);
  const rates = archs.map(() => [] as { fold: number; deposits: string[]; areaShare: number[]; nMissed: number }[]);
  const bestFolds: FoldResult[] = [];
  const bestInfo: { fold: number; element: string; trainAuc: number; threshold: number }[] = [];
  const logitFolds: FoldResult[] = [];

  const mask = validMask(stack);
  for (const f of folds) {
    throwIfAborted(opts.signal);
    const test = windows.map((w, i) => (w.fold === f ? i : -1)).filter((i) => i >= 0);
    const train = windows.map((w, i) => (w.fold >= 0 && w.fold !== f ? i : -1)).filter((i) => i >= 0);
    const trainLabels = new Set(train.map((i) => windows[i].label));
    if (test.length === 0 || trainLabels.size < 2) {
      skipped.push({ fold: f, reason: test.length === 0 ? 'the fold holds no window' : 'the training folds lack a class' });
      done += archs.length + 1;
      continue;
    }
    progress(`fold ${f}: fitting z-scores and selection`);
    const held = windowCover(W, H, test.map((i) => windows[i]));
    const trainCells = windowCover(W, H, train.map((i) => windows[i]));
    const z = foldZscore(stack, trainCells);

    // Selection sees no cell of the held-out windows: they are nodata to it, deposits there included.
    const heldDeposits = [...new Set(test.map((i) => windows[i].depositId).filter((d): d is string => !!d))];
    const trainDepIds = new Set(train.map((i) => windows[i].depositId).filter((d): d is string => !!d));
    const trainDeps = depositCells.filter((d) => d.id !== undefined && trainDepIds.has(d.id) && !held[d.row * W + d.col]);
    if (trainDeps.length === 0) {
      skipped.push({ fold: f, reason: 'no training deposit lies outside this fold, so no element can be selected' });
      done += archs.length + 1;
      continue;
    }
    const selBands = z.bands.map((b) => {
      const o = Float32Array.from(b);
      for (let i = 0; i < o.length; i++) if (held[i]) o[i] = NaN;
      return o;
    });
    const rows = selectElements({ spec: stack.spec, elements: stack.elements, bands: selBands }, trainDeps, { threshold: config.select.threshold, twoSided: config.select.twoSided });
    for (const e of config.select.force ?? []) {
      const r = rows.find((x) => x.element === e);
      if (r) r.selected = true;
    }
    let elements = rows.filter((r) => r.selected).map((r) => r.element);
    const fallback = elements.length === 0;
    if (fallback) elements = [...rows].sort((a, b) => b.zauc - a.zauc).slice(0, opts.fallbackElements ?? 3).map((r) => r.element);
    selections.push({
      fold: f, elements, fallback, trainingDeposits: trainDeps.map((d) => d.id!), heldOutDeposits: heldDeposits, zscore: z.params,
      rows: rows.map((r) => ({ element: r.element, auc: r.auc, se: r.se, zauc: r.zauc, p: r.p, selected: r.selected, direction: r.direction, nPos: r.nPos, nNeg: r.nNeg })),
    });
    const foldStack: GridStack = { spec: stack.spec, elements: stack.elements, bands: z.bands };
    const kept = [...train, ...test];
    const keptWindows = kept.map((i) => windows[i]);
    const labels = Uint8Array.from(keptWindows, (w) => w.label);
    const trainPos = train.map((_, k) => k);
    const testPos = test.map((_, k) => train.length + k);
    const testLabels = test.map((i) => windows[i].label as number);

    // Baselines on the same split, with the fold's own z-scores and selection.
    const feats = windowMeanFeatures(foldStack, keptWindows, elements);
    const best = fitBestElement(feats, elements.length, labels, trainPos, elements);
    const bt = bestThreshold(predictBestElement(best, feats, elements.length, trainPos), trainPos.map((k) => labels[k]));
    const bScores = Array.from(predictBestElement(best, feats, elements.length, testPos));
    bestFolds.push({ fold: f, windows: test, labels: testLabels, probs: bScores, threshold: bt, ...scoreBinary(testLabels, bScores, bt) });
    bestInfo.push({ fold: f, element: best.element, trainAuc: best.trainAuc, threshold: bt });
    const logit = fitLogistic(feats, elements.length, labels, trainPos);
    const lScores = Array.from(predictLogistic(logit, feats, elements.length, testPos));
    logitFolds.push({ fold: f, windows: test, labels: testLabels, probs: lScores, threshold, ...scoreBinary(testLabels, lScores, threshold) });
    done++;
    progress(`fold ${f}: baselines done`);

    const x = extractWindows(foldStack, keptWindows, elements);
    const S = keptWindows[0].size;
    for (let a = 0; a < archs.length; a++) {
      throwIfAborted(opts.signal);
      const t = config.train;
      const engine: EngineConfig = {
        arch: archs[a], inputSize, epochs, batchSize: t.batchSize, microBatch: t.microBatch, lr: t.lr, lrStep: t.lrStep,
        momentum: t.momentum, weightDecay: t.weightDecay, classWeights: t.classWeights, seed: config.seed + f,
        augment: { flips: true, randomCrop: true }, backend: t.backend,
      };
      const t0 = performance.now();
      // The held-out fold is passed as validation only to record its loss per epoch: no early stopping, no model
      // choice, so nothing is tuned on it.
      const res = await trainModel({ x, n: kept.length, size: S, channels: elements.length, labels, trainIdx: trainPos, valIdx: testPos }, engine, {
        signal: opts.signal,
        onProgress: (p) => opts.onProgress?.({ ...p, step: 'evaluate', done, total, message: `fold ${f} ${archs[a]}: ${p.message ?? `epoch ${p.done}/${p.total}`}` }),
      });
      try {
        const xt = x.subarray(train.length * S * S * elements.length);
        const probs = Array.from(await predictProbabilities(res.model, xt, test.length, S, elements.length, { inputSize, batch: 16, signal: opts.signal }));
        cnnFolds[a].push({ fold: f, windows: test, labels: testLabels, probs, threshold, ...scoreBinary(testLabels, probs, threshold) });
        histories[a].push({ fold: f, records: res.history });
        const heldCells = depositCells.filter((d) => d.id !== undefined && heldDeposits.includes(d.id));
        if (opts.dense !== false && heldCells.length > 0) {
          const stride = Math.max(1, Math.round(S * config.predict.denseStrideFraction));
          const dense = await denseProbabilityMap(stack.spec, mask, S, stride,
            (xb, n) => predictProbabilities(res.model, xb, n, S, elements.length, { inputSize, batch: 32, signal: opts.signal }),
            (ws) => extractWindows(foldStack, ws, elements), { signal: opts.signal, batchSize: 64 });
          const perDep = areaShares(dense, W, mask, heldCells);
          rates[a].push({ fold: f, deposits: heldCells.map((d) => d.id!), areaShare: perDep, nMissed: perDep.filter((s) => Number.isNaN(s)).length });
        }
      } finally {
        res.model.dispose();
      }
      seconds[a] += (performance.now() - t0) / 1000;
      done++;
      progress(`fold ${f}: ${archs[a]} scored`, { accuracy: cnnFolds[a][cnnFolds[a].length - 1].accuracy });
    }
  }

  const cnn: CnnCv[] = archs.map((arch, a) => {
    const shares = rates[a].flatMap((r) => r.areaShare.filter((s) => !Number.isNaN(s))).sort((x, y) => x - y);
    const nDeposits = rates[a].reduce((s, r) => s + r.deposits.length, 0);
    return {
      ...summarise(`cnn:${arch}`, `CNN ${arch}, ${epochs} epochs, input ${inputSize} px, trained on the other folds`, cnnFolds[a], threshold),
      arch, epochs, history: histories[a], seconds: seconds[a],
      predictionRate: rates[a].length ? {
        label: 'Prediction-rate curve: each held-out deposit scored by the dense map of the model that never saw its fold.',
        areaShare: shares, depositShare: shares.map((_, k) => (k + 1) / nDeposits),
        auc: nDeposits ? shares.reduce((s, x) => s + 1 - x, 0) / nDeposits : NaN, nDeposits,
        nMissed: rates[a].reduce((s, r) => s + r.nMissed, 0),
        perFold: rates[a].map((r) => ({ fold: r.fold, deposits: r.deposits, areaShare: r.areaShare })),
      } : null,
    };
  });
  const dropped = windows.filter((w) => w.fold < 0).length;
  return {
    protocol: 'blocked-spatial-cv',
    label: `Blocked spatial ${allFolds.length}-fold cross-validation: each fold held out in turn; z-scores, element selection, CNN and baselines fitted on the other folds only; windows of different folds at least one window apart (${dropped} windows dropped at fold borders).`,
    k: allFolds.length, folds, windowsDropped: dropped, windowsScored: bestFolds.reduce((s, f) => s + f.n, 0), threshold,
    selections, cnn,
    baselines: {
      bestElement: { ...summarise('best-element', 'Best single element (window mean of the fold\'s selected elements, highest training AUC), thresholded at its best training balanced accuracy', bestFolds, threshold), elementPerFold: bestInfo },
      logistic: summarise('logistic', 'Logistic regression on the window means of the fold\'s selected elements, P >= threshold', logitFolds, threshold),
    },
    skipped,
  };
}
