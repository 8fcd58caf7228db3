// The posterior probability of a weights-of-evidence model: prior log-odds plus the weight of each layer's class at
// the cell, under conditional independence; and its standard deviation as GA's CalculateResponse.R computes it
// (Bonham-Carter 1994, after Agterberg: s^2(P) = P^2 (1/n(D) + sum of s^2(W))).
import { ProspectError } from '../types';

export interface ClassWeight {
  weight: number;
  wStd: number;
}

export interface EvidenceLayer {
  name: string;
  /** One class code per cell (NaN or 0 in a binary map = no data). */
  values: ArrayLike<number>;
  /** The weight of each class: a binary map's 2 -> W+, 1 -> W- (or GA's WEIGHT / W_STD columns). */
  weights: Map<number, ClassWeight>;
}

export interface Posterior {
  probability: Float64Array;
  std: Float64Array;
  priorProbability: number;
  priorLogit: number;
}

/**
 * `studyArea` in unit cells and `points` (n(D)) give the prior probability per unit cell. A cell whose class has no
 * weight in a layer (no data there) takes weight 0 and adds no variance, as ArcSDM treats missing data.
 */
export function posterior(layers: EvidenceLayer[], studyArea: number, points: number): Posterior {
  if (!layers.length) throw new ProspectError('A posterior needs at least one evidence layer.', 'BAD_ARGS');
  if (!(points > 0) || !(studyArea > points)) {
    throw new ProspectError(`The prior needs points (${points}) and a study area larger than them (${studyArea} unit cells).`, 'BAD_ARGS');
  }
  const n = layers[0].values.length;
  for (const l of layers) {
    if (l.values.length !== n) {
      throw new ProspectError(`Layer ${l.name} has ${l.values.length} cells, not ${n}: layers must share one grid.`, 'BAD_ARGS', { column: l.name });
    }
  }
  const prior = points / studyArea;
  const priorLogit = Math.log(prior / (1 - prior));
  const logit = new Float64Array(n).fill(priorLogit);
  const variance = new Float64Array(n).fill(1 / points);
  for (const l of layers) {
    // Few classes: look each code up once, not once per cell.
    const codes = [...l.weights.keys()];
    const w = codes.map((c) => l.weights.get(c)!.weight);
    const v = codes.map((c) => l.weights.get(c)!.wStd ** 2);
    const small = codes.every((c) => Number.isInteger(c) && c >= 0 && c < 256);
    if (small) {
      const wt = new Float64Array(256);
      const vt = new Float64Array(256);
      codes.forEach((c, k) => { wt[c] = w[k]; vt[c] = v[k]; });
      for (let i = 0; i < n; i++) {
        const c = l.values[i];
        const k = c | 0;
        if (k === c && k >= 0 && k < 256) {
          logit[i] += wt[k];
          variance[i] += vt[k];
        }
      }
    } else {
      for (let i = 0; i < n; i++) {
        const cw = l.weights.get(l.values[i]);
        if (cw) {
          logit[i] += cw.weight;
          variance[i] += cw.wStd ** 2;
        }
      }
    }
  }
  const probability = new Float64Array(n);
  const std = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const odds = Math.exp(logit[i]);
    const p = odds / (1 + odds);
    probability[i] = p;
    std[i] = Math.sqrt(p * p * variance[i]);
  }
  return { probability, std, priorProbability: prior, priorLogit };
}
