// From a window score to something that may be called a probability of ore.
//
// A CNN trained on ore and background windows at a ratio pi_train (about 1:1, or exactly 1:1 in effect with balanced
// class weights) outputs P(ore | window) as if ore windows made up pi_train of the area. Where they make up pi_area,
// Bayes' rule with the class-conditional densities unchanged gives the prior shift (Saerens et al. 2002, Elkan 2001):
//
//   logit(p_area) = logit(p_train) + log(pi_area / (1 - pi_area)) - log(pi_train / (1 - pi_train))
//
// That fixes the base rate but not a model's over- or under-confidence, which only held-out predictions with labels
// reveal: Platt scaling (a logistic fit on the logit of the score) or isotonic regression (pool-adjacent-violators)
// fitted on the CV folds' held-out windows. Those map a score to the probability at the calibration set's own ore
// share, so the prior shift then moves it from that share to the area's.
//
// Which method when (fitCalibration): isotonic with at least 50 held-out positives and 50 negatives (it has one free
// value per block and overfits below that, Niculescu-Mizil & Caruana 2005) and a calibration set at about the area's
// own ore share (the shift at most log 2 in the logit); Platt with at least 5 of each, or when a larger shift follows:
// each held-out background window then stands for many in the area, so isotonic's top block is all ore by chance and
// the shift leaves it near certainty (measured: 0.9 predicted where 0.44 was observed, on a 1:1 calibration set
// shifted to a 2% base rate), while Platt's two-parameter curve extrapolates smoothly; else only the prior shift from
// the training ratio, and then the output is a score, not a probability: the shift alone cannot correct a model that
// is confidently wrong. pi_area from known deposits is a lower bound (undiscovered deposits are
// counted as background), so probabilities are conservative.
import { windowRule, DEFAULT_MAX_NODATA_FRACTION } from '../dataset/windows';
import type { DepositCell } from '../dataset/cells';
import type { Calibration, IsotonicFit, PlattFit, PriorShift, ReliabilityBin, ReliabilityCurve } from '../targets-types';
import { ProspectError, type GridSpec } from '../types';

/** Scores and probabilities are kept this far from 0 and 1 so that their logit is finite. */
const EPS = 1e-7;

export const MIN_ISOTONIC = 50;
export const MIN_PLATT = 5;
/** Largest prior shift (in the logit) after which isotonic regression is still used. */
export const MAX_ISOTONIC_SHIFT = Math.LN2;

export function logit(p: number): number {
  const q = Math.min(1 - EPS, Math.max(EPS, p));
  return Math.log(q / (1 - q));
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

function checkRate(p: number, what: string): void {
  if (!(p > 0 && p < 1)) throw new ProspectError(`${what} must lie strictly between 0 and 1 (got ${p}).`, 'BAD_OPTION', { column: what });
}

/** The logit shift from the share `from` to the share `to`. */
export function priorShift(from: number, to: number): PriorShift {
  checkRate(from, 'the training ore share');
  checkRate(to, 'the area base rate');
  return { from, to, logitShift: logit(to) - logit(from) };
}

export function applyPriorShift(p: number, shift: PriorShift): number {
  return sigmoid(logit(p) + shift.logitShift);
}

function checkPairs(scores: ArrayLike<number>, labels: ArrayLike<number>): void {
  if (scores.length !== labels.length) throw new ProspectError(`${scores.length} scores but ${labels.length} labels.`, 'BAD_SHAPE');
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 0 && labels[i] !== 1) throw new ProspectError(`Label ${i} is ${labels[i]}: labels must be 0 or 1.`, 'BAD_LABEL', { row: i });
    if (!Number.isFinite(scores[i])) throw new ProspectError(`Score ${i} is ${scores[i]}: calibration needs finite scores.`, 'BAD_SCORE', { row: i });
  }
}

/**
 * Platt scaling on f = logit(score) with Platt's smoothed targets, fitted by Newton's method with backtracking
 * (Lin, Lin & Weng 2007, the procedure LIBSVM and scikit-learn's sigmoid calibration follow).
 */
export function fitPlatt(scores: ArrayLike<number>, labels: ArrayLike<number>): PlattFit {
  checkPairs(scores, labels);
  const n = scores.length;
  const f = Float64Array.from(scores, logit);
  let nPos = 0;
  for (let i = 0; i < n; i++) nPos += labels[i];
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) throw new ProspectError('Platt scaling needs both ore and background examples.', 'ONE_CLASS');
  const t = plattTargets(labels, nPos, nNeg);
  // Lin et al.'s A, B with P = 1 / (1 + exp(A f + B)); returned as a = -A, b = -B.
  let A = 0;
  let B = Math.log((nNeg + 1) / (nPos + 1));
  const objective = (a: number, b: number): number => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const z = a * f[i] + b;
      s += z >= 0 ? t[i] * z + Math.log1p(Math.exp(-z)) : (t[i] - 1) * z + Math.log1p(Math.exp(z));
    }
    return s;
  };
  let fval = objective(A, B);
  for (let it = 0; it < 100; it++) {
    let h11 = 1e-12;
    let h22 = 1e-12;
    let h21 = 0;
    let g1 = 0;
    let g2 = 0;
    for (let i = 0; i < n; i++) {
      const z = A * f[i] + B;
      const p = z >= 0 ? Math.exp(-z) / (1 + Math.exp(-z)) : 1 / (1 + Math.exp(z));
      const q = 1 - p;
      const d2 = p * q;
      h11 += f[i] * f[i] * d2;
      h22 += d2;
      h21 += f[i] * d2;
      const d1 = t[i] - p;
      g1 += f[i] * d1;
      g2 += d1;
    }
    if (Math.abs(g1) < 1e-10 && Math.abs(g2) < 1e-10) break;
    const det = h11 * h22 - h21 * h21;
    const dA = -(h22 * g1 - h21 * g2) / det;
    const dB = -(-h21 * g1 + h11 * g2) / det;
    const gd = g1 * dA + g2 * dB;
    let step = 1;
    let moved = false;
    while (step >= 1e-10) {
      const nA = A + step * dA;
      const nB = B + step * dB;
      const nf = objective(nA, nB);
      if (nf < fval + 1e-4 * step * gd) {
        (A = nA), (B = nB), (fval = nf), (moved = true);
        break;
      }
      step /= 2;
    }
    if (!moved) break;
  }
  return { a: -A, b: -B };
}

export function applyPlatt(s: number, fit: PlattFit): number {
  return sigmoid(fit.a * logit(s) + fit.b);
}

/**
 * Isotonic regression by pool-adjacent-violators: equal scores are merged first (their labels averaged, weighted by
 * count), then adjacent blocks whose means decrease are pooled until the fitted values never decrease. The fit is
 * linear between the distinct scores and clipped outside them, as scikit-learn's IsotonicRegression predicts.
 * Targets may be any values in [0, 1] (fitCalibration passes Platt's smoothed ones).
 */
export function fitIsotonic(scores: ArrayLike<number>, labels: ArrayLike<number>, weights?: ArrayLike<number>): IsotonicFit {
  if (scores.length !== labels.length) throw new ProspectError(`${scores.length} scores but ${labels.length} targets.`, 'BAD_SHAPE');
  for (let i = 0; i < labels.length; i++) {
    if (!(labels[i] >= 0 && labels[i] <= 1)) throw new ProspectError(`Target ${i} is ${labels[i]}: targets must lie in [0, 1].`, 'BAD_LABEL', { row: i });
    if (!Number.isFinite(scores[i])) throw new ProspectError(`Score ${i} is ${scores[i]}: calibration needs finite scores.`, 'BAD_SCORE', { row: i });
  }
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((i, j) => scores[i] - scores[j]);
  const xs: number[] = [];
  const ys: number[] = [];
  const ws: number[] = [];
  for (const i of order) {
    const w = weights ? weights[i] : 1;
    const k = xs.length - 1;
    if (k >= 0 && xs[k] === scores[i]) {
      ys[k] = (ys[k] * ws[k] + labels[i] * w) / (ws[k] + w);
      ws[k] += w;
    } else (xs.push(scores[i]), ys.push(labels[i]), ws.push(w));
  }
  // Blocks as (mean, weight, count of distinct scores).
  const mean: number[] = [];
  const weight: number[] = [];
  const count: number[] = [];
  for (let k = 0; k < xs.length; k++) {
    mean.push(ys[k]);
    weight.push(ws[k]);
    count.push(1);
    while (mean.length > 1 && mean[mean.length - 2] > mean[mean.length - 1]) {
      const w = weight.pop()!;
      const m = mean.pop()!;
      const c = count.pop()!;
      const j = mean.length - 1;
      mean[j] = (mean[j] * weight[j] + m * w) / (weight[j] + w);
      weight[j] += w;
      count[j] += c;
    }
  }
  const y: number[] = [];
  mean.forEach((m, j) => {
    for (let c = 0; c < count[j]; c++) y.push(m);
  });
  return { x: xs, y };
}

export function applyIsotonic(s: number, fit: IsotonicFit): number {
  const { x, y } = fit;
  if (x.length === 0) return NaN;
  if (s <= x[0]) return y[0];
  if (s >= x[x.length - 1]) return y[y.length - 1];
  let lo = 0;
  let hi = x.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid] <= s) lo = mid;
    else hi = mid;
  }
  return y[lo] + ((s - x[lo]) * (y[hi] - y[lo])) / (x[hi] - x[lo]);
}

export interface WindowBaseRate {
  /** Share of the windows the training rule allows whose centre lies within the slide radius of a known deposit. */
  rate: number;
  positives: number;
  windows: number;
}

/**
 * The area's base rate in the model's own unit: of every window position the training rule allows (stride 1), the
 * share a slid positive could have taken (a deposit within slideRadius of the centre on both axes).
 */
export function windowBaseRate(
  spec: GridSpec,
  mask: Uint8Array | null,
  deposits: DepositCell[],
  size: number,
  slideRadius: number,
  maxNodataFraction = DEFAULT_MAX_NODATA_FRACTION,
): WindowBaseRate {
  const { width: W, height: H } = spec;
  const near = new Uint8Array(W * H);
  for (const d of deposits) {
    for (let r = Math.max(0, d.row - slideRadius); r <= Math.min(H - 1, d.row + slideRadius); r++) {
      for (let c = Math.max(0, d.col - slideRadius); c <= Math.min(W - 1, d.col + slideRadius); c++) near[r * W + c] = 1;
    }
  }
  const rule = windowRule(spec, mask, maxNodataFraction);
  const half = Math.floor(size / 2);
  let n = 0;
  let pos = 0;
  for (let r = 0; r + size <= H; r++) {
    for (let c = 0; c + size <= W; c++) {
      if (!rule(r, c, size)) continue;
      n++;
      pos += near[(r + half) * W + c + half];
    }
  }
  return { rate: n ? pos / n : NaN, positives: pos, windows: n };
}

export interface CalibrationOptions {
  /** The area's base rate (e.g. windowBaseRate().rate); without it the calibration set's own ore share is taken as the area's. */
  baseRate?: number;
  /** Ore share the model was trained at (0.5 with balanced class weights); used when nothing else can be fitted. */
  trainingRate?: number;
  minIsotonic?: number;
  minPlatt?: number;
}

/**
 * Platt's smoothed targets, (N+ + 1) / (N+ + 2) for ore and 1 / (N- + 2) for background: a block of only ore windows
 * among N+ held out means "at least that likely", not certainty, and keeps the prior shift finite. Without them the
 * top isotonic block is 1, and shifting to a base rate of a few percent leaves it at 1 where the area holds forty
 * times more background windows than the calibration set.
 */
export function plattTargets(labels: ArrayLike<number>, nPos: number, nNeg: number): Float64Array {
  const hi = (nPos + 1) / (nPos + 2);
  const lo = 1 / (nNeg + 2);
  return Float64Array.from(labels, (y) => (y ? hi : lo));
}

/**
 * Chooses and fits the calibration from held-out scores with their labels (the CV folds' held-out windows): see
 * the head of this file for which method when.
 */
export function fitCalibration(scores: ArrayLike<number>, labels: ArrayLike<number>, opts: CalibrationOptions = {}): Calibration {
  checkPairs(scores, labels);
  let nPos = 0;
  for (let i = 0; i < labels.length; i++) nPos += labels[i];
  const nNeg = labels.length - nPos;
  const few = Math.min(nPos, nNeg);
  const minIso = opts.minIsotonic ?? MIN_ISOTONIC;
  const minPlatt = opts.minPlatt ?? MIN_PLATT;
  const counts = `${nPos} held-out ore and ${nNeg} background windows`;
  const shiftTo = (from: number) => (opts.baseRate === undefined ? undefined : priorShift(from, opts.baseRate));
  const calShare = nPos / Math.max(1, nPos + nNeg);
  const bigShift = opts.baseRate !== undefined && few > 0 && Math.abs(logit(opts.baseRate) - logit(calShare)) > MAX_ISOTONIC_SHIFT;
  const baseNote = opts.baseRate === undefined
    ? ' No area base rate was given: the probabilities are at the calibration set\'s own ore share.'
    : ` Shifted from the calibration set's ore share ${calShare.toFixed(3)} to the area's base rate ${opts.baseRate.toPrecision(3)}.`;
  if (few >= minIso && !bigShift) {
    return {
      method: 'isotonic', isProbability: true, nPositive: nPos, nNegative: nNeg, isotonic: fitIsotonic(scores, plattTargets(labels, nPos, nNeg)),
      ...(opts.baseRate === undefined ? {} : { priorShift: shiftTo(calShare) }),
      reason: `Isotonic regression (on Platt's smoothed targets) on ${counts} (at least ${minIso} of each).${baseNote}`,
    };
  }
  if (few >= minPlatt) {
    return {
      method: 'platt', isProbability: true, nPositive: nPos, nNegative: nNeg, platt: fitPlatt(scores, labels),
      ...(opts.baseRate === undefined ? {} : { priorShift: shiftTo(calShare) }),
      reason: `Platt scaling on ${counts} (${bigShift && few >= minIso ? 'the shift to the area\'s base rate is too large for isotonic regression' : `fewer than ${minIso} of a class for isotonic regression`}).${baseNote}`,
    };
  }
  if (opts.baseRate !== undefined && opts.trainingRate !== undefined) {
    return {
      method: 'prior-shift', isProbability: false, nPositive: nPos, nNegative: nNeg, priorShift: priorShift(opts.trainingRate, opts.baseRate),
      reason: `Only ${counts}: too few to calibrate (at least ${minPlatt} of each). The training ratio ${opts.trainingRate.toPrecision(3)} is shifted to the area's base rate ${opts.baseRate.toPrecision(3)}, but the model's confidence is unchecked: this is a score, not a probability.`,
    };
  }
  return {
    method: 'none', isProbability: false, nPositive: nPos, nNegative: nNeg,
    reason: `Only ${counts} and no base rate: the model's output is a score, not a probability.`,
  };
}

export function applyCalibration(cal: Calibration, s: number): number {
  if (Number.isNaN(s)) return NaN;
  let p = s;
  if (cal.isotonic) p = applyIsotonic(s, cal.isotonic);
  else if (cal.platt) p = applyPlatt(s, cal.platt);
  return cal.priorShift ? applyPriorShift(p, cal.priorShift) : p;
}

/** A whole map or list through applyCalibration (NaN stays NaN). */
export function calibrateScores(cal: Calibration, scores: ArrayLike<number>): Float32Array {
  return Float32Array.from(scores, (s) => applyCalibration(cal, s));
}

/**
 * Reliability curve: predictions binned, each bin's mean prediction against its observed ore share, with counts.
 * 'uniform' bins cut [0, 1] into equal widths, 'quantile' bins hold about equal counts (better when the predictions
 * crowd near a small base rate); edges and the bin of each value as scikit-learn's calibration_curve places them.
 */
export function reliabilityCurve(
  pred: ArrayLike<number>,
  labels: ArrayLike<number>,
  opts: { bins?: number; strategy?: 'uniform' | 'quantile' } = {},
): ReliabilityCurve {
  checkPairs(pred, labels);
  const nb = opts.bins ?? 10;
  const n = pred.length;
  let edges: number[];
  if (opts.strategy === 'quantile') {
    const sorted = Float64Array.from(pred).sort();
    edges = Array.from({ length: nb + 1 }, (_, i) => {
      const h = ((n - 1) * (i * (100 / nb))) / 100;
      const lo = Math.floor(h);
      const hi = Math.min(n - 1, lo + 1);
      return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    });
  } else {
    const step = 1 / nb;
    edges = Array.from({ length: nb + 1 }, (_, i) => i * step);
  }
  const count = new Float64Array(nb);
  const positives = new Float64Array(nb);
  const sumPred = new Float64Array(nb);
  let brier = 0;
  for (let i = 0; i < n; i++) {
    const p = pred[i];
    let b = 0;
    while (b < nb - 1 && p >= edges[b + 1]) b++;
    count[b]++;
    positives[b] += labels[i];
    sumPred[b] += p;
    brier += (p - labels[i]) ** 2;
  }
  const bins: ReliabilityBin[] = [];
  let ece = 0;
  for (let b = 0; b < nb; b++) {
    const meanPredicted = count[b] ? sumPred[b] / count[b] : null;
    const observed = count[b] ? positives[b] / count[b] : null;
    if (count[b]) ece += (count[b] / n) * Math.abs(observed! - meanPredicted!);
    bins.push({ lo: edges[b], hi: edges[b + 1], count: count[b], positives: positives[b], meanPredicted, observed });
  }
  return { bins, ece, brier: n ? brier / n : NaN, n };
}
