import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  applyCalibration, applyIsotonic, applyPlatt, fitCalibration, fitIsotonic, fitPlatt, logit, priorShift, applyPriorShift,
  reliabilityCurve, sigmoid, windowBaseRate,
} from '../../src-main/core/evaluation/calibration';
import type { GridSpec } from '../../src-main/core/types';
import { createRng } from '../../src-main/core/util/random';

/** Runs a snippet under Debian's python3 with numpy and scikit-learn; `data` arrives as the JSON variable D. */
function py<T>(code: string, data: unknown): T {
  const script = `import json, sys\nimport numpy as np\nD = json.load(sys.stdin)\n${code}`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify(data) }).toString()) as T;
}

/**
 * A synthetic area: windows with one feature x; the true P(ore | x) = sigmoid(a + 2x) with a set for a base rate near
 * 2%. A model trained on a 1:1 sample learns that posterior at pi = 0.5, and this one is also overconfident (its
 * logit doubled), as small CNNs trained to near-zero loss tend to be.
 */
function area(n: number, seed: number) {
  const rng = createRng(seed);
  const a = -5.4;
  const x = Float64Array.from({ length: n }, () => rng.normal());
  const pTrue = Float64Array.from(x, (v) => sigmoid(a + 2 * v));
  const y = Uint8Array.from(pTrue, (p) => (rng.next() < p ? 1 : 0));
  const rate = y.reduce((s, v) => s + v, 0) / n;
  // Balanced-sample posterior for the realised base rate, then made overconfident.
  const score = Float64Array.from(pTrue, (p) => sigmoid(2 * (logit(p) - logit(rate))));
  return { x, pTrue, y, rate, score };
}

/** A 1:1 held-out sample of the area's windows (as CV folds would hold out): every ore window and as many background. */
function balanced(A: ReturnType<typeof area>, seed: number, nEach: number) {
  const rng = createRng(seed);
  const pos = rng.shuffle([...A.y.keys()].filter((i) => A.y[i])).slice(0, nEach);
  const neg = rng.shuffle([...A.y.keys()].filter((i) => !A.y[i])).slice(0, pos.length);
  const idx = [...pos, ...neg];
  return { scores: idx.map((i) => A.score[i]), labels: idx.map((i) => A.y[i]) };
}

const mean = (v: ArrayLike<number>) => Array.from(v).reduce((s, x) => s + x, 0) / v.length;

describe('calibration', () => {
  it('pool-adjacent-violators matches a hand example', () => {
    // y = 1 0 1 0 0 1: pool (1,0) -> .5; 1, 0 -> .5 (a tie, kept); the next 0 pools back to 2/5 over the first five.
    const fit = fitIsotonic([1, 2, 3, 4, 5, 6], [1, 0, 1, 0, 0, 1]);
    expect(fit.x).toEqual([1, 2, 3, 4, 5, 6]);
    fit.y.slice(0, 5).forEach((v) => expect(v).toBeCloseTo(0.4, 12));
    expect(fit.y[5]).toBe(1);
    expect(applyIsotonic(5.5, fit)).toBeCloseTo(0.7, 12);
    expect(applyIsotonic(0, fit)).toBeCloseTo(0.4, 12);
    // Equal scores are merged before pooling.
    expect(fitIsotonic([0.2, 0.2, 0.1], [1, 0, 1]).y).toEqual([2 / 3, 2 / 3]);
  });

  it('isotonic and Platt fits match scikit-learn', () => {
    const A = area(20000, 11);
    const h = balanced(A, 3, 150);
    // Coarse scores give heavy ties.
    const s = h.scores.map((v) => Math.round(v * 40) / 40);
    const probe = Array.from({ length: 41 }, (_, i) => i / 40 - 0.0125);
    const ref = py<{ iso: number[]; a: number; b: number }>(`
from sklearn.isotonic import IsotonicRegression
from sklearn.calibration import _sigmoid_calibration
ir = IsotonicRegression(out_of_bounds='clip').fit(D['s'], D['y'])
a, b = _sigmoid_calibration(np.array(D['f']), np.array(D['y']))
print(json.dumps({'iso': ir.predict(D['probe']).tolist(), 'a': float(a), 'b': float(b)}))`, { s, y: h.labels, probe, f: h.scores.map(logit) });
    const iso = fitIsotonic(s, h.labels);
    probe.forEach((p, k) => expect(applyIsotonic(p, iso)).toBeCloseTo(ref.iso[k], 10));
    const platt = fitPlatt(h.scores, h.labels);
    // scikit-learn's sign convention: P = 1 / (1 + exp(a f + b)).
    expect(platt.a).toBeCloseTo(-ref.a, 3);
    expect(platt.b).toBeCloseTo(-ref.b, 3);
    // The doubled logit is undone: the slope is near 1/2.
    expect(platt.a).toBeGreaterThan(0.35);
    expect(platt.a).toBeLessThan(0.65);
  });

  it('recovers a known base rate: prior shift of a calibrated model, and calibration on held-out 1:1 windows', () => {
    const A = area(200000, 5);
    expect(A.rate).toBeGreaterThan(0.015);
    expect(A.rate).toBeLessThan(0.03);
    // Raw scores claim an ore share ten times too high.
    expect(mean(A.score)).toBeGreaterThan(5 * A.rate);
    // An honest balanced posterior shifted from 0.5 to the area's rate is the true probability exactly.
    const shift = priorShift(0.5, A.rate);
    expect(shift.logitShift).toBeCloseTo(logit(A.rate), 12);
    const honest = A.pTrue.map((p) => sigmoid(logit(p) - logit(A.rate)));
    const back = honest.map((p) => applyPriorShift(p, shift));
    back.forEach((p, i) => i % 997 === 0 && expect(p).toBeCloseTo(A.pTrue[i], 9));
    // The overconfident model: calibrated on 1:1 held-out windows, then shifted to the area's rate.
    // Isotonic needs a calibration set at the area's own share: a random sample of its windows.
    const rng = createRng(21);
    const sample = rng.shuffle([...A.y.keys()]).slice(0, 20000);
    const cases = [
      { name: 'isotonic, area sample', scores: sample.map((i) => A.score[i]), labels: sample.map((i) => A.y[i]), method: 'isotonic', tol: 0.1, ece: 0.006 },
      { name: 'Platt, 1000 + 1000', ...balanced(A, 9, 1000), method: 'platt', tol: 0.1, ece: 0.006 },
      // With 100 ore windows the sampling error of the fit is about +-20% (measured over 12 seeds).
      { name: 'Platt, 100 + 100', ...balanced(A, 9, 100), method: 'platt', tol: 0.4, ece: 0.015 },
    ];
    for (const c of cases) {
      const cal = fitCalibration(c.scores, c.labels, { baseRate: A.rate });
      expect(cal.method, c.name).toBe(c.method);
      expect(cal.isProbability).toBe(true);
      if (c.method === 'platt') expect(cal.priorShift?.from).toBe(0.5);
      const p = Array.from(A.score, (s) => applyCalibration(cal, s));
      expect(Math.abs(mean(p) / A.rate - 1), c.name).toBeLessThan(c.tol);
      // And on the area, the calibrated values lie near the diagonal.
      const rel = reliabilityCurve(p, A.y, { bins: 10, strategy: 'quantile' });
      expect(rel.ece, c.name).toBeLessThan(c.ece);
      const raw = reliabilityCurve(A.score, A.y, { bins: 10, strategy: 'quantile' });
      expect(raw.ece).toBeGreaterThan(0.1);
      for (const b of rel.bins.filter((x) => x.count > 5000 && x.meanPredicted! > 0.02)) {
        expect(Math.abs(b.observed! - b.meanPredicted!) / b.meanPredicted!, c.name).toBeLessThan(0.5);
      }
    }
    // Isotonic on a 1:1 set is refused for so large a shift (its top block would stay near certainty).
    const h = balanced(A, 9, 400);
    expect(fitCalibration(h.scores, h.labels, { baseRate: A.rate }).reason).toMatch(/too large for isotonic/);
    expect(fitCalibration(h.scores, h.labels, { baseRate: 0.4 }).method).toBe('isotonic');
  });

  it('falls back to the prior shift (a score) or nothing with too few held-out ore windows', () => {
    const s = [0.9, 0.8, 0.3, 0.2, 0.1, 0.4, 0.7];
    const y = [1, 1, 0, 0, 0, 0, 1];
    const c = fitCalibration(s, y, { baseRate: 0.01, trainingRate: 0.5 });
    expect(c).toMatchObject({ method: 'prior-shift', isProbability: false, nPositive: 3, nNegative: 4 });
    expect(c.reason).toMatch(/score, not a probability/);
    expect(applyCalibration(c, 0.5)).toBeCloseTo(0.01, 12);
    expect(fitCalibration(s, y)).toMatchObject({ method: 'none', isProbability: false });
    expect(applyCalibration(fitCalibration(s, y), 0.42)).toBe(0.42);
    expect(() => fitCalibration([0.1, 0.2], [0, 2])).toThrow(/Label 1 is 2/);
    expect(() => priorShift(0.5, 0)).toThrow(/base rate/);
    expect(applyPlatt(0.5, { a: 1, b: 0 })).toBeCloseTo(0.5, 12);
  });

  it('reliability bins match scikit-learn calibration_curve and carry counts', () => {
    const rng = createRng(4);
    const p = Array.from({ length: 3000 }, () => rng.next() ** 2);
    const y = p.map((v) => (rng.next() < v ? 1 : 0));
    p[0] = 0.3; // on a uniform edge
    p[1] = 1;
    for (const strategy of ['uniform', 'quantile'] as const) {
      const ref = py<{ t: number[]; p: number[] }>(`
from sklearn.calibration import calibration_curve
t, p = calibration_curve(D['y'], D['p'], n_bins=10, strategy=D['s'])
print(json.dumps({'t': t.tolist(), 'p': p.tolist()}))`, { y, p, s: strategy });
      const r = reliabilityCurve(p, y, { bins: 10, strategy });
      const full = r.bins.filter((b) => b.count > 0);
      expect(full.map((b) => b.observed!)).toEqual(ref.t.map((v) => expect.closeTo(v, 12)));
      expect(full.map((b) => b.meanPredicted!)).toEqual(ref.p.map((v) => expect.closeTo(v, 12)));
      expect(r.bins.reduce((s, b) => s + b.count, 0)).toBe(3000);
      expect(r.brier).toBeCloseTo(mean(p.map((v, i) => (v - y[i]) ** 2)), 12);
    }
  });

  it('the window base rate counts the positions a slid positive could take', () => {
    const spec: GridSpec = { crs: 'EPSG:32645', xmin: 0, ymax: 0, cellX: 1, cellY: 1, width: 20, height: 10 };
    // Windows of 4: tops 0..6, lefts 0..16 -> 7 x 17 = 119; centres at rows 2..8, cols 2..18.
    // A deposit at (5, 10) with slide 1: centres rows 4..6, cols 9..11 -> 9 positions.
    expect(windowBaseRate(spec, null, [{ row: 5, col: 10 }], 4, 1)).toEqual({ rate: 9 / 119, positives: 9, windows: 119 });
    // At the corner (0, 0) no centre can reach it: the edge rule applies here too.
    expect(windowBaseRate(spec, null, [{ row: 0, col: 0 }], 4, 1).positives).toBe(0);
  });
});
