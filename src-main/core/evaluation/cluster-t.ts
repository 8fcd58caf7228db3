// Intervals that hold with a handful of deposit clusters. Deposits on one anomaly are not independent draws, and a
// study area rarely has more than 4-6 such groups. A bootstrap over so few clusters has only a few dozen distinct
// resamples and its percentile interval is too narrow (the single-deposit bootstrap is far worse: see
// tests/evaluation/cluster-t.test.ts, where it covered the truth in about two runs of three). Here the statistic is a
// deposit-weighted mean, its variance is estimated from the cluster totals of the residuals (the cluster-robust
// "sandwich" with the G / (G - 1) small-sample factor) and the interval uses Student's t with G - 1 degrees of
// freedom. That is exact when the cluster means are normal and equal in size, and close to nominal otherwise; it
// needs no resampling, so it is deterministic, and it is defined from G = 2 (wide, as it should be).
import { ProspectError } from '../types';
import type { CaptureShare, PairComparison } from '../result-parts';

export type { CaptureShare, PairComparison };

/** ln Gamma(x), x > 0 (Lanczos, g = 7, n = 9: about 15 digits). */
function lnGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the regularized incomplete beta (modified Lentz). */
function betaCf(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b). */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaCf(a, b, x)) / a : 1 - (front * betaCf(b, a, 1 - x)) / b;
}

/** P(T <= t) for Student's t with `df` degrees of freedom (df > 0). */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0)) throw new ProspectError(`Student's t needs positive degrees of freedom, got ${df}.`, 'BAD_VALUE');
  if (Number.isNaN(t)) return NaN;
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The p-quantile of Student's t with `df` degrees of freedom (bisection on the CDF to 1e-12). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new ProspectError(`A quantile needs 0 < p < 1, got ${p}.`, 'BAD_VALUE');
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface ClusterTInterval {
  /** Deposit-weighted mean of the values. */
  estimate: number;
  lo: number;
  hi: number;
  level: number;
  /** Cluster-robust standard error of the estimate. */
  se: number;
  /** Degrees of freedom of the t quantile: clusters - 1. */
  df: number;
  /** Clusters (the resampling units): G. */
  units: number;
  /** Deposits behind the estimate. */
  n: number;
  method: 'cluster-t';
}

function clusterTotals(values: ArrayLike<number>, clusters: ArrayLike<number>, mean: number): number[] {
  const totals = new Map<number, number>();
  for (let i = 0; i < values.length; i++) totals.set(clusters[i], (totals.get(clusters[i]) ?? 0) + values[i] - mean);
  return [...totals.values()];
}

/**
 * Interval of the deposit-weighted mean of `values` (placements, captures, paired differences) with deposits sharing
 * a cluster label treated as one unit: var = G / (G - 1) sum_g (sum_{i in g} (v_i - mean))^2 / n^2, and
 * mean +- t_{G-1} se. `bounds` clips the interval (e.g. [0, 1] for an AUC or a share). null with fewer than two
 * clusters: one group of deposits cannot show how much the figure would move with other groups.
 */
export function clusterTInterval(values: ArrayLike<number>, clusters: ArrayLike<number>,
  { level = 0.95, bounds }: { level?: number; bounds?: [number, number] } = {}): ClusterTInterval | null {
  const n = values.length;
  if (clusters.length !== n) throw new ProspectError(`clusterTInterval: ${n} values but ${clusters.length} cluster labels.`, 'LENGTH_MISMATCH');
  if (!(level > 0 && level < 1)) throw new ProspectError(`The interval level must lie in (0, 1), got ${level}.`, 'BAD_VALUE');
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i])) throw new ProspectError(`clusterTInterval: value ${i} is ${values[i]}; every deposit needs a finite value.`, 'BAD_VALUE', { row: i });
  }
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i];
  mean /= n || 1;
  const totals = clusterTotals(values, clusters, mean);
  const G = totals.length;
  if (G < 2) return null;
  const variance = (G / (G - 1)) * totals.reduce((s, t) => s + t * t, 0) / (n * n);
  const se = Math.sqrt(variance);
  const t = studentTQuantile((1 + level) / 2, G - 1);
  let lo = mean - t * se;
  let hi = mean + t * se;
  if (bounds) (lo = Math.max(bounds[0], lo)), (hi = Math.min(bounds[1], hi));
  return { estimate: mean, lo, hi, level, se, df: G - 1, units: G, n, method: 'cluster-t' };
}



/**
 * Paired interval of AUC(a) - AUC(b) for two maps scored on the same deposits (placements in the same order):
 * the per-deposit differences are averaged and their interval taken by clusters (clusterTInterval), so what the two
 * maps share cancels and each group of nearby deposits counts once. null with fewer than two clusters.
 */
export function pairedClusterDifference(a: ArrayLike<number>, b: ArrayLike<number>, clusters: ArrayLike<number>, level = 0.95): ClusterTInterval | null {
  if (a.length !== b.length) throw new ProspectError(`pairedClusterDifference: ${a.length} and ${b.length} deposits; both maps must score the same deposits.`, 'LENGTH_MISMATCH');
  return clusterTInterval(Float64Array.from({ length: a.length }, (_, i) => a[i] - b[i]), clusters, { level, bounds: [-1, 1] });
}

/**
 * Every pair of models, each once (model before other in the given order), over the deposits all of them scored.
 * `placements` maps model name to its placements, all in the same deposit order. Pairs whose interval is undefined
 * (fewer than two clusters) are left out.
 */
export function pairwiseComparisons(placements: { model: string; placements: ArrayLike<number> }[], clusters: ArrayLike<number>, level = 0.95): PairComparison[] {
  const out: PairComparison[] = [];
  for (let i = 0; i < placements.length; i++) {
    for (let j = i + 1; j < placements.length; j++) {
      const d = pairedClusterDifference(placements[i].placements, placements[j].placements, clusters, level);
      if (!d) continue;
      out.push({
        model: placements[i].model, other: placements[j].model, difference: d.estimate, lo: d.lo, hi: d.hi, level, se: d.se,
        method: 'cluster-t', units: d.units, deposits: d.n, better: d.lo > 0 ? 'model' : d.hi < 0 ? 'other' : 'neither',
      });
    }
  }
  return out;
}
