import { describe, expect, it } from 'vitest';
import {
  binarize,
  classificationReport,
  confusionMatrix,
  paIntersection,
  predictionRateCurve,
  rocAuc,
  successRateCurve,
  thresholdAt,
} from '../../src-main/core/evaluation/metrics';
import { fitBestElement, fitLogistic, predictBestElement, predictLogistic, windowMeanFeatures } from '../../src-main/core/evaluation/baselines';
import { createRng } from '../../src-main/core/util/random';
import { sklearn } from '../selection/sklearn';
import { loadXinjiang } from '../selection/data';
import { sampleWindows } from '../../src-main/core/dataset/windows';
import { buildSpatialFolds, foldSplit } from '../../src-main/core/dataset/folds';

describe('classification metrics', () => {
  it('confusion matrix is [[tn, fp], [fn, tp]] on a hand case', () => {
    const t = [0, 0, 0, 1, 1, 1, 1, 0];
    const p = [0, 1, 0, 1, 0, 1, 1, 0];
    expect(confusionMatrix(t, p)).toEqual([
      [3, 1],
      [1, 3],
    ]);
    const r = classificationReport(t, p);
    expect(r.accuracy).toBe(6 / 8);
    expect(r.precision).toEqual([0.75, 0.75]);
    expect(r.macroF1).toBeCloseTo(0.75, 15);
  });

  it('matches sklearn (accuracy, per-class precision/recall/F1, macro F1, confusion matrix) on random cases', () => {
    const rng = createRng(11);
    const cases: { y_true: number[]; y_pred: number[] }[] = [];
    for (let c = 0; c < 4; c++) {
      const n = 50 + 40 * c;
      const t = Array.from({ length: n }, () => (rng.next() < 0.3 ? 1 : 0));
      const p = c === 3 ? t.map(() => 0) : t.map((y) => (rng.next() < 0.75 ? y : 1 - y)); // c = 3: class 1 never predicted
      cases.push({ y_true: t, y_pred: p });
    }
    type Ref = { accuracy: number; f1_macro: number; precision: number[]; recall: number[]; f1: number[]; confusion: number[][] };
    const refs = sklearn<Ref[]>(cases.map((cs) => ({ op: 'classification', ...cs })));
    for (let c = 0; c < 4; c++) {
      const { y_true: t, y_pred: p } = cases[c];
      const ref = refs[c];
      const r = classificationReport(t, p);
      expect(r.confusion).toEqual(ref.confusion);
      expect(r.accuracy).toBeCloseTo(ref.accuracy, 12);
      expect(r.macroF1).toBeCloseTo(ref.f1_macro, 12);
      r.precision.forEach((v, k) => expect(v).toBeCloseTo(ref.precision[k], 12));
      r.recall.forEach((v, k) => expect(v).toBeCloseTo(ref.recall[k], 12));
      r.f1.forEach((v, k) => expect(v).toBeCloseTo(ref.f1[k], 12));
    }
  });

  it('ROC AUC and binarize', () => {
    const { auc, curve } = rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]);
    expect(auc).toBe(0.75); // sklearn's roc_auc_score example
    expect(curve[0]).toEqual({ threshold: Infinity, fpr: 0, tpr: 0 });
    expect(curve.at(-1)).toMatchObject({ fpr: 1, tpr: 1 });
    expect(Array.from(binarize([0.2, 0.5, 0.7]))).toEqual([0, 1, 1]);
  });
});

describe('area-based curves on a map', () => {
  // 10 x 10 map, score = cell index; cells 0..9 (top row) outside the mask.
  const W = 10;
  const scores = Float32Array.from({ length: 100 }, (_, i) => i);
  const mask = new Uint8Array(100).fill(1).fill(0, 0, 10);
  const deps = [
    { row: 9, col: 9 }, // score 99: the best cell -> area 1/90
    { row: 5, col: 0 }, // 50: cells >= 50 are 50 of 90
    { row: 0, col: 3 }, // outside the mask: never captured
  ];

  it('success / prediction rate: share of deposits against share of the surveyed area', () => {
    const c = successRateCurve(scores, W, mask, deps);
    expect(c.nCells).toBe(90);
    expect(c.nMissed).toBe(1);
    expect(c.areaShare).toEqual([1 / 90, 50 / 90]);
    expect(c.depositShare).toEqual([1 / 3, 2 / 3]);
    expect(c.auc).toBeCloseTo((1 - 1 / 90 + 1 - 50 / 90) / 3, 12);
    expect(predictionRateCurve).toBe(successRateCurve);
  });

  it('P-A intersection and thresholdAt', () => {
    // Deposits score 99, 95, 90, 40: P(t) = 4/4 up to 40, 3/4 to 90, ...; 1 - A(t) = (t - 10) / 90.
    const d = [{ row: 9, col: 9 }, { row: 9, col: 5 }, { row: 9, col: 0 }, { row: 4, col: 0 }];
    const pa = paIntersection(scores, W, mask, d);
    // At t = 77: P = 3/4, 1 - A = 67/90 = 0.744 <= 0.75; at t = 78: 68/90 = 0.756 > 0.75.
    expect(pa.threshold).toBe(77);
    expect(pa.predictionRate).toBe(0.75);
    expect(pa.areaShare).toBeCloseTo(23 / 90, 12);
    expect(thresholdAt(scores, mask, 0.1)).toBe(91); // top 9 of 90 cells: 91..99
    const flat = new Float32Array(100).fill(1);
    expect(thresholdAt(flat, null, 0.1)).toBe(Infinity); // ties: any threshold takes all or nothing
  });
});

describe('baselines', () => {
  it('logistic regression (IRLS, L2) matches sklearn LogisticRegression on standardised features', () => {
    const rng = createRng(5);
    const n = 120;
    const X: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < n; i++) {
      const a = rng.normal();
      const b = rng.normal() * 3 + 1;
      const c = rng.normal();
      X.push([a, b, c]);
      y.push(rng.next() < 1 / (1 + Math.exp(-(1.2 * a - 0.3 * b + 0.2))) ? 1 : 0);
    }
    const x = Float64Array.from(X.flat());
    const idx = Array.from({ length: n }, (_, i) => i);
    const m = fitLogistic(x, 3, y, idx, { l2: 1 / 0.5 });
    const ref = sklearn<{ coef: number[]; intercept: number }>({ op: 'logistic', X, y, C: 0.5 });
    m.coef.forEach((v, k) => expect(v).toBeCloseTo(ref.coef[k], 5));
    expect(m.intercept).toBeCloseTo(ref.intercept, 5);
    const p = predictLogistic(m, x, 3, [0, 1]);
    expect(p[0]).toBeGreaterThan(0);
    expect(p[0]).toBeLessThan(1);
  });

  it('runs both baselines on spatial folds of the Xinjiang grids', async () => {
    const elements = ['W', 'Cu', 'Au', 'As', 'Bi'];
    const { stack, deposits } = await loadXinjiang(elements);
    const ws = sampleWindows(stack.spec, null, deposits, { size: 9, positivesPerDeposit: 9, nNegative: 90, slideRadius: 2, seed: 1 });
    const folds = buildSpatialFolds(ws, { k: 3, seed: 1 });
    const x = windowMeanFeatures(stack, ws, elements);
    const labels = ws.map((w) => w.label);
    for (let f = 0; f < 3; f++) {
      const { train, test } = foldSplit(folds, f);
      const best = fitBestElement(x, elements.length, labels, train, elements);
      expect(elements).toContain(best.element);
      const s1 = predictBestElement(best, x, elements.length, test);
      const lr = fitLogistic(x, elements.length, labels, train);
      const s2 = predictLogistic(lr, x, elements.length, test);
      expect(s1).toHaveLength(test.length);
      expect(s2.every((v) => v >= 0 && v <= 1)).toBe(true);
    }
    // Window means: the first window's mean of W equals a hand-computed mean over its in-grid cells.
    const w0 = ws[0];
    let s = 0;
    let m = 0;
    for (let r = Math.max(0, w0.row); r < Math.min(117, w0.row + 9); r++)
      for (let c = Math.max(0, w0.col); c < Math.min(289, w0.col + 9); c++) (s += stack.bands[0][r * 289 + c]), m++;
    expect(x[0]).toBeCloseTo(s / m, 9);
  });
});
