import { describe, expect, it } from 'vitest';
import { boxMean, cellFeatures, cellTrainingSet, featureMatrix } from '../../src-main/core/evaluation/cell-features';
import { fitBestElementCells, fitCellModels, fitLogisticCells, fitRandomForestCells, fitZscoreIndex } from '../../src-main/core/evaluation/cell-models';
import { mapPredictionRate } from '../../src-main/core/evaluation/map-rate';
import { aucFromLabels } from '../../src-main/core/selection/auc';
import { createRng } from '../../src-main/core/util/random';
import { loadXinjiang } from '../selection/data';
import { sklearn } from '../selection/sklearn';

describe('cell features', () => {
  it('box mean equals a brute-force NaN-aware mean, clipped at the edges', () => {
    const rng = createRng(1);
    const W = 13;
    const H = 9;
    const band = Float32Array.from({ length: W * H }, () => (rng.next() < 0.2 ? NaN : rng.normal()));
    for (const r of [0, 1, 3]) {
      const m = boxMean(band, W, H, r);
      for (let i = 0; i < W * H; i++) {
        const y = Math.floor(i / W);
        const x = i % W;
        let s = 0;
        let n = 0;
        for (let yy = Math.max(0, y - r); yy <= Math.min(H - 1, y + r); yy++) {
          for (let xx = Math.max(0, x - r); xx <= Math.min(W - 1, x + r); xx++) {
            const v = band[yy * W + xx];
            if (!Number.isNaN(v)) (s += v), n++;
          }
        }
        if (Number.isNaN(band[i])) expect(m[i]).toBeNaN();
        else expect(m[i]).toBeCloseTo(Math.fround(s / n), 5);
      }
    }
    expect(() => boxMean(band, W, H, 1.5)).toThrow(/whole number of cells/);
  });

  it('draws a seeded training set: deposit cells and their buffer as positives, other training cells as negatives', () => {
    const W = 20;
    const H = 20;
    const spec = { crs: 'x', xmin: 0, ymax: 20, cellX: 1, cellY: 1, width: W, height: H };
    const band = Float32Array.from({ length: W * H }, (_, i) => (i === 0 ? NaN : i % 7));
    const f = cellFeatures({ spec, elements: ['Au'], bands: [band] }, ['Au'], { radius: 1 });
    expect(f.names).toEqual(['Au', 'Au@r1']);
    const train = Uint8Array.from({ length: W * H }, (_, i) => (i % W < 15 ? 1 : 0));
    const dep = [5 * W + 5, 10 * W + 14];
    const a = cellTrainingSet(f, train, dep, { seed: 3, bufferRadius: 1, nNegative: 50 });
    // Radius 1: the cell and its 4 edge neighbours; at column 14 the eastern neighbour is outside the training mask.
    expect(a.nPositive).toBe(5 + 4);
    expect(a.nNegative).toBe(50);
    expect(a.nNegativeAvailable).toBe(15 * 20 - 1 - 9);
    for (let k = 0; k < a.cells.length; k++) {
      expect(train[a.cells[k]]).toBe(1);
      expect(a.cells[k]).not.toBe(0);
    }
    expect(cellTrainingSet(f, train, dep, { seed: 3, bufferRadius: 1, nNegative: 50 })).toEqual(a);
    expect(cellTrainingSet(f, train, dep, { seed: 4, bufferRadius: 1, nNegative: 50 }).cells).not.toEqual(a.cells);
    expect(cellTrainingSet(f, train, dep, { seed: 3, bufferRadius: 1.5 }).nPositive).toBe(9 + 6);
    expect(() => cellTrainingSet(f, train, [5 * W + 17], { seed: 1 })).toThrow(/Training deposit 0 at cell 117 \(row 5, column 17\) is not a valid training cell/);
  });
});

describe('per-cell baselines on the Xinjiang grids', async () => {
  const elements = ['W', 'Cu', 'Bi', 'Ag'];
  const { stack, deposits } = await loadXinjiang(elements);
  const W = stack.spec.width;
  const N = W * stack.spec.height;
  const train = Uint8Array.from({ length: N }, (_, i) => (i % W < 150 ? 1 : 0));
  const held = Uint8Array.from(train, (v) => 1 - v);
  const f = cellFeatures(stack, elements, { radius: 2 });
  const trainDeps = deposits.map((d) => d.row * W + d.col).filter((i) => train[i]);
  const heldDeps = deposits.map((d) => d.row * W + d.col).filter((i) => held[i]);
  const ts = cellTrainingSet(f, train, trainDeps, { seed: 7, bufferRadius: 1 });

  it('best element and z index: chosen and signed on the training cells, their z grids as the map', () => {
    const aucs = elements.map((_, k) => aucFromLabels(Float64Array.from(ts.cells, (c) => f.columns[k][c]), ts.labels));
    const best = fitBestElementCells(f, ts);
    const k = aucs.map((a) => Math.max(a, 1 - a)).indexOf(Math.max(...aucs.map((a) => Math.max(a, 1 - a))));
    expect(best.details.element).toBe(elements[k]);
    const sign = aucs[k] < 0.5 ? -1 : 1;
    const map = best.predictMap(held);
    for (let i = 0; i < N; i += 97) expect(map[i]).toBe(held[i] ? sign * f.columns[k][i] : NaN);
    const index = fitZscoreIndex(f, ts);
    expect(index.details.signs).toEqual(aucs.map((a) => (a < 0.5 ? -1 : 1)));
    expect((index.details.signs as number[])[elements.indexOf('Ag')]).toBe(-1); // Ag is depleted at the deposits
    const im = index.predictMap(held);
    const i0 = heldDeps[0];
    expect(im[i0]).toBeCloseTo(elements.reduce((s, _, e) => s + (aucs[e] < 0.5 ? -1 : 1) * f.columns[e][i0], 0) / elements.length, 5);
  });

  it('logistic regression: the coefficients of sklearn LogisticRegression(C = 1) on the standardised training cells', () => {
    const F = f.columns.length;
    const x = featureMatrix(f, ts.cells);
    const X = Array.from(ts.cells, (_, r) => Array.from(x.subarray(r * F, (r + 1) * F)));
    const ref = sklearn<{ coef: number[]; intercept: number }>({ op: 'logistic', X, y: Array.from(ts.labels), C: 1 });
    const m = fitLogisticCells(f, ts);
    // lbfgs stops within its gradient tolerance on these correlated features (z and its own box mean): 1e-4 apart.
    (m.details.coef as number[]).forEach((c, k) => expect(Math.abs(c - ref.coef[k])).toBeLessThan(1e-3));
    expect(Math.abs((m.details.intercept as number) - ref.intercept)).toBeLessThan(1e-3);
    // The map holds the log-odds of the same model: at a training cell it matches the standardised linear predictor.
    const map = m.predictMap(train);
    const c = ts.cells[0];
    const eta = ref.intercept + ref.coef.reduce((s, w, k) => s + w * ((f.columns[k][c] - (m.details.mean as number[])[k]) / (m.details.sd as number[])[k]), 0);
    expect(map[c]).toBeCloseTo(eta, 3);
  });

  it('random forest: seeded, learns the training cells, and scores a held-out map whose AUC comes with its deposits', () => {
    const opts = { seed: 5, nEstimators: 20 };
    const rf = fitRandomForestCells(f, ts, opts);
    expect(rf.details.nNegative).toBe(1000);
    const trainMap = rf.predictMap(train);
    expect(aucFromLabels(Float64Array.from(ts.cells, (c) => trainMap[c]), ts.labels)).toBeGreaterThan(0.9);
    const a = rf.predictMap(held);
    expect(fitRandomForestCells(f, ts, opts).predictMap(held)).toEqual(a);
    expect(fitRandomForestCells(f, ts, { ...opts, seed: 6 }).predictMap(held)).not.toEqual(a);
    const all = fitCellModels(f, ts, { seed: 5, forest: { nEstimators: 20 } });
    expect(all.map((m) => m.kind)).toEqual(['best-element', 'zscore-index', 'logistic', 'random-forest']);
    for (const m of all) {
      const r = mapPredictionRate(m.predictMap(held), held, heldDeps);
      expect(r.nPositive).toBe(heldDeps.length);
      expect(r.auc).toBeGreaterThan(0);
      expect(r.nUnscored).toBe(0);
    }
  });
});
