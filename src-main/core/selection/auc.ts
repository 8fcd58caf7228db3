// ROC AUC and its uncertainty, the statistics behind element selection (Gao et al. 2022 keep ZAUC > 2.58).
import type { AucStats } from '../result-parts';

export type { AucStats };

/** Values that are NaN are left out: a NaN is "not measured", not a score. */
function sortedFinite(values: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) n++;
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isNaN(v)) out[k++] = v;
  }
  return out.sort();
}

function countFinite(values: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) n++;
  return n;
}

/**
 * Mann-Whitney AUC = P(pos > neg) + 0.5 P(pos = neg), exact with ties. Only the smaller side is sorted; each value
 * of the larger side is placed in it by binary search (O(n log m)), which is what makes ten deposits against
 * 9.4 million background cells cheap. Pair counts stay integers (2U), so the result equals sklearn's
 * roc_auc_score to rounding. NaN values are ignored. Returns NaN when either side is empty.
 */
export function aucMannWhitney(pos: ArrayLike<number>, neg: ArrayLike<number>): number {
  const nP = countFinite(pos);
  const nN = countFinite(neg);
  if (nP === 0 || nN === 0) return NaN;
  // Similar sizes: sorting both and walking them together beats random-access binary searches.
  if (Math.min(nP, nN) * 16 > Math.max(nP, nN)) return aucSortedWalk(sortedFinite(pos), sortedFinite(neg));
  const posSmaller = nP <= nN;
  const small = sortedFinite(posSmaller ? pos : neg);
  const large = posSmaller ? neg : pos;
  const m = small.length;
  let u2 = 0; // 2 * U: pairs won count 2, ties 1
  for (let i = 0; i < large.length; i++) {
    const v = large[i];
    if (Number.isNaN(v)) continue;
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (small[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    let up = lo;
    let top = m;
    while (up < top) {
      const mid = (up + top) >> 1;
      if (small[mid] <= v) up = mid + 1;
      else top = mid;
    }
    // lo = small values below v, up - lo = equal to v
    u2 += posSmaller ? 2 * (m - up) + (up - lo) : 2 * lo + (up - lo);
  }
  return u2 / 2 / (nP * nN);
}

function aucSortedWalk(p: Float64Array, q: Float64Array): number {
  let u2 = 0;
  let j = 0;
  let i = 0;
  while (i < p.length) {
    const v = p[i];
    let iEnd = i;
    while (iEnd < p.length && p[iEnd] === v) iEnd++;
    while (j < q.length && q[j] < v) j++;
    let eq = 0;
    while (j + eq < q.length && q[j + eq] === v) eq++;
    u2 += (iEnd - i) * (2 * j + eq);
    i = iEnd;
  }
  return u2 / 2 / (p.length * q.length);
}

/** Hanley & McNeil (1982) standard error of an AUC from nPos positives and nNeg negatives. */
export function hanleyMcNeilSE(auc: number, nPos: number, nNeg: number): number {
  const a2 = auc * auc;
  const q1 = auc / (2 - auc);
  const q2 = (2 * a2) / (1 + auc);
  const v = (auc * (1 - auc) + (nPos - 1) * (q1 - a2) + (nNeg - 1) * (q2 - a2)) / (nPos * nNeg);
  return Math.sqrt(Math.max(v, 0));
}

/** Complementary error function (Numerical Recipes erfcc, relative error < 1.2e-7: ample for p-values). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Standard normal cumulative distribution. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

export const Z95 = 1.959963984540054;

/** AUC with its Hanley-McNeil SE, ZAUC, two-sided p-value and 95% interval. */
export function aucStats(pos: ArrayLike<number>, neg: ArrayLike<number>): AucStats {
  let nPos = 0;
  let nNeg = 0;
  for (let i = 0; i < pos.length; i++) if (!Number.isNaN(pos[i])) nPos++;
  for (let i = 0; i < neg.length; i++) if (!Number.isNaN(neg[i])) nNeg++;
  const auc = aucMannWhitney(pos, neg);
  return statsFromAuc(auc, nPos, nNeg);
}

/**
 * SE of the AUC under the null hypothesis AUC = 0.5 (no ties): sqrt((nPos + nNeg + 1) / (12 nPos nNeg)), the
 * Mann-Whitney U variance nPos nNeg (nPos + nNeg + 1) / 12 divided by (nPos nNeg)^2. NaN when a side is empty.
 */
export function nullSE(nPos: number, nNeg: number): number {
  if (!(nPos > 0 && nNeg > 0)) return NaN;
  return Math.sqrt((nPos + nNeg + 1) / (12 * nPos * nNeg));
}

/**
 * The largest null z any element can reach with nPos deposit cells: a perfect AUC of 1 over nullSE. About
 * sqrt(3 nPos) when the background is large: 1.73, 2.45, 3.00, 3.46, 3.87 for 1..5 deposits.
 */
export function maxNullZ(nPos: number, nNeg: number): number {
  return 0.5 / nullSE(nPos, nNeg);
}

/** Two-sided normal p-value of a z statistic (0 for an infinite z, NaN for NaN). */
export function twoSidedP(z: number): number {
  if (Number.isNaN(z)) return NaN;
  return Number.isFinite(z) ? Math.min(1, 2 * (1 - normalCdf(Math.abs(z)))) : 0;
}

export function statsFromAuc(auc: number, nPos: number, nNeg: number): AucStats {
  const se = hanleyMcNeilSE(auc, nPos, nNeg);
  // SE is 0 only for a perfect separation (AUC 0 or 1): report an infinite z rather than NaN.
  const zauc = se > 0 ? (auc - 0.5) / se : auc === 0.5 ? 0 : Math.sign(auc - 0.5) * Infinity;
  const p = twoSidedP(zauc);
  const zaucNull = (auc - 0.5) / nullSE(nPos, nNeg);
  const lo = Math.max(0, auc - Z95 * se);
  const hi = Math.min(1, auc + Z95 * se);
  return { auc, se, zauc, p, zaucNull, pNull: twoSidedP(zaucNull), ci95: [lo, hi], nPos, nNeg };
}

export interface RocPoint {
  /** Scores >= threshold are called positive. The first point has threshold +Infinity (nothing called). */
  threshold: number;
  fpr: number;
  tpr: number;
}

/**
 * ROC curve with one point per distinct score (like sklearn's roc_curve with drop_intermediate=False),
 * from (0, 0) to (1, 1). Entries whose score is NaN are ignored. labels: 1 = positive, else negative.
 */
export function rocCurve(scores: ArrayLike<number>, labels: ArrayLike<number>): RocPoint[] {
  if (scores.length !== labels.length) {
    throw new RangeError(`rocCurve: ${scores.length} scores but ${labels.length} labels`);
  }
  const idx: number[] = [];
  for (let i = 0; i < scores.length; i++) if (!Number.isNaN(scores[i])) idx.push(i);
  idx.sort((a, b) => scores[b] - scores[a]);
  let nPos = 0;
  for (const i of idx) if (labels[i] === 1) nPos++;
  const nNeg = idx.length - nPos;
  const pts: RocPoint[] = [{ threshold: Infinity, fpr: 0, tpr: 0 }];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < idx.length; k++) {
    if (labels[idx[k]] === 1) tp++;
    else fp++;
    if (k === idx.length - 1 || scores[idx[k + 1]] !== scores[idx[k]]) {
      pts.push({ threshold: scores[idx[k]], fpr: nNeg ? fp / nNeg : NaN, tpr: nPos ? tp / nPos : NaN });
    }
  }
  return pts;
}

/** Trapezoidal area under ROC points (equals the Mann-Whitney AUC for a full curve). */
export function areaUnderRoc(points: RocPoint[]): number {
  let a = 0;
  for (let i = 1; i < points.length; i++) {
    a += ((points[i].fpr - points[i - 1].fpr) * (points[i].tpr + points[i - 1].tpr)) / 2;
  }
  return a;
}

/** AUC of scores against 0/1 labels (NaN scores ignored). */
export function aucFromLabels(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    if (Number.isNaN(scores[i])) continue;
    (labels[i] === 1 ? pos : neg).push(scores[i]);
  }
  return aucMannWhitney(pos, neg);
}
