import { describe, expect, it } from 'vitest';
import { captureAt, depositClusters, mapEvaluation, type FoldMapScore } from '../../src-main/core/evaluation/map-eval';
import { mapPredictionRate } from '../../src-main/core/evaluation/map-rate';
import type { MapModelKind } from '../../src-main/core/results';
import { createRng } from '../../src-main/core/util/random';

const W = 60;
const H = 60;

/** Deposits in four districts of three, two folds (left and right half), each model's map scored on its fold. */
function scenario(quality: Record<string, number>, seed = 3) {
  const rng = createRng(seed);
  const centres = [[6, 8], [44, 10], [8, 46], [46, 48]];
  const deposits = centres.flatMap(([r, c], g) => [0, 1, 2].map((k) => ({ id: `d${g}${k}`, row: r + 2 * k, col: c + (k % 2) })));
  const depositXY = new Map(deposits.map((d) => [d.id, [d.col, d.row] as [number, number]]));
  const scores: FoldMapScore[] = [];
  for (const fold of [0, 1]) {
    const region = new Uint8Array(W * H);
    for (let r = 0; r < H; r++) for (let c = 0; c < W; c++) if ((c < W / 2) === (fold === 0)) region[r * W + c] = 1;
    const held = deposits.filter((d) => region[d.row * W + d.col]);
    for (const [model, q] of Object.entries(quality)) {
      // A map with signal q at the deposits, plus noise.
      const map = Float32Array.from({ length: W * H }, () => rng.normal());
      for (const d of held) map[d.row * W + d.col] += q + 0.5 * rng.normal();
      const r = mapPredictionRate(map, region, held.map((d) => d.row * W + d.col), { width: W });
      const kind = (model.startsWith('cnn') ? 'cnn' : model) as MapModelKind;
      scores.push({
        model, kind, label: model, score: {
          fold, auc: r.auc, interval: null, nPositive: r.nPositive, nCells: r.nCells, captureAt20: null, fitted: model === 'best-element' ? 'Cu' : model,
          deposits: held.map((d) => d.id), placements: Array.from(r.placements),
        },
      });
    }
  }
  return { scores, depositXY };
}

describe('held-out map comparison', () => {
  it('clusters deposits at the fold distance (window + buffer), so a district is one unit', () => {
    const { scores, depositXY } = scenario({ 'cnn:smallcnn': 2, 'best-element': 1 });
    const c = depositClusters(scores, depositXY, 16 + 16);
    expect(new Set(c.values()).size).toBe(4);
    // At one cell apart nothing links: every deposit its own unit (what a single-deposit resample assumes).
    expect(new Set(depositClusters(scores, depositXY, 1).values()).size).toBe(12);
  });

  it('compares every pair of models on the same deposits with a cluster t interval (G - 1 df)', () => {
    const { scores, depositXY } = scenario({ 'cnn:smallcnn': 2.5, 'best-element': 1, 'zscore-index': 1.2, logistic: 2, 'random-forest': 0 });
    const m = mapEvaluation(scores, depositXY, 32, 1);
    expect(m.clusterDistance).toBe(32);
    expect(m.pairs).toHaveLength(10);
    const names = new Set(m.pairs!.map((p) => [p.model, p.other].sort().join('|')));
    expect(names.size).toBe(10);
    for (const p of m.pairs!) {
      const a = m.models.find((x) => x.model === p.model)!;
      const b = m.models.find((x) => x.model === p.other)!;
      expect(p.difference).toBeCloseTo(a.mapAuc! - b.mapAuc!, 12);
      expect(p.difference).toBeGreaterThanOrEqual(0);
      expect(p).toMatchObject({ method: 'cluster-t', units: 4, deposits: 12 });
      expect(p.lo).toBeLessThanOrEqual(p.difference);
      expect(p.hi).toBeGreaterThanOrEqual(p.difference);
    }
    for (const x of m.models) expect(x.interval).toMatchObject({ method: 'cluster-t', units: 4, df: 3 });
  });
});

describe('capture in the best x% of the held-out block', () => {
  it('counts each deposit against the best x% of its own block, pooled over folds, with a cluster interval', () => {
    // Placements 0.995 (needs the best 0.5%), 0.97 (3%), 0.92 (8%), 0.85 (15%), 0.5 (50%), in 5 clusters.
    const p = [0.995, 0.97, 0.92, 0.85, 0.5, 0.995, 0.97, 0.92, 0.85, 0.5];
    const c = [0, 1, 2, 3, 4, 0, 1, 2, 3, 4];
    expect(captureAt(p, c, 0.01)!.value).toBeCloseTo(0.2, 12);
    expect(captureAt(p, c, 0.05)!.value).toBeCloseTo(0.4, 12);
    expect(captureAt(p, c, 0.1)!.value).toBeCloseTo(0.6, 12);
    const at20 = captureAt(p, c, 0.2)!;
    expect(at20.value).toBeCloseTo(0.8, 12);
    expect(at20.lo).toBeLessThan(0.8);
    expect(at20.hi).toBe(1);
    // Everything captured: not a zero-width interval, but Clopper-Pearson on 5 clusters of 5 (0.025^(1/5) = 0.478).
    const all = captureAt(p.map(() => 0.999), c, 0.01)!;
    expect(all).toEqual({ value: 1, lo: expect.closeTo(0.025 ** 0.2, 12), hi: 1 });
  });

  it('is reported for 1, 5, 10 and 20% for every model, and agrees with the pooled curve at 20%', () => {
    const { scores, depositXY } = scenario({ 'cnn:smallcnn': 2.5, 'best-element': 1, logistic: 2 });
    const m = mapEvaluation(scores, depositXY, 32, 1);
    for (const x of m.models) {
      expect(Object.keys(x.captureAt!)).toEqual(['0.01', '0.05', '0.1', '0.2']);
      const v = Object.values(x.captureAt!).map((c) => c.value);
      expect([...v].sort((a, b) => a - b)).toEqual(v);
      for (const c of Object.values(x.captureAt!)) expect(c.lo <= c.value && c.value <= c.hi).toBe(true);
      // The pooled curve interpolates within ties; the counted share is the step it interpolates.
      expect(Math.abs(x.captureAt!['0.2'].value - x.captureAt20!)).toBeLessThanOrEqual(1 / 12 + 1e-9);
    }
  });
});

describe('the verdict names the best held-out map', () => {
  it('names the per-cell logistic when it beats the CNN, and delivers it when it beats the simplest map and chance', () => {
    const { scores, depositXY } = scenario({ 'cnn:smallcnn': 1.2, 'best-element': 0.3, 'zscore-index': 0.5, logistic: 4, 'random-forest': 1 }, 11);
    const m = mapEvaluation(scores, depositXY, 32, 1);
    const v = m.verdict;
    expect(v.bestModel).toBe('logistic');
    expect(v.bestVsSimplest).toMatchObject({ model: 'logistic', other: 'best-element', method: 'cluster-t', units: 4 });
    expect(v.bestVsSimplest!.lo).toBeGreaterThan(0);
    expect(v.bestBeatsSimplest).toBe(true);
    expect(v.bestVsChance!.lo).toBeGreaterThan(0);
    expect(v.trust).toBe('act');
    expect(v.deliveredMap).toMatchObject({ model: 'logistic', kind: 'logistic' });
    expect(v.sentence).toMatch(/^The best held-out map is the logistic \(map AUC [01]\.\d\d, 95% interval/);
    expect(v.sentence).toMatch(/the CNN does not earn its place here/);
    expect(v.sentence).toMatch(/Targets: the logistic map \(the best held-out map/);
    // The CNN-versus-element pair is still given, from the same cluster t.
    expect(v.cnnVsBestElement).toMatchObject({ method: 'cluster-t', units: 4 });
  });

  it('says chance when the best map cannot be told from 0.5, and delivers the simplest map', () => {
    const { scores, depositXY } = scenario({ 'cnn:smallcnn': 0, 'best-element': 0, logistic: 0 }, 5);
    const v = mapEvaluation(scores, depositXY, 32, 1).verdict;
    expect(v.bestVsChance!.lo).toBeLessThanOrEqual(0);
    expect(v.trust).toBe('chance');
    expect(v.deliveredMap!.model).toBe('best-element');
    expect(v.sentence).toMatch(/not distinguishable from chance/);
  });

  it('delivers the simplest map when nothing beats it beyond the interval', () => {
    const { scores, depositXY } = scenario({ 'cnn:smallcnn': 2.6, 'best-element': 2.5, logistic: 2.4 }, 8);
    const v = mapEvaluation(scores, depositXY, 32, 1).verdict;
    expect(v.bestVsChance!.lo).toBeGreaterThan(0);
    expect(v.trust).toBe('element');
    expect(v.deliveredMap!.model).toBe('best-element');
    if (v.bestModel !== 'best-element') expect(v.bestBeatsSimplest).toBe(false);
    else expect(v.bestBeatsSimplest).toBeNull();
  });
});
