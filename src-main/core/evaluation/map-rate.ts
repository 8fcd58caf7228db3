// Held-out prediction rate on the map: how much of a held-out region's area a model's map must flag to capture
// that region's deposits, and the AUC that summarises it, scored per cell so every model shares one denominator.
import { ProspectError } from '../types';
import { lowerBound } from './metrics';
import type { MapRatePoint } from '../result-parts';

export type { MapRatePoint };

export interface MapPredictionRate {
  /**
   * ROC AUC of the deposit cells against every other valid region cell, ties counting one half: equal to sklearn's
   * roc_auc_score over the region with the deposit cells as positives. null when the region holds no deposit cell
   * or nothing but deposit cells.
   */
  auc: number | null;
  /**
   * Prediction-rate curve from (0, 0) to (1, 1): one point before and one after each distinct deposit score (cells
   * tied with a deposit are taken in linearly, as the AUC's half-ties are), so the polyline is exact; thinned only
   * beyond maxPoints.
   */
  curve: MapRatePoint[];
  /**
   * Per deposit cell (in `positives` order, duplicates dropped): the share of the region's other cells scoring
   * below it, ties one half. Their mean is the AUC; they are what intervals and fold pooling resample.
   */
  placements: Float64Array;
  /** The deposit cells scored, duplicates dropped, in the given order. */
  positives: Int32Array;
  nPositive: number;
  /** Valid region cells, deposit cells included: the area denominator every model shares. */
  nCells: number;
  /** Region cells whose score is NaN: ranked below every scored cell (never captured), so the denominator stays. */
  nUnscored: number;
}


function upperBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function cellName(i: number, width?: number): string {
  return width ? `cell ${i} (row ${Math.floor(i / width)}, column ${i % width})` : `cell ${i}`;
}

/** Keeps at most maxPoints, always the first and the last (a thinned polyline stays monotone). */
function thin(points: MapRatePoint[], maxPoints: number): MapRatePoint[] {
  if (points.length <= maxPoints) return points;
  const step = Math.ceil(points.length / (maxPoints - 1));
  return points.filter((_, i) => i % step === 0 || i === points.length - 1);
}

/**
 * Map-level prediction rate of `scores` (a full grid, higher = more prospective) over a held-out region.
 * region: 1 for the held-out region's valid cells (the area denominator), same length as scores.
 * positives: the cell indices of that region's deposits; a deposit outside the region is an error (pass only the
 * region's deposits). width is used to name rows and columns in errors.
 */
export function mapPredictionRate(
  scores: Float32Array | Float64Array,
  region: Uint8Array,
  positives: Int32Array | number[],
  { maxPoints = 400, width }: { maxPoints?: number; width?: number } = {},
): MapPredictionRate {
  if (scores.length !== region.length) {
    throw new ProspectError(`mapPredictionRate: ${scores.length} scores but a region mask of ${region.length} cells.`, 'LENGTH_MISMATCH');
  }
  const isPos = new Uint8Array(region.length);
  const pos: number[] = [];
  for (const i of positives) {
    if (!Number.isInteger(i) || i < 0 || i >= region.length || !region[i]) {
      throw new ProspectError(`Deposit ${cellName(i, width)} is not a valid cell of the held-out region; pass only that region's deposits.`, 'DEPOSIT_OUTSIDE', { cell: i });
    }
    if (!isPos[i]) (isPos[i] = 1), pos.push(i);
  }
  // NaN scores become -Infinity: an unscored cell is never flagged, but it still counts as area.
  const val = (i: number): number => (Number.isNaN(scores[i]) ? -Infinity : scores[i]);
  let nCells = 0;
  let nUnscored = 0;
  for (let i = 0; i < region.length; i++) {
    if (!region[i]) continue;
    nCells++;
    if (Number.isNaN(scores[i])) nUnscored++;
  }
  const nPos = pos.length;
  const nNeg = nCells - nPos;
  const neg = new Float64Array(nNeg);
  let q = 0;
  for (let i = 0; i < region.length; i++) if (region[i] && !isPos[i]) neg[q++] = val(i);
  neg.sort();
  const posScores = Float64Array.from(pos, val);
  const placements = Float64Array.from(posScores, (s) => {
    const below = lowerBound(neg, s);
    return nNeg ? (below + 0.5 * (upperBound(neg, s) - below)) / nNeg : NaN;
  });
  let auc: number | null = null;
  if (nPos > 0 && nNeg > 0) {
    let sum = 0;
    for (const v of placements) sum += v;
    auc = sum / nPos;
  }
  const sortedPos = Float64Array.from(posScores).sort();
  const curve: MapRatePoint[] = [{ areaShare: 0, depositShare: 0 }];
  const push = (a: number, d: number): void => {
    const last = curve[curve.length - 1];
    if (last.areaShare !== a || last.depositShare !== d) curve.push({ areaShare: a, depositShare: d });
  };
  for (let k = nPos - 1; k >= 0; ) {
    const s = sortedPos[k];
    let j = k;
    while (j >= 0 && sortedPos[j] === s) j--;
    const posAbove = nPos - 1 - k;
    const posAtOrAbove = nPos - 1 - j;
    const negAbove = nNeg - upperBound(neg, s);
    const negAtOrAbove = nNeg - lowerBound(neg, s);
    push((negAbove + posAbove) / nCells, posAbove / nPos);
    push((negAtOrAbove + posAtOrAbove) / nCells, posAtOrAbove / nPos);
    k = j;
  }
  if (nCells > 0) push(1, nPos ? 1 : 0);
  return { auc, curve: thin(curve, maxPoints), placements, positives: Int32Array.from(pos), nPositive: nPos, nCells, nUnscored };
}

/**
 * Area under a prediction-rate curve (trapezoids). For an unthinned curve it equals
 * auc (1 - nPositive / nCells) + nPositive / (2 nCells): the ROC AUC with the deposits' own area counted in.
 */
export function areaUnderRateCurve(curve: MapRatePoint[]): number {
  let a = 0;
  for (let i = 1; i < curve.length; i++) {
    a += ((curve[i].areaShare - curve[i - 1].areaShare) * (curve[i].depositShare + curve[i - 1].depositShare)) / 2;
  }
  return a;
}

/** The share of deposits captured when the best `areaShare` of the region is flagged (read off the curve). */
export function depositShareAt(curve: MapRatePoint[], areaShare: number): number {
  for (let i = 1; i < curve.length; i++) {
    const a = curve[i - 1];
    const b = curve[i];
    if (areaShare <= b.areaShare) {
      const t = b.areaShare > a.areaShare ? (areaShare - a.areaShare) / (b.areaShare - a.areaShare) : 1;
      return a.depositShare + t * (b.depositShare - a.depositShare);
    }
  }
  return curve.length ? curve[curve.length - 1].depositShare : NaN;
}
