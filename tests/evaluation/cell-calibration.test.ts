import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { logit, sigmoid } from '../../src-main/core/evaluation/calibration';
import { crossFittedCalibration, fitWeightedPlatt, MIN_PROBABILITY_DEPOSITS, type FoldCells } from '../../src-main/core/evaluation/cell-calibration';
import { createRng } from '../../src-main/core/util/random';

/** Cells whose true chance of a deposit is sigmoid(1.5 logit(v) - 9): a map that is overconfident at the top. */
function folds(nCells: number, keep: number, seed: number): { folds: FoldCells[]; truth: (v: number) => number } {
  const rng = createRng(seed);
  const truth = (v: number) => sigmoid(1.5 * logit(v) - 9);
  const out: FoldCells[] = [];
  for (let f = 0; f < 4; f++) {
    const values: number[] = [];
    const labels: (0 | 1)[] = [];
    for (let i = 0; i < nCells; i++) {
      const v = sigmoid(2 * rng.normal() - 1);
      const y = rng.next() < truth(v) ? 1 : 0;
      // Background drawn at rate `keep` (uniformly), every deposit cell kept.
      if (y === 1 || rng.next() < keep) (values.push(v), labels.push(y));
    }
    out.push({ fold: f, values, labels, backgroundWeight: 1 / keep });
  }
  return { folds: out, truth };
}

describe('calibration on the held-out ground', () => {
  it('recovers the true chance per cell from out-of-fold values, with background drawn at a known rate', () => {
    const { folds: fs, truth } = folds(40_000, 0.25, 3);
    const c = crossFittedCalibration(fs);
    expect(c.calibration).toMatchObject({ method: 'platt', isProbability: true });
    expect(c.calibration.priorShift).toBeUndefined();
    expect(c.calibration.platt!.a).toBeCloseTo(1.5, 0);
    for (const v of [0.2, 0.5, 0.8, 0.95]) {
      const p = sigmoid(c.calibration.platt!.a * logit(v) + c.calibration.platt!.b);
      expect(Math.abs(logit(p) - logit(truth(v)))).toBeLessThan(0.35);
    }
    // Cross-fitted reliability on cells, with counts; the top of the map is nowhere near certainty.
    expect(c.reliability!.bins.reduce((s, b) => s + b.count, 0)).toBe(fs.reduce((s, f) => s + f.values.length, 0));
    const top = sigmoid(c.calibration.platt!.a * logit(0.999) + c.calibration.platt!.b);
    expect(top).toBeLessThan(0.95);
  });

  it('the weighted fit equals scikit-learn LogisticRegression (no penalty) with sample weights on logit(value)', () => {
    const { folds: fs } = folds(3_000, 0.5, 6);
    const values = fs.flatMap((f) => f.values);
    const labels = fs.flatMap((f) => f.labels);
    const weights = fs.flatMap((f) => f.labels.map((y) => (y ? 1 : f.backgroundWeight)));
    const code = `
import json, sys, numpy as np
from sklearn.linear_model import LogisticRegression
d = json.load(sys.stdin)
x = np.log(np.array(d['v']) / (1 - np.array(d['v']))).reshape(-1, 1)
m = LogisticRegression(penalty=None, tol=1e-12, max_iter=10000).fit(x, d['y'], sample_weight=d['w'])
print(json.dumps([m.coef_[0][0], m.intercept_[0]]))`;
    const [a, b] = JSON.parse(execFileSync('/usr/bin/python3', ['-c', code], { input: JSON.stringify({ v: values, y: labels, w: weights }) }).toString());
    const fit = fitWeightedPlatt(values, labels, weights);
    expect(fit.a).toBeCloseTo(a, 4);
    expect(fit.b).toBeCloseTo(b, 4);
  });

  it('matches an unweighted fit when nothing was drawn (weights 1)', () => {
    const { folds: fs } = folds(5_000, 1, 4);
    const all = fs.flatMap((f) => f.values);
    const labels = fs.flatMap((f) => f.labels);
    const w = fitWeightedPlatt(all, labels, all.map(() => 1));
    const c = crossFittedCalibration(fs);
    expect(c.calibration.platt!.a).toBeCloseTo(w.a, 10);
    expect(c.calibration.platt!.b).toBeCloseTo(w.b, 10);
  });

  it('calls the map a score, saying why, with fewer than 15 held-out deposits', () => {
    const { folds: fs } = folds(400, 1, 5);
    const n = fs.reduce((s, f) => s + f.labels.filter((y) => y === 1).length, 0);
    expect(n).toBeLessThan(MIN_PROBABILITY_DEPOSITS);
    const c = crossFittedCalibration(fs);
    expect(c.calibration).toMatchObject({ method: 'none', isProbability: false });
    expect(c.calibration.reason).toMatch(/A score, not a probability: .*fewer than the 15 held-out deposits/);
    // Its reliability is the raw value's, on the same held-out cells.
    expect(c.reliability!.n).toBe(fs.reduce((s, f) => s + f.values.length, 0));
  });
});
