import { describe, expect, it } from 'vitest';
import { hanleyMcNeilSE, maxNullZ, normalCdf, nullSE, statsFromAuc } from '../../src-main/core/selection/auc';
import { selectElements } from '../../src-main/core/selection/select';
import {
  alphaOfThreshold,
  DEFAULT_MIN_DEPOSITS,
  holmAdjust,
  minAucToPass,
  permutationP,
} from '../../src-main/core/selection/significance';
import { PAPER_ELEMENTS, type GridStack } from '../../src-main/core/types';
import { loadXinjiang } from './data';

/** A 1 x (n + 1) grid: deposit at column 0 with value `at`, background 1..n. */
function oneDepositGrid(n: number, at: number): GridStack {
  const band = Float32Array.from({ length: n + 1 }, (_, i) => (i === 0 ? at : i));
  return { spec: { crs: 'x', xmin: 0, ymax: 1, cellX: 1, cellY: 1, width: n + 1, height: 1 }, elements: ['Au'], bands: [band] };
}

describe('ZAUC under the null', () => {
  it('matches the hand-computed Mann-Whitney SE and z', () => {
    // 4 deposits, 6 background: SE0 = sqrt(11 / (12 * 4 * 6)) = sqrt(11 / 288) = 0.195434; AUC 0.875 -> z = 1.918806.
    expect(nullSE(4, 6)).toBeCloseTo(0.195434, 6);
    const st = statsFromAuc(0.875, 4, 6);
    expect(st.zaucNull).toBeCloseTo(1.918806, 5);
    expect(st.pNull).toBeCloseTo(2 * (1 - normalCdf(1.918806)), 6);
    // The paper's ZAUC on the same numbers uses the smaller SE at the observed AUC.
    expect(st.zauc).toBeCloseTo(0.375 / hanleyMcNeilSE(0.875, 4, 6), 12);
    expect(st.zauc).toBeGreaterThan(st.zaucNull);
  });

  it('bounds what few deposits can show, as DEFAULT_MIN_DEPOSITS says', () => {
    expect([1, 2, 3, 4, 5].map((n) => maxNullZ(n, 1e7).toFixed(2))).toEqual(['1.73', '2.45', '3.00', '3.46', '3.87']);
    expect(minAucToPass(2.58, 3, 1e7)).toBeCloseTo(0.93, 2);
    expect(minAucToPass(2.58, 4, 1e7)).toBeCloseTo(0.872, 3);
    const holm16 = -inverseNormal(alphaOfThreshold(2.58) / 16 / 2);
    expect(holm16).toBeCloseTo(3.42, 2);
    expect(minAucToPass(holm16, 3, 1e7)).toBeGreaterThan(1);
    expect(minAucToPass(holm16, 4, 1e7)).toBeCloseTo(0.994, 3);
    expect(minAucToPass(holm16, 5, 1e7)).toBeCloseTo(0.94, 2);
    expect(DEFAULT_MIN_DEPOSITS).toBe(5);
  });
});

function inverseNormal(p: number): number {
  let lo = -10;
  let hi = 10;
  for (let i = 0; i < 100; i++) {
    const m = (lo + hi) / 2;
    if (normalCdf(m) < p) lo = m;
    else hi = m;
  }
  return (lo + hi) / 2;
}

describe('one deposit at AUC 0.95', () => {
  const stack = oneDepositGrid(100, 95.5); // above 95 of 100 background cells: AUC 0.95
  it('passes the paper ZAUC (the lenience the issue reports) but not the default criterion', () => {
    const paper = selectElements(stack, [{ row: 0, col: 0 }], { criterion: 'zauc', allowFewDeposits: true })[0];
    expect(paper.auc).toBeCloseTo(0.95, 12);
    expect(paper.zauc).toBeCloseTo(2.943, 3);
    expect(paper.selected).toBe(true);
    // The default is now the shift-and-rotation null (selection/shift-null.ts); the null z stays available by name.
    const shifted = selectElements(stack, [{ row: 0, col: 0 }], { allowFewDeposits: true })[0];
    expect(shifted.criterion).toBe('shift');
    expect(shifted.selected).toBe(false);
    const honest = selectElements(stack, [{ row: 0, col: 0 }], { criterion: 'zauc-null', allowFewDeposits: true })[0];
    expect(honest.criterion).toBe('zauc-null');
    expect(honest.zaucNull).toBeCloseTo(0.45 / Math.sqrt(102 / 1200), 10);
    expect(honest.selected).toBe(false);
    expect(honest.warning).toMatch(/1 distinct deposit cell on the grid, fewer than the 5/);
    const perm = selectElements(stack, [{ row: 0, col: 0 }], { criterion: 'permutation', allowFewDeposits: true, seed: 3 })[0];
    expect(perm.selected).toBe(false);
  });
  it('is refused outright under the default minimum, saying why', () => {
    expect(() => selectElements(stack, [{ row: 0, col: 0 }])).toThrow(/fewer than the 5 selection needs: with 1 the best possible element \(AUC 1\) reaches a null z of only 1\.71 \(p 0\.086\)/);
  });
});

describe('permutationP', () => {
  it('is exact for one deposit: the two-sided share of ranks as extreme', () => {
    // 1 deposit among 101 distinct values: its AUC is uniform over k / 100; |AUC - 0.5| >= 0.45 for 12 of 101.
    const r = permutationP([95.5], Array.from({ length: 100 }, (_, i) => i + 1), { permutations: 20000, seed: 4 });
    expect(r.auc).toBeCloseTo(0.95, 12);
    expect(Math.abs(r.p - 12 / 101)).toBeLessThan(0.01);
    expect(permutationP([95.5], Array.from({ length: 100 }, (_, i) => i + 1), { permutations: 20000, seed: 4 })).toEqual(r);
  });
  it('agrees with the null normal p on the real Xinjiang grids (10 deposits)', async () => {
    const { stack, deposits } = await loadXinjiang(['W', 'Cu', 'Ag', 'Mo']);
    const rows = selectElements(stack, deposits, { criterion: 'permutation', permutations: 4999, seed: 8 });
    for (const r of rows) {
      // Within Monte Carlo error plus the normal approximation's own error at n = 10.
      expect(Math.abs(r.pPermutation! - r.pNull)).toBeLessThan(0.25 * r.pNull + 0.01);
      expect(r.selected).toBe(r.direction === 'enrichment' && r.pPermutation! <= alphaOfThreshold(2.58));
    }
  });
});

describe('Holm', () => {
  it('adjusts by hand', () => {
    // sorted .005 x4 = .02, .01 x3 = .03, .03 x2 = .06, .04 x1 = .04 -> kept non-decreasing at .06.
    const adj = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    [0.03, 0.06, 0.06, 0.02].forEach((v, k) => expect(adj[k]).toBeCloseTo(v, 12));
    expect(holmAdjust([NaN, 0.2])).toEqual([NaN, 0.2]);
  });
  it('on the 16 paper elements of Xinjiang selects a subset of the uncorrected null selection, by its adjusted p', async () => {
    const { stack, deposits } = await loadXinjiang([...PAPER_ELEMENTS]);
    const plain = selectElements(stack, deposits);
    const holm = selectElements(stack, deposits, { holm: true });
    plain.forEach((r, k) => {
      expect(r.selected).toBe(r.zaucNull > 2.58);
      expect(holm[k].pHolm).toBeGreaterThanOrEqual(r.pNull);
      expect(holm[k].selected).toBe(holm[k].direction === 'enrichment' && holm[k].pHolm! <= alphaOfThreshold(2.58));
      if (holm[k].selected) expect(r.selected).toBe(true);
    });
    expect(() => selectElements(stack, deposits, { threshold: -1 })).toThrow(/positive z value/);
  });
});
