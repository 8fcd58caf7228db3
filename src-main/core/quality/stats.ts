// Small statistics the quality checks share: medians, quantiles, and the Mann-Whitney test with its p-value.

/** Median of the finite values; NaN when there are none. */
export function median(values: ArrayLike<number>): number {
  const a = finiteSorted(values);
  if (a.length === 0) return NaN;
  const m = a.length >> 1;
  return a.length % 2 ? a[m] : (a[m - 1] + a[m]) / 2;
}

export function finiteSorted(values: ArrayLike<number>): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) out.push(values[i]);
  return Float64Array.from(out).sort();
}

/** Quantile p in [0, 1] of ascending values, linear between order statistics (numpy's default). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * Math.min(1, Math.max(0, p));
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Mid-ranks (1-based) of the values, ties sharing their average rank; also the tie-correction term sum(t^3 - t). */
export function midRanks(values: ArrayLike<number>): { ranks: Float64Array; ties: number } {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Float64Array(n);
  let ties = 0;
  for (let s = 0; s < n;) {
    let t = s + 1;
    while (t < n && values[order[t]] === values[order[s]]) t++;
    const r = (s + t + 1) / 2;
    for (let k = s; k < t; k++) ranks[order[k]] = r;
    const len = t - s;
    ties += len * len * len - len;
    s = t;
  }
  return { ranks, ties };
}

/** Standard normal upper tail, by the complementary error function (Numerical Recipes' erfc, |error| < 1.2e-7). */
export function normalUpperTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/**
 * Two-sided Mann-Whitney U test of two samples (NaN left out): the normal approximation with the tie correction
 * and no continuity correction, as scipy.stats.mannwhitneyu(method='asymptotic', use_continuity=False).
 */
export function mannWhitneyTest(a: ArrayLike<number>, b: ArrayLike<number>): { u: number; z: number; p: number } {
  const fa = finiteSorted(a), fb = finiteSorted(b);
  const n1 = fa.length, n2 = fb.length;
  if (n1 === 0 || n2 === 0) return { u: NaN, z: NaN, p: NaN };
  const all = new Float64Array(n1 + n2);
  all.set(fa); all.set(fb, n1);
  const { ranks, ties } = midRanks(all);
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i];
  const u = r1 - (n1 * (n1 + 1)) / 2;
  const n = n1 + n2;
  const variance = (n1 * n2 / 12) * ((n + 1) - ties / (n * (n - 1)));
  if (variance <= 0) return { u, z: 0, p: 1 };
  const z = (u - (n1 * n2) / 2) / Math.sqrt(variance);
  return { u, z, p: Math.min(1, 2 * normalUpperTail(Math.abs(z))) };
}
