// Baselines the CNN must beat on the same folds: the single best element, and a logistic regression on
// window means. Both are deterministic and fit on training indices only.
import { ProspectError, type GridStack } from '../types';
import { aucFromLabels } from '../selection/auc';
import { bandsOf } from '../dataset/cells';
import type { Window } from '../dataset/windows';

/** N x C features (row-major Float64Array): the mean of each element over each window's valid cells (0 if none). */
export function windowMeanFeatures(stack: GridStack, windows: Window[], elements: string[]): Float64Array {
  const bands = bandsOf(stack, elements);
  const { width: W, height: H } = stack.spec;
  const C = bands.length;
  const out = new Float64Array(windows.length * C);
  windows.forEach((w, n) => {
    for (let k = 0; k < C; k++) {
      let s = 0;
      let m = 0;
      for (let r = Math.max(0, w.row); r < Math.min(H, w.row + w.size); r++) {
        for (let c = Math.max(0, w.col); c < Math.min(W, w.col + w.size); c++) {
          const v = bands[k][r * W + c];
          if (!Number.isNaN(v)) (s += v), m++;
        }
      }
      out[n * C + k] = m ? s / m : 0;
    }
  });
  return out;
}

function column(x: Float64Array, nFeatures: number, k: number, idx: number[]): Float64Array {
  return Float64Array.from(idx, (i) => x[i * nFeatures + k]);
}

function checkTrain(labels: ArrayLike<number>, train: number[]): void {
  let p = 0;
  for (const i of train) p += labels[i] === 1 ? 1 : 0;
  if (p === 0 || p === train.length) {
    throw new ProspectError('A baseline needs both ore and background windows in its training fold.', 'ONE_CLASS');
  }
}

export interface BestElementModel {
  kind: 'best-element';
  /** Feature column chosen and its name. */
  index: number;
  element: string;
  /** +1 when high values mean ore (training AUC >= 0.5), -1 for depletion (only if allowDepletion). */
  sign: 1 | -1;
  trainAuc: number;
}

/** Picks the feature with the highest training AUC (or |AUC - 0.5| with allowDepletion). */
export function fitBestElement(
  x: Float64Array,
  nFeatures: number,
  labels: ArrayLike<number>,
  train: number[],
  elements: string[],
  { allowDepletion = false } = {},
): BestElementModel {
  checkTrain(labels, train);
  const y = train.map((i) => labels[i]);
  let best: BestElementModel | null = null;
  for (let k = 0; k < nFeatures; k++) {
    const auc = aucFromLabels(column(x, nFeatures, k, train), y);
    const sign: 1 | -1 = allowDepletion && auc < 0.5 ? -1 : 1;
    const eff = sign === 1 ? auc : 1 - auc;
    if (!best || eff > (best.sign === 1 ? best.trainAuc : 1 - best.trainAuc)) {
      best = { kind: 'best-element', index: k, element: elements[k] ?? String(k), sign, trainAuc: auc };
    }
  }
  return best!;
}

/** Scores of the chosen element (sign-adjusted) for the given rows. */
export function predictBestElement(model: BestElementModel, x: Float64Array, nFeatures: number, idx: number[]): Float64Array {
  return Float64Array.from(idx, (i) => model.sign * x[i * nFeatures + model.index]);
}

export interface LogisticModel {
  kind: 'logistic';
  /** Coefficients on standardised features (mean/sd from the training rows), then the intercept. */
  coef: Float64Array;
  intercept: number;
  mean: Float64Array;
  sd: Float64Array;
  l2: number;
  iterations: number;
}

/** Solves A x = b for a small symmetric positive-definite A (Cholesky). */
function solveSpd(A: Float64Array, b: Float64Array, n: number): Float64Array {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      L[i * n + j] = i === j ? Math.sqrt(Math.max(s, 1e-300)) : s / L[j * n + j];
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * n + k] * y[k];
    y[i] = s / L[i * n + i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= L[k * n + i] * x[k];
    x[i] = s / L[i * n + i];
  }
  return x;
}

/**
 * L2-penalised logistic regression by IRLS (Newton), deterministic. Minimises
 * sum_i logloss_i + l2/2 * |coef|^2 (intercept not penalised) on standardised features, like sklearn's
 * LogisticRegression(C = 1 / l2) on StandardScaler output.
 */
export function fitLogistic(
  x: Float64Array,
  nFeatures: number,
  labels: ArrayLike<number>,
  train: number[],
  { l2 = 1, maxIter = 100, tol = 1e-10 } = {},
): LogisticModel {
  checkTrain(labels, train);
  const C = nFeatures;
  const n = train.length;
  const mean = new Float64Array(C);
  const sd = new Float64Array(C);
  for (let k = 0; k < C; k++) {
    const col = column(x, C, k, train);
    let m = 0;
    for (const v of col) m += v;
    m /= n;
    let s = 0;
    for (const v of col) s += (v - m) ** 2;
    mean[k] = m;
    sd[k] = Math.sqrt(s / n) || 1;
  }
  const P = C + 1; // last parameter = intercept
  const z = new Float64Array(n * P);
  train.forEach((i, t) => {
    for (let k = 0; k < C; k++) z[t * P + k] = (x[i * C + k] - mean[k]) / sd[k];
    z[t * P + C] = 1;
  });
  const beta = new Float64Array(P);
  let it = 0;
  for (; it < maxIter; it++) {
    const H = new Float64Array(P * P);
    const g = new Float64Array(P);
    for (let t = 0; t < n; t++) {
      let eta = 0;
      for (let k = 0; k < P; k++) eta += z[t * P + k] * beta[k];
      const p = 1 / (1 + Math.exp(-eta));
      const wgt = Math.max(p * (1 - p), 1e-12);
      const r = p - (labels[train[t]] === 1 ? 1 : 0);
      for (let a = 0; a < P; a++) {
        g[a] += r * z[t * P + a];
        for (let b = 0; b <= a; b++) H[a * P + b] += wgt * z[t * P + a] * z[t * P + b];
      }
    }
    for (let a = 0; a < P; a++) for (let b = 0; b < a; b++) H[b * P + a] = H[a * P + b];
    for (let k = 0; k < C; k++) {
      g[k] += l2 * beta[k];
      H[k * P + k] += l2;
    }
    H[C * P + C] += 1e-9; // keeps the intercept step defined when a class is separable
    const step = solveSpd(H, g, P);
    let delta = 0;
    for (let k = 0; k < P; k++) {
      beta[k] -= step[k];
      delta = Math.max(delta, Math.abs(step[k]));
    }
    if (delta < tol) {
      it++;
      break;
    }
  }
  return { kind: 'logistic', coef: beta.slice(0, C), intercept: beta[C], mean, sd, l2, iterations: it };
}

/** Probability of ore for the given rows. */
export function predictLogistic(model: LogisticModel, x: Float64Array, nFeatures: number, idx: number[]): Float64Array {
  return Float64Array.from(idx, (i) => {
    let eta = model.intercept;
    for (let k = 0; k < nFeatures; k++) eta += model.coef[k] * ((x[i * nFeatures + k] - model.mean[k]) / model.sd[k]);
    return 1 / (1 + Math.exp(-eta));
  });
}
