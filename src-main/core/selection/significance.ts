// Significance of a per-element AUC beyond the paper's ZAUC: a seeded permutation test, Holm's step-down
// correction over the elements, and the smallest number of deposit cells with which a test can succeed at all.
import { createRng } from '../util/random';
import { maxNullZ, normalCdf } from './auc';

/**
 * Default minimum number of distinct deposit cells for element selection. With n deposit cells the largest null z
 * any element can reach is about sqrt(3 n) (AUC = 1): 1.73, 2.45, 3.00, 3.46, 3.87 for n = 1..5. Below 3 no element
 * can pass the paper's 2.58 however well it separates; at 3 and 4 only a near-perfect AUC passes (>= 0.93 and
 * >= 0.87), and Holm over the 16 paper elements at 1% (z 3.42) is out of reach below 4 and needs AUC >= 0.99 at 4.
 * 5 is the smallest count at which every criterion, Holm included, can be passed by an AUC below 1 (>= 0.94).
 */
export const DEFAULT_MIN_DEPOSITS = 5;

/** The two-sided level that a z threshold stands for: 2 (1 - Phi(z)); 2.58 -> 0.0099. */
export function alphaOfThreshold(threshold: number): number {
  return 2 * (1 - normalCdf(threshold));
}

/** The smallest AUC whose null z reaches `threshold` with nPos positives and nNeg negatives (> 1: unreachable). */
export function minAucToPass(threshold: number, nPos: number, nNeg: number): number {
  return 0.5 + (0.5 * threshold) / maxNullZ(nPos, nNeg);
}

/** First index in ascending `a` whose value is >= x (lower) or > x (upper). */
export function bound(a: Float64Array, x: number, upper: boolean): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x || (upper && a[mid] === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface PermutationResult {
  /** Two-sided: (1 + #{|AUC* - 0.5| >= |AUC - 0.5|}) / (permutations + 1), never 0. */
  p: number;
  auc: number;
  permutations: number;
  seed: number;
}

/**
 * Permutation test of an AUC: the deposit labels are given to nPos cells drawn at random (without replacement)
 * from all valid cells, `permutations` times. Each draw's AUC comes from the midranks of the drawn cells
 * (AUC = (rank sum - n(n+1)/2) / (nPos nNeg), ties as one half), found by binary search in the sorted values, so a
 * draw costs O(nPos log N) and 9,999 draws over millions of cells take milliseconds. Exact for one deposit, where
 * the normal approximation is poor. NaN values are left out. The smallest attainable p is 1 / (permutations + 1):
 * Holm over m elements at level alpha needs permutations >= m / alpha.
 */
export function permutationP(
  pos: ArrayLike<number>,
  neg: ArrayLike<number>,
  { permutations = 9999, seed = 1 }: { permutations?: number; seed?: number } = {},
): PermutationResult {
  const all: number[] = [];
  let nPos = 0;
  for (let i = 0; i < pos.length; i++) if (!Number.isNaN(pos[i])) (all.push(pos[i]), nPos++);
  for (let i = 0; i < neg.length; i++) if (!Number.isNaN(neg[i])) all.push(neg[i]);
  const N = all.length;
  const nNeg = N - nPos;
  if (nPos === 0 || nNeg === 0) return { p: NaN, auc: NaN, permutations, seed };
  const values = Float64Array.from(all);
  const sorted = Float64Array.from(values).sort();
  const midrank = (v: number): number => (bound(sorted, v, false) + bound(sorted, v, true) + 1) / 2;
  const aucOf = (rankSum: number): number => (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
  let observed = 0;
  for (let i = 0; i < nPos; i++) observed += midrank(values[i]);
  const auc = aucOf(observed);
  const dev = Math.abs(auc - 0.5) - 1e-12;
  const rng = createRng(seed);
  const picked = new Set<number>();
  const pool = nPos * 2 > N ? Array.from({ length: N }, (_, i) => i) : null;
  let extreme = 0;
  for (let b = 0; b < permutations; b++) {
    let sum = 0;
    if (pool) {
      // Partial Fisher-Yates: the first nPos entries become the draw.
      for (let i = 0; i < nPos; i++) {
        const j = i + rng.int(N - i);
        const t = pool[i];
        pool[i] = pool[j];
        pool[j] = t;
        sum += midrank(values[pool[i]]);
      }
    } else {
      picked.clear();
      while (picked.size < nPos) {
        const j = rng.int(N);
        if (!picked.has(j)) (picked.add(j), (sum += midrank(values[j])));
      }
    }
    if (Math.abs(aucOf(sum) - 0.5) >= dev) extreme++;
  }
  return { p: (1 + extreme) / (permutations + 1), auc, permutations, seed };
}

/**
 * Holm's step-down adjusted p-values (same order as given): sorted ascending, p_(i) times (m - i + 1), made
 * non-decreasing and capped at 1. An element passes at level alpha when its adjusted p <= alpha; this controls the
 * chance of selecting any element with no signal at alpha, whatever the number of elements. NaN stays NaN and does
 * not count in m.
 */
export function holmAdjust(pValues: ArrayLike<number>): number[] {
  const idx: number[] = [];
  for (let i = 0; i < pValues.length; i++) if (!Number.isNaN(pValues[i])) idx.push(i);
  idx.sort((a, b) => pValues[a] - pValues[b]);
  const m = idx.length;
  const out = Array.from({ length: pValues.length }, () => NaN);
  let run = 0;
  idx.forEach((i, k) => {
    run = Math.max(run, Math.min(1, (m - k) * pValues[i]));
    out[i] = run;
  });
  return out;
}
