// Probabilities that mean what they say: the chance that a map cell holds a known deposit, calibrated on out-of-fold
// map values over the whole held-out ground. The window calibration (calibration.ts) sees held-out ore windows and
// distal background windows, then shifts to the area's base rate assuming unchanged score distributions; the area
// holds a high-scoring ring around every deposit that calibration never saw, so its top targets read 1.000. Here each
// fold model's map is read at its own held-out block's cells (held-blocks.ts: the deposits' cells and the background
// drawn uniformly over the block), so the calibration set has the area's own make-up and needs no prior shift; a
// background cell drawn at rate q stands for 1 / q cells (its weight). Platt scaling (a weighted logistic fit on the
// logit of the map value) is fitted on every fold's cells; the reliability curve is cross-fitted (each fold's cells
// calibrated by a fit on the other folds), so it is held out. With fewer than MIN_PROBABILITY_DEPOSITS held-out
// deposits the map is called a score, not a probability: a handful of deposits cannot pin a curve at rates of 1e-4.
import { ProspectError } from '../types';
import { logit, reliabilityCurve, sigmoid } from './calibration';
import type { CellCalibration } from '../result-parts';

export type { CellCalibration };

/** The documented rule: below this many held-out deposits the delivered map is a score, not a probability. */
export const MIN_PROBABILITY_DEPOSITS = 15;

/** One fold's out-of-fold map values at its held-out block's cells. */
export interface FoldCells {
  fold: number;
  values: number[];
  labels: (0 | 1)[];
  /** Cells each background sample stands for (1 / sampling rate); deposits weigh 1. */
  backgroundWeight: number;
}

/** Weighted logistic regression of the label on logit(value): p = sigmoid(a logit(value) + b), by Newton (IRLS). */
export function fitWeightedPlatt(values: ArrayLike<number>, labels: ArrayLike<number>, weights: ArrayLike<number>): { a: number; b: number } {
  const n = values.length;
  const f = Float64Array.from(values, logit);
  let a = 1;
  let b = 0;
  let wPos = 0;
  let wAll = 0;
  for (let i = 0; i < n; i++) (wPos += weights[i] * labels[i]), (wAll += weights[i]);
  if (wPos <= 0 || wPos >= wAll) throw new ProspectError('Cell calibration needs deposit and background cells.', 'ONE_CLASS');
  // Start at the base rate (a = 0 would be flat; a = 1 keeps the value's ordering): intercept by the weighted share.
  b = logit(wPos / wAll) - mean(f);
  for (let it = 0; it < 100; it++) {
    let g0 = 0, g1 = 0, h00 = 0, h01 = 0, h11 = 0;
    for (let i = 0; i < n; i++) {
      const p = sigmoid(a * f[i] + b);
      const r = weights[i] * (labels[i] - p);
      const w = weights[i] * Math.max(1e-12, p * (1 - p));
      g0 += r * f[i];
      g1 += r;
      h00 += w * f[i] * f[i];
      h01 += w * f[i];
      h11 += w;
    }
    // A tiny ridge keeps the step finite when every deposit scores the same.
    const det = (h00 + 1e-9) * (h11 + 1e-9) - h01 * h01;
    const da = ((h11 + 1e-9) * g0 - h01 * g1) / det;
    const db = ((h00 + 1e-9) * g1 - h01 * g0) / det;
    a += da;
    b += db;
    if (Math.abs(da) + Math.abs(db) < 1e-10) break;
  }
  return { a, b };
}

function mean(v: Float64Array): number {
  let s = 0;
  for (const x of v) s += x;
  return v.length ? s / v.length : 0;
}

function pool(folds: FoldCells[]): { values: number[]; labels: number[]; weights: number[] } {
  const values: number[] = [];
  const labels: number[] = [];
  const weights: number[] = [];
  for (const f of folds) {
    f.values.forEach((v, i) => {
      if (!Number.isFinite(v)) return;
      values.push(v);
      labels.push(f.labels[i]);
      weights.push(f.labels[i] ? 1 : f.backgroundWeight);
    });
  }
  return { values, labels, weights };
}


/**
 * The calibration of a map from its folds' out-of-fold values at held-out block cells (see the file's head). The
 * returned Calibration's Platt fit is applied to the delivered map as calibration.ts applies any (no prior shift).
 */
export function crossFittedCalibration(folds: FoldCells[], { minDeposits = MIN_PROBABILITY_DEPOSITS }: { minDeposits?: number } = {}): CellCalibration {
  const all = pool(folds);
  const nPos = all.labels.reduce((s, y) => s + y, 0);
  const nNeg = all.labels.length - nPos;
  const counts = `${nPos} held-out deposit cells and ${nNeg} background cells of ${folds.length} held-out blocks`;
  if (nPos < minDeposits || nNeg === 0) {
    // The raw map value against the held-out cells' labels: how far the score is from a probability, shown as such.
    return {
      deposits: nPos, reliability: all.values.length && nPos > 0 && nNeg > 0 ? reliabilityCurve(all.values, all.labels, { bins: 10, strategy: 'quantile' }) : null,
      calibration: {
        method: 'none', isProbability: false, nPositive: nPos, nNegative: nNeg,
        reason: `A score, not a probability: ${counts}, fewer than the ${minDeposits} held-out deposits a calibration on the ground needs (the rule: at least ${minDeposits}).`,
      },
    };
  }
  const fit = fitWeightedPlatt(all.values, all.labels, all.weights);
  // Cross-fitted reliability: each fold by the other folds' fit (skipped for a fold whose complement lacks a class).
  const pred: number[] = [];
  const lab: number[] = [];
  for (const f of folds) {
    const rest = pool(folds.filter((g) => g !== f));
    if (!rest.labels.some((y) => y === 1) || !rest.labels.some((y) => y === 0)) continue;
    const g = fitWeightedPlatt(rest.values, rest.labels, rest.weights);
    f.values.forEach((v, i) => {
      if (!Number.isFinite(v)) return;
      pred.push(sigmoid(g.a * logit(v) + g.b));
      lab.push(f.labels[i]);
    });
  }
  return {
    deposits: nPos,
    reliability: pred.length ? reliabilityCurve(pred, lab, { bins: 10, strategy: 'quantile' }) : null,
    calibration: {
      method: 'platt', isProbability: true, nPositive: nPos, nNegative: nNeg, platt: { a: fit.a, b: fit.b },
      reason: `Platt scaling of the map value on ${counts} (out-of-fold maps; background drawn uniformly over each block and weighted by the cells it stands for): the chance that a cell holds a known deposit, with no prior shift. The reliability curve is cross-fitted over the folds.`,
    },
  };
}
