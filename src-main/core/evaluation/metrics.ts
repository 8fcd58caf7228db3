// Scores of a prediction: classification metrics on windows or tiles, and area-based curves on maps.
import { ProspectError } from '../types';
import { aucFromLabels, rocCurve, type RocPoint } from '../selection/auc';
import type { DepositCell } from '../dataset/cells';
import type { ConfusionMatrix, RateCurve, PaIntersection } from '../result-parts';

export type { ConfusionMatrix, RateCurve, PaIntersection };

function checkLengths(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  if (a.length !== b.length) throw new ProspectError(`${what}: ${a.length} true labels but ${b.length} predictions.`, 'LENGTH_MISMATCH');
}

export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): ConfusionMatrix {
  checkLengths(yTrue, yPred, 'confusionMatrix');
  const m: ConfusionMatrix = [
    [0, 0],
    [0, 0],
  ];
  for (let i = 0; i < yTrue.length; i++) m[yTrue[i] === 1 ? 1 : 0][yPred[i] === 1 ? 1 : 0]++;
  return m;
}

export interface ClassificationReport {
  accuracy: number;
  /** Index 0: class 0 (background), 1: class 1 (ore). A class never predicted has precision 0 (sklearn's zero_division=0). */
  precision: [number, number];
  recall: [number, number];
  f1: [number, number];
  macroF1: number;
  confusion: ConfusionMatrix;
  n: number;
}

export function classificationReport(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): ClassificationReport {
  const m = confusionMatrix(yTrue, yPred);
  const [[tn, fp], [fn, tp]] = m;
  const n = tn + fp + fn + tp;
  const div = (a: number, b: number): number => (b > 0 ? a / b : 0);
  const precision: [number, number] = [div(tn, tn + fn), div(tp, tp + fp)];
  const recall: [number, number] = [div(tn, tn + fp), div(tp, tp + fn)];
  const f1: [number, number] = [0, 1].map((c) => div(2 * precision[c] * recall[c], precision[c] + recall[c])) as [number, number];
  return { accuracy: div(tn + tp, n), precision, recall, f1, macroF1: (f1[0] + f1[1]) / 2, confusion: m, n };
}

/** 0/1 predictions from probabilities: >= threshold is class 1. */
export function binarize(scores: ArrayLike<number>, threshold = 0.5): Uint8Array {
  return Uint8Array.from(scores as ArrayLike<number>, (s) => (s >= threshold ? 1 : 0));
}

/** ROC curve and AUC of probabilities against 0/1 labels. */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): { auc: number; curve: RocPoint[] } {
  checkLengths(labels, scores, 'rocAuc');
  return { auc: aucFromLabels(scores, labels), curve: rocCurve(scores, labels) };
}

/** Valid scores (mask 1 and not NaN), sorted ascending. */
function sortedValid(scores: ArrayLike<number>, mask: Uint8Array | null): Float32Array {
  const v: number[] = [];
  for (let i = 0; i < scores.length; i++) if ((!mask || mask[i]) && !Number.isNaN(scores[i])) v.push(scores[i]);
  return Float32Array.from(v).sort();
}

/** First index in ascending `a` whose value is >= x. */
export function lowerBound(a: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Success-rate curve (training deposits) or prediction-rate curve (held-out deposits): cells within the mask
 * sorted by score, best first; for each deposit, the share of that area scoring at least as high as its cell.
 * Cells tied with a deposit's score count as above it (the conservative reading).
 */
export function rateCurve(scores: ArrayLike<number>, width: number, mask: Uint8Array | null, deposits: DepositCell[]): RateCurve {
  const sorted = sortedValid(scores, mask);
  const N = sorted.length;
  const shares: number[] = [];
  let missed = 0;
  for (const d of deposits) {
    const i = d.row * width + d.col;
    const s = scores[i];
    if (Number.isNaN(s) || (mask && !mask[i]) || s === undefined) {
      missed++;
      continue;
    }
    const above = N - lowerBound(sorted, Math.fround(s));
    shares.push(above / N);
  }
  shares.sort((a, b) => a - b);
  const n = deposits.length;
  let auc = 0;
  for (const a of shares) auc += 1 - a;
  return {
    areaShare: shares,
    depositShare: shares.map((_, k) => (k + 1) / n),
    auc: n ? auc / n : NaN,
    nDeposits: n,
    nMissed: missed,
    nCells: N,
  };
}

export const successRateCurve = rateCurve;
/** The same curve for deposits held out of training (e.g. the test fold's deposits). */
export const predictionRateCurve = rateCurve;

/**
 * P-A plot (Yousefi & Carranza): prediction rate P(t) falls and the area share outside the target, 1 - A(t),
 * rises with the threshold t; they cross where a map captures P of the deposits in a share 1 - P of the area.
 * The threshold is searched over the scores of the valid cells; the reported point is the last t with P >= 1 - A.
 */
export function paIntersection(scores: ArrayLike<number>, width: number, mask: Uint8Array | null, deposits: DepositCell[]): PaIntersection {
  const sorted = sortedValid(scores, mask);
  const N = sorted.length;
  if (N === 0 || deposits.length === 0) throw new ProspectError('The P-A plot needs scored cells and at least one deposit.', 'NO_DATA');
  const depScores = deposits.map((d) => {
    const i = d.row * width + d.col;
    return (mask && !mask[i]) || Number.isNaN(scores[i]) ? -Infinity : Math.fround(scores[i]);
  });
  const at = (t: number): PaIntersection => ({
    threshold: t,
    predictionRate: depScores.filter((s) => s >= t).length / deposits.length,
    areaShare: (N - lowerBound(sorted, t)) / N,
  });
  // f(t) = P(t) - (1 - A(t)) is non-increasing in t: binary search over the sorted cell scores.
  let lo = 0;
  let hi = N - 1;
  const f = (k: number): number => {
    const p = at(sorted[k]);
    return p.predictionRate - (1 - p.areaShare);
  };
  if (f(0) < 0) return at(sorted[0]);
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (f(mid) >= 0) lo = mid;
    else hi = mid - 1;
  }
  return at(sorted[lo]);
}

/**
 * The score threshold that marks the best `areaShare` of the surveyed area as target (e.g. 0.1 = top 10%):
 * the smallest score t such that cells >= t cover no more than that share (ties may make it less).
 */
export function thresholdAt(scores: ArrayLike<number>, mask: Uint8Array | null, areaShare: number): number {
  if (!(areaShare > 0 && areaShare <= 1)) throw new ProspectError(`thresholdAt: areaShare must be in (0, 1], got ${areaShare}.`, 'BAD_OPTION');
  const sorted = sortedValid(scores, mask);
  const N = sorted.length;
  if (N === 0) return NaN;
  const keep = Math.max(1, Math.floor(areaShare * N));
  const t = sorted[N - keep];
  if (N - lowerBound(sorted, t) <= keep) return t;
  // Ties at t would take more than the share: move up to the next distinct score.
  let k = N - keep;
  while (k < N && sorted[k] === t) k++;
  return k < N ? sorted[k] : Infinity;
}
