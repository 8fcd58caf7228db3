// Agterberg and Cheng's (2002) conditional independence test: under conditional independence the expected number of
// points, T = sum over the study area of posterior probability x unit cells, equals the observed n; T - n is compared
// with s(T) in a one-sided test. s^2(T) sums (area x s(P))^2 over the unique conditions (cells sharing one
// posterior standard deviation), as ArcSDM's AgterbergChengCITest does.

export interface CiTest {
  /** Observed training points. */
  n: number;
  /** Expected points, sum of posterior x unit cells. */
  T: number;
  sT: number;
  /** (T - n) / s(T). */
  z: number;
  /** Bonham-Carter's CI ratio n / T: below 0.85 suggests conditional dependence. */
  ratio: number;
  /** One-sided p of T - n at least this large under conditional independence, 1 - Phi(z); below 0.05 rejects CI. */
  p: number;
  /** Unique conditions (distinct posterior standard deviations) summed into s(T). */
  conditions: number;
}

/** Standard normal upper tail, 1 - Phi(z), from erfc (W. J. Cody's rational fit via Numerical Recipes' erfcc, 1.2e-7). */
export function normalUpperTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/**
 * `probability` and `std` per cell (NaN = outside the study area), `unitsPerCell` = cell area / unit area, `n` the
 * observed points.
 */
export function conditionalIndependenceTest(
  probability: ArrayLike<number>, std: ArrayLike<number>, unitsPerCell: number, n: number,
): CiTest {
  let T = 0;
  const cellsByStd = new Map<number, number>();
  for (let i = 0; i < probability.length; i++) {
    const p = probability[i];
    const s = std[i];
    if (p !== p || s !== s) continue;
    T += p;
    cellsByStd.set(s, (cellsByStd.get(s) ?? 0) + 1);
  }
  T *= unitsPerCell;
  let varT = 0;
  for (const [s, cells] of cellsByStd) varT += (s * cells * unitsPerCell) ** 2;
  const sT = Math.sqrt(varT);
  const z = (T - n) / sT;
  return { n, T, sT, z, ratio: n / T, p: normalUpperTail(z), conditions: cellsByStd.size };
}
