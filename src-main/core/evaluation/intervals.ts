// How sure an AUC is: seeded bootstrap intervals over deposits (or clusters of nearby deposits), DeLong's variance
// for window-level AUCs, and the rule for pooling per-fold AUCs, which refuses to pool over folds lacking a class.
import { ProspectError } from '../types';
import { Z95 } from '../selection/auc';
import { createRng } from '../util/random';

export interface AucInterval {
  /** The point estimate the interval belongs to. */
  auc: number;
  lo: number;
  hi: number;
  level: number;
  /** Standard deviation of the bootstrap replicates (or DeLong's SE). */
  se: number;
  method: 'bootstrap-deposits' | 'bootstrap-clusters' | 'delong' | 'cluster-t';
  replicates?: number;
  /** Degrees of freedom of the t quantile (cluster-t: clusters - 1). */
  df?: number;
  /** Resampled units: deposits, or clusters of deposits. */
  units?: number;
  seed?: number;
}

/**
 * Single-linkage clusters of points closer than `distance` (same units as x, y; e.g. cells or metres): deposits
 * in one cluster sit on one anomaly, so they are resampled together. Labels 0.. in order of first appearance.
 */
export function clusterByDistance(x: ArrayLike<number>, y: ArrayLike<number>, distance: number): Int32Array {
  const n = x.length;
  if (y.length !== n) throw new ProspectError(`clusterByDistance: ${n} x but ${y.length} y coordinates.`, 'LENGTH_MISMATCH');
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const d2 = distance * distance;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if ((x[i] - x[j]) ** 2 + (y[i] - y[j]) ** 2 < d2) parent[find(i)] = find(j);
    }
  }
  const label = new Map<number, number>();
  return Int32Array.from({ length: n }, (_, i) => {
    const r = find(i);
    if (!label.has(r)) label.set(r, label.size);
    return label.get(r)!;
  });
}

function quantileSorted(a: Float64Array, q: number): number {
  // Linear interpolation between order statistics (numpy's default).
  const h = (a.length - 1) * q;
  const lo = Math.floor(h);
  return a[lo] + (h - lo) * (a[Math.min(lo + 1, a.length - 1)] - a[lo]);
}

function sdOf(a: Float64Array): number {
  let m = 0;
  for (const v of a) m += v;
  m /= a.length;
  let s = 0;
  for (const v of a) s += (v - m) ** 2;
  return Math.sqrt(s / Math.max(1, a.length - 1));
}

function groupsOf(n: number, clusters?: ArrayLike<number>): number[][] {
  if (!clusters) return Array.from({ length: n }, (_, i) => [i]);
  if (clusters.length !== n) throw new ProspectError(`${n} deposits but ${clusters.length} cluster labels.`, 'LENGTH_MISMATCH');
  const m = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const g = m.get(clusters[i]) ?? [];
    g.push(i);
    m.set(clusters[i], g);
  }
  return [...m.values()];
}

export interface BootstrapOptions {
  seed: number;
  /** Cluster label per deposit: deposits sharing a label are drawn together. Default: every deposit alone. */
  clusters?: ArrayLike<number>;
  replicates?: number;
  level?: number;
}

/**
 * Percentile bootstrap of a statistic that is a mean over deposits: resamples deposits (or their clusters) with
 * replacement and takes the deposit-weighted mean of `values` (one or more series, same deposits) per replicate.
 * The background cells stay fixed: with thousands of them, the few deposits carry nearly all the uncertainty.
 */
function bootstrapMeans(values: ArrayLike<number>[], opts: BootstrapOptions): { reps: Float64Array[]; units: number } {
  const n = values[0].length;
  const groups = groupsOf(n, opts.clusters);
  const B = opts.replicates ?? 2000;
  const rng = createRng(opts.seed);
  const reps = values.map(() => new Float64Array(B));
  for (let b = 0; b < B; b++) {
    const sums = values.map(() => 0);
    let count = 0;
    for (let g = 0; g < groups.length; g++) {
      const members = groups[rng.int(groups.length)];
      for (const i of members) values.forEach((v, s) => (sums[s] += v[i]));
      count += members.length;
    }
    values.forEach((_, s) => (reps[s][b] = sums[s] / count));
  }
  return { reps, units: groups.length };
}

function meanOf(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s / v.length;
}

function checkPlacements(p: ArrayLike<number>, what: string): void {
  for (let i = 0; i < p.length; i++) {
    if (!(p[i] >= 0 && p[i] <= 1)) throw new ProspectError(`${what}: deposit ${i} has placement ${p[i]}; placements lie in [0, 1].`, 'BAD_VALUE', { row: i });
  }
}

/**
 * 95% (or `level`) interval of a map AUC from its per-deposit placements (mapPredictionRate's `placements`),
 * by a seeded percentile bootstrap over deposits or deposit clusters. null with fewer than two units to resample:
 * one deposit (or one cluster) cannot show how much the AUC would move with other deposits. With fewer than about
 * ten units the percentile interval is too narrow; read it as a lower bound on the uncertainty.
 */
export function bootstrapAucInterval(placements: ArrayLike<number>, opts: BootstrapOptions): AucInterval | null {
  checkPlacements(placements, 'bootstrapAucInterval');
  const level = opts.level ?? 0.95;
  const units = groupsOf(placements.length, opts.clusters).length;
  if (units < 2) return null;
  const { reps } = bootstrapMeans([placements], opts);
  const sorted = reps[0].sort();
  return {
    auc: meanOf(placements),
    lo: quantileSorted(sorted, (1 - level) / 2),
    hi: quantileSorted(sorted, (1 + level) / 2),
    level,
    se: sdOf(sorted),
    method: opts.clusters ? 'bootstrap-clusters' : 'bootstrap-deposits',
    replicates: sorted.length,
    units,
    seed: opts.seed,
  };
}

export interface DifferenceInterval {
  /** Mean placement of A minus that of B over the same deposits: AUC(A) - AUC(B). */
  difference: number;
  lo: number;
  hi: number;
  level: number;
  /** Share of replicates in which A's AUC is not above B's: a one-sided bootstrap p for "A beats B". */
  pNotBetter: number;
  units: number;
  replicates: number;
  seed: number;
  /** How the interval was formed: absent for the percentile bootstrap of older runs. */
  method?: 'bootstrap' | 'cluster-t';
}

/**
 * Paired bootstrap of AUC(A) - AUC(B) for two maps scored on the same deposits (placements in the same order,
 * e.g. the CNN and the best single element on one fold's region): each replicate draws the deposits once for both,
 * so what the two maps share cancels. A beats B beyond the interval when lo > 0. null with fewer than two units.
 */
export function pairedAucDifference(a: ArrayLike<number>, b: ArrayLike<number>, opts: BootstrapOptions): DifferenceInterval | null {
  if (a.length !== b.length) throw new ProspectError(`pairedAucDifference: ${a.length} and ${b.length} deposits; both maps must score the same deposits.`, 'LENGTH_MISMATCH');
  checkPlacements(a, 'pairedAucDifference');
  checkPlacements(b, 'pairedAucDifference');
  const level = opts.level ?? 0.95;
  const units = groupsOf(a.length, opts.clusters).length;
  if (units < 2) return null;
  const diff = Float64Array.from({ length: a.length }, (_, i) => a[i] - b[i]);
  const { reps } = bootstrapMeans([diff], opts);
  const sorted = reps[0].sort();
  let notBetter = 0;
  for (const v of sorted) if (v <= 0) notBetter++;
  return {
    difference: meanOf(diff),
    lo: quantileSorted(sorted, (1 - level) / 2),
    hi: quantileSorted(sorted, (1 + level) / 2),
    level,
    pNotBetter: notBetter / sorted.length,
    units,
    replicates: sorted.length,
    seed: opts.seed,
  };
}

export interface DeLongResult {
  auc: number;
  variance: number;
  se: number;
  /** auc +- 1.96 se, clipped to [0, 1]. */
  ci95: [number, number];
  nPos: number;
  nNeg: number;
}

function placementsAgainst(values: Float64Array, sortedOther: Float64Array, flip: boolean): Float64Array {
  const n = sortedOther.length;
  return Float64Array.from(values, (v) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sortedOther[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    let up = lo;
    hi = n;
    while (up < hi) {
      const mid = (up + hi) >> 1;
      if (sortedOther[mid] <= v) up = mid + 1;
      else hi = mid;
    }
    // Positives: share of negatives below (ties one half). Negatives: share of positives above.
    return flip ? (n - up + 0.5 * (up - lo)) / n : (lo + 0.5 * (up - lo)) / n;
  });
}

/**
 * DeLong, DeLong & Clarke-Pearson (1988) variance of an AUC: var(V10) / nPos + var(V01) / nNeg, with V10 the
 * placement of each positive among the negatives and V01 that of each negative among the positives (ties one
 * half, sample variances). O((nPos + nNeg) log) by binary search. For window-level AUCs, where both classes are
 * samples; NaN scores are left out. The variance is NaN with fewer than two of either class.
 */
export function delongAuc(pos: ArrayLike<number>, neg: ArrayLike<number>): DeLongResult {
  const p = Float64Array.from(Array.from(pos).filter((v) => !Number.isNaN(v)));
  const q = Float64Array.from(Array.from(neg).filter((v) => !Number.isNaN(v)));
  const nPos = p.length;
  const nNeg = q.length;
  if (nPos === 0 || nNeg === 0) return { auc: NaN, variance: NaN, se: NaN, ci95: [NaN, NaN], nPos, nNeg };
  const v10 = placementsAgainst(p, Float64Array.from(q).sort(), false);
  const auc = meanOf(v10);
  if (nPos < 2 || nNeg < 2) return { auc, variance: NaN, se: NaN, ci95: [NaN, NaN], nPos, nNeg };
  const v01 = placementsAgainst(q, Float64Array.from(p).sort(), true);
  const variance = sdOf(v10) ** 2 / nPos + sdOf(v01) ** 2 / nNeg;
  const se = Math.sqrt(variance);
  return { auc, variance, se, ci95: [Math.max(0, auc - Z95 * se), Math.min(1, auc + Z95 * se)], nPos, nNeg };
}

export interface FoldAuc {
  fold: number;
  /** The fold's AUC, or null / NaN where it is undefined. */
  auc: number | null;
  nPositive: number;
  nNegative: number;
  /** Per-positive placements within the fold (mapPredictionRate's), for the pooled interval. */
  placements?: ArrayLike<number>;
  /** Cluster label per positive, global across folds (a cluster split by a fold border is still one unit). */
  clusters?: ArrayLike<number>;
}

export interface PooledAuc {
  /**
   * Positive-weighted mean of the fold AUCs, i.e. the mean placement of every held-out positive within its own
   * fold. null whenever any fold lacks a class or has no AUC: folds that cannot be scored are not comparable, and a
   * pooled number over the others would hide them.
   */
  auc: number | null;
  /** Unweighted mean of the fold AUCs (null under the same rule). */
  meanOverFolds: number | null;
  perFold: { fold: number; auc: number | null; nPositive: number; nNegative: number }[];
  /** Folds with no positive, no negative or no AUC. */
  undefinedFolds: number[];
  /** Why auc is null, in words; absent when it is defined. */
  reason?: string;
  /** Bootstrap interval of the pooled AUC, when every fold gave its placements; null otherwise. */
  interval: AucInterval | null;
}

/**
 * Pools per-fold AUCs, or refuses to: returns auc null, with the folds and the reason, as soon as one fold lacks a
 * class. With every fold's placements it also gives a bootstrap interval over all held-out deposits (stratified
 * by nothing but the clusters: the folds' regions are disjoint, so each deposit is one draw).
 */
export function poolFoldAucs(perFold: FoldAuc[], { seed = 1, replicates = 2000, level = 0.95 }: { seed?: number; replicates?: number; level?: number } = {}): PooledAuc {
  const rows = perFold.map((f) => ({ fold: f.fold, auc: f.auc === null || Number.isNaN(f.auc) ? null : f.auc, nPositive: f.nPositive, nNegative: f.nNegative }));
  const bad = rows.filter((f) => f.nPositive <= 0 || f.nNegative <= 0 || f.auc === null);
  if (rows.length === 0 || bad.length > 0) {
    const what = bad.map((f) => `fold ${f.fold} (${f.nPositive <= 0 ? 'no deposit' : f.nNegative <= 0 ? 'no background' : 'no AUC'})`).join(', ');
    return {
      auc: null, meanOverFolds: null, perFold: rows, undefinedFolds: bad.map((f) => f.fold), interval: null,
      reason: rows.length === 0 ? 'no fold was scored' : `undefined: ${what} lack${bad.length === 1 ? 's' : ''} a class, so the folds cannot be pooled`,
    };
  }
  const nPos = rows.reduce((s, f) => s + f.nPositive, 0);
  const auc = rows.reduce((s, f) => s + f.nPositive * f.auc!, 0) / nPos;
  const meanOverFolds = rows.reduce((s, f) => s + f.auc!, 0) / rows.length;
  let interval: AucInterval | null = null;
  if (perFold.every((f) => f.placements && f.placements.length === f.nPositive)) {
    const placements = perFold.flatMap((f) => Array.from(f.placements!));
    const withClusters = perFold.every((f) => f.clusters && f.clusters.length === f.nPositive);
    const clusters = withClusters ? perFold.flatMap((f) => Array.from(f.clusters!)) : undefined;
    interval = bootstrapAucInterval(placements, { seed, replicates, level, clusters });
  }
  return { auc, meanOverFolds, perFold: rows, undefinedFolds: [], interval };
}
