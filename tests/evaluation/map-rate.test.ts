import { describe, expect, it } from 'vitest';
import { areaUnderRateCurve, depositShareAt, mapPredictionRate } from '../../src-main/core/evaluation/map-rate';
import { loadXinjiang } from '../selection/data';
import { sklearn } from '../selection/sklearn';

describe('mapPredictionRate', () => {
  it('equals sklearn roc_auc_score over a held-out region of the real Xinjiang grids (deposit cells vs every other region cell)', async () => {
    const { stack, deposits } = await loadXinjiang(['W', 'Bi', 'Au']);
    const W = stack.spec.width;
    // The held-out region: the eastern 139 columns (5 of the 10 deposits); a coarsened band adds heavy ties.
    const region = Uint8Array.from({ length: W * stack.spec.height }, (_, i) => (i % W >= 150 ? 1 : 0));
    const pos = deposits.map((d) => d.row * W + d.col).filter((i) => region[i]);
    expect(pos.length).toBeGreaterThanOrEqual(2);
    const maps = [...stack.bands, Float32Array.from(stack.bands[0], (v) => Math.round(v))];
    const idx = [...region.keys()].filter((i) => region[i]);
    const ref = sklearn<{ auc: number[] }>({
      op: 'auc',
      cases: maps.map((m) => ({ scores: idx.map((i) => m[i]), labels: idx.map((i) => (pos.includes(i) ? 1 : 0)) })),
    });
    maps.forEach((m, k) => {
      const r = mapPredictionRate(m, region, pos, { maxPoints: 1e9 });
      expect(Math.abs(r.auc! - ref.auc[k])).toBeLessThan(1e-12);
      expect(r.nPositive).toBe(pos.length);
      expect(r.nCells).toBe(idx.length);
      expect(r.placements.reduce((s, v) => s + v, 0) / pos.length).toBeCloseTo(r.auc!, 12);
      // The exact curve's area is the ROC AUC with the deposits' own area counted in.
      const n = r.nCells;
      expect(areaUnderRateCurve(r.curve)).toBeCloseTo(r.auc! * (1 - pos.length / n) + pos.length / (2 * n), 12);
      expect(r.curve[0]).toEqual({ areaShare: 0, depositShare: 0 });
      expect(r.curve[r.curve.length - 1]).toEqual({ areaShare: 1, depositShare: 1 });
      for (let i = 1; i < r.curve.length; i++) {
        expect(r.curve[i].areaShare).toBeGreaterThanOrEqual(r.curve[i - 1].areaShare);
        expect(r.curve[i].depositShare).toBeGreaterThanOrEqual(r.curve[i - 1].depositShare);
      }
      expect(mapPredictionRate(m, region, pos, { maxPoints: 5 }).curve.length).toBeLessThanOrEqual(5);
    });
    // The whole grid as the region: the SOURCE.txt sanity figure (W about 0.73 against all 10 deposits).
    const all = new Uint8Array(W * stack.spec.height).fill(1);
    expect(mapPredictionRate(stack.bands[0], all, deposits.map((d) => d.row * W + d.col)).auc).toBeCloseTo(0.73, 2);
  });

  it('ranks unscored region cells last without dropping them from the area, counts ties one half, and reads the curve', () => {
    // Region: cells 0..5 (6 cells); cell 6 is outside. Deposits at 1 (score 5) and 4 (score 2, tied with cell 3).
    const scores = Float32Array.from([9, 5, NaN, 2, 2, 1, 100]);
    const region = Uint8Array.from([1, 1, 1, 1, 1, 1, 0]);
    const r = mapPredictionRate(scores, region, [1, 4, 4]);
    expect(r.nCells).toBe(6);
    expect(r.nUnscored).toBe(1);
    expect(r.nPositive).toBe(2);
    // Negatives 9, NaN(-inf), 2, 1: deposit 5 beats 3 of 4; deposit 2 beats NaN and 1, ties 2 -> 2.5 of 4.
    expect(Array.from(r.placements)).toEqual([0.75, 0.625]);
    expect(r.auc).toBeCloseTo(0.6875, 15);
    expect(r.curve).toEqual([
      { areaShare: 0, depositShare: 0 },
      { areaShare: 1 / 6, depositShare: 0 },
      { areaShare: 2 / 6, depositShare: 0.5 },
      { areaShare: 4 / 6, depositShare: 1 },
      { areaShare: 1, depositShare: 1 },
    ]);
    expect(depositShareAt(r.curve, 0.5)).toBeCloseTo(0.75, 12);
    expect(() => mapPredictionRate(scores, region, [6], { width: 7 })).toThrow(/cell 6 \(row 0, column 6\) is not a valid cell of the held-out region/);
    expect(mapPredictionRate(scores, region, []).auc).toBeNull();
    expect(mapPredictionRate(scores, Uint8Array.from([0, 1, 0, 0, 0, 0, 0]), [1]).auc).toBeNull();
  });
});
