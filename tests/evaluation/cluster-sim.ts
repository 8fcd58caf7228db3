// A simulation with known truth for paired map comparisons: held-out deposits in a few clusters, each deposit's
// placement under two maps driven by a shared cluster effect, a cluster effect on the difference between the maps
// (one map suits one district better) and deposit noise. Placements are Phi(latent), so the true mean placement of a
// map with latent mean m and total latent variance s2 is Phi(m / sqrt(1 + s2)), known in closed form.
import { normalCdf } from '../../src-main/core/selection/auc';
import type { Rng } from '../../src-main/core/util/random';

export const SIM = { a: 1.0, b: 0.6, shared: 0.6, diff: 0.8, noise: 0.5 };

export interface SimSample {
  a: Float64Array;
  b: Float64Array;
  clusters: Int32Array;
  /** The true AUC(a) - AUC(b). */
  truth: number;
}

/** 20-30 deposits in 4-6 clusters of unequal size (each at least 2). */
export function simulateClusteredPairs(rng: Rng): SimSample {
  const G = 4 + rng.int(3);
  const n = 20 + rng.int(11);
  const clusters = new Int32Array(n);
  for (let i = 0; i < n; i++) clusters[i] = i < 2 * G ? i % G : rng.int(G);
  const u = Array.from({ length: G }, () => SIM.shared * rng.normal());
  const v = Array.from({ length: G }, () => SIM.diff * rng.normal());
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const g = clusters[i];
    a[i] = normalCdf(SIM.a + u[g] + v[g] / 2 + SIM.noise * rng.normal());
    b[i] = normalCdf(SIM.b + u[g] - v[g] / 2 + SIM.noise * rng.normal());
  }
  const s = Math.sqrt(1 + SIM.shared ** 2 + SIM.diff ** 2 / 4 + SIM.noise ** 2);
  return { a, b, clusters, truth: normalCdf(SIM.a / s) - normalCdf(SIM.b / s) };
}
