// Window-level scores: accuracy, AUC, macro F1, confusion matrix and ROC of scores against 0/1 labels, per fold and
// pooled. The unit is a window, not a map cell: the map-level figures are in map-rate.ts.
import type { BinaryScores, FoldResult, ModelCv } from './result-types';
import { binarize, classificationReport, rocAuc } from './metrics';

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

function meanOf(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}

/** One fold's held-out window scores with the raw predictions kept. */
export function foldResult(fold: number, windows: number[], labels: number[], probs: number[], threshold: number): FoldResult {
  return { fold, windows, labels, probs, threshold, ...scoreBinary(labels, probs, threshold) };
}

/**
 * Per-fold and pooled window scores of one model. The pooled AUC is given only when every scored fold holds both
 * classes: folds without one cannot be compared, and pooling over them mixes scales fitted on different data.
 */
export function summariseFolds(model: string, label: string, perFold: FoldResult[], threshold: number): ModelCv {
  const labels = perFold.flatMap((f) => f.labels);
  const probs = perFold.flatMap((f) => f.probs);
  // Pooled thresholded metrics use each fold's own threshold: the 0/1 predictions are pooled, the scores for the AUC.
  const pooled = scoreBinary(labels, probs, threshold);
  const preds = perFold.flatMap((f) => f.probs.map((p) => (p >= f.threshold ? 1 : 0)));
  const rep = classificationReport(labels, preds);
  Object.assign(pooled, { accuracy: rep.accuracy, macroF1: rep.macroF1, precision: rep.precision, recall: rep.recall, confusion: rep.confusion });
  const scored = perFold.filter((f) => f.n > 0);
  const withAuc = scored.filter((f) => f.auc !== null);
  if (withAuc.length < scored.length && pooled.auc !== null) {
    pooled.auc = null;
    pooled.note = `pooled AUC undefined: ${scored.length - withAuc.length} of ${scored.length} folds lack a class`;
  }
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
export function bestThreshold(scores: Float64Array, labels: number[]): number {
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
