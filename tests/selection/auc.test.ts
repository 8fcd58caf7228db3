import { describe, expect, it } from 'vitest';
import {
  aucMannWhitney,
  aucStats,
  areaUnderRoc,
  hanleyMcNeilSE,
  normalCdf,
  rocCurve,
} from '../../src-main/core/selection/auc';
import { selectElements, splitByDeposits, svmAuc } from '../../src-main/core/selection/select';
import { PAPER_ELEMENTS } from '../../src-main/core/types';
import { sklearn } from './sklearn';
import { createRng } from '../../src-main/core/util/random';
import { loadKatanning, loadXinjiang } from './data';

describe('aucMannWhitney', () => {
  it('counts pairs by hand, ties as one half', () => {
    // pairs (p, n): 3>1, 3>2, 3=3 (0.5), 2>1, 2=2 (0.5), 2<3 -> 4 / 6
    expect(aucMannWhitney([3, 2], [1, 2, 3])).toBeCloseTo(4 / 6, 15);
    expect(aucMannWhitney([5, 5], [5, 5, 5])).toBe(0.5);
    expect(aucMannWhitney([1], [2])).toBe(0);
    expect(aucMannWhitney([2, NaN], [1, NaN])).toBe(1);
    expect(aucMannWhitney([], [1])).toBeNaN();
  });

  it('equals brute-force pair counting on both code paths (binary search for unequal sizes, merge walk otherwise)', () => {
    const r = createRng(2);
    for (const [a, b] of [[5, 1000], [40, 1000], [300, 1000], [1000, 999], [1000, 7]]) {
      const p = Array.from({ length: a }, () => Math.round(r.normal() * 3));
      const q = Array.from({ length: b }, () => Math.round(r.normal() * 3 - 1));
      let w = 0;
      for (const x of p) for (const y of q) w += x > y ? 1 : x === y ? 0.5 : 0;
      expect(Math.abs(aucMannWhitney(p, q) - w / (a * b))).toBeLessThan(1e-14);
    }
  });

  it('matches sklearn on random data with heavy ties', () => {
    const cases = [];
    let s = 7;
    const rnd = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let c = 0; c < 5; c++) {
      const n = 500 + c * 300;
      const labels = Array.from({ length: n }, () => (rnd() < 0.1 + 0.05 * c ? 1 : 0));
      const scores = labels.map((l) => Math.round((rnd() + 0.3 * l) * (c + 2))); // few distinct values
      cases.push({ scores, labels });
    }
    const ref = sklearn<{ auc: number[] }>({ op: 'auc', cases });
    cases.forEach((cs, k) => {
      const pos = cs.scores.filter((_, i) => cs.labels[i] === 1);
      const neg = cs.scores.filter((_, i) => cs.labels[i] === 0);
      expect(Math.abs(aucMannWhitney(pos, neg) - ref.auc[k])).toBeLessThan(1e-12);
      expect(Math.abs(areaUnderRoc(rocCurve(cs.scores, cs.labels)) - ref.auc[k])).toBeLessThan(1e-12);
    });
  });
});

describe('Hanley-McNeil SE, ZAUC, p', () => {
  it('reproduces the hand-checked value of Hanley & McNeil 1982 (A = 0.893, 51 abnormal, 58 normal)', () => {
    // Q1 = .893/1.107 = .806685, Q2 = 2(.797449)/1.893 = .842524; var = (.095551 + 50(.009236) + 57(.045075)) / 2958
    // = 3.12672 / 2958 = 1.0570e-3 -> SE = 0.03251 (the paper reports 0.032).
    expect(hanleyMcNeilSE(0.893, 51, 58)).toBeCloseTo(0.03251, 4);
  });
  it('gives ZAUC, a two-sided p and a 95% interval', () => {
    const st = aucStats([3, 4, 5, 6], [1, 2, 3, 4, 1.5, 2.5]);
    expect(st.zauc).toBeCloseTo((st.auc - 0.5) / st.se, 12);
    expect(st.p).toBeCloseTo(2 * (1 - normalCdf(Math.abs(st.zauc))), 12);
    expect(st.ci95[0]).toBeCloseTo(Math.max(0, st.auc - 1.959964 * st.se), 5);
    expect(normalCdf(2.58)).toBeCloseTo(0.99506, 5);
    expect(normalCdf(-1.959964)).toBeCloseTo(0.025, 6);
  });
});

describe('real data against sklearn roc_auc_score', () => {
  it('Xinjiang grids: the 16 paper elements, 10 deposit cells vs every other cell, to 1e-9', async () => {
    const elements: string[] = [...PAPER_ELEMENTS];
    const { stack, deposits } = await loadXinjiang(elements);
    expect(stack.spec.width).toBe(289);
    expect(stack.spec.height).toBe(117);
    const rows = selectElements(stack, deposits, { threshold: 2.58, criterion: 'zauc' });
    const isDep = new Uint8Array(stack.spec.width * stack.spec.height);
    for (const d of deposits) isDep[d.row * stack.spec.width + d.col] = 1;
    const labels = Array.from(isDep);
    const ref = sklearn<{ auc: number[] }>({
      op: 'auc',
      cases: stack.bands.map((b) => ({ scores: Array.from(b), labels })),
    });
    rows.forEach((r, k) => {
      expect(r.element).toBe(elements[k]);
      expect(Math.abs(r.auc - ref.auc[k])).toBeLessThan(1e-9);
      expect(r.nPos).toBe(10);
      expect(r.nNeg).toBe(289 * 117 - 10);
      expect(r.direction).toBe(r.auc < 0.5 ? 'depletion' : 'enrichment');
      expect(r.selected).toBe(r.zauc > 2.58);
    });
    // SOURCE.txt sanity figures: W .73, Cu .70, Ag .28 (depleted, shown, not selected one-sided).
    const by = Object.fromEntries(rows.map((r) => [r.element, r]));
    expect(by.W.auc).toBeCloseTo(0.73, 2);
    expect(by.Cu.auc).toBeCloseTo(0.7, 2);
    expect(by.Ag.direction).toBe('depletion');
    expect(by.Ag.selected).toBe(false);
    const two = selectElements(stack, deposits, { threshold: 2.58, twoSided: true, criterion: 'zauc' });
    expect(two.find((r) => r.element === 'Ag')!.selected).toBe(by.Ag.zauc < -2.58);

    // The paper's SVM-based AUC equals the direct AUC (or 1 - AUC when the SVM weight is negative).
    for (const e of ['W', 'Cu', 'Ag', 'Au']) {
      const k = elements.indexOf(e);
      const { pos, neg } = splitByDeposits(stack.bands[k], stack.spec.width, stack.spec.height, deposits);
      const s = svmAuc(pos, neg);
      expect(s.w).not.toBe(0);
      const expected = s.w > 0 ? ref.auc[k] : 1 - ref.auc[k];
      expect(Math.abs(s.auc - expected)).toBeLessThan(1e-9);
      // Not guaranteed in general (hinge loss follows margins, not ranks), but true of these grids; an
      // unconverged fit got W and Cu backwards.
      expect(Math.sign(s.w)).toBe(Math.sign(ref.auc[k] - 0.5));
    }
  });

  it('Katanning sediments: samples within 2 km of an Au site vs the rest (-9999 excluded), to 1e-9', () => {
    const sets = loadKatanning(['Au', 'Hg', 'Ag', 'Mo', 'As', 'Cu', 'Pb', 'Zn']);
    const ref = sklearn<{ auc: number[] }>({ op: 'auc', cases: sets.map((s) => ({ scores: s.values, labels: s.labels })) });
    sets.forEach((s, k) => {
      const pos = s.values.filter((_, i) => s.labels[i] === 1);
      const neg = s.values.filter((_, i) => s.labels[i] === 0);
      expect(pos.length).toBeGreaterThan(0);
      expect(Math.abs(aucMannWhitney(pos, neg) - ref.auc[k])).toBeLessThan(1e-9);
    });
    // SOURCE.txt: Au is the strongest signal (about 0.84).
    expect(ref.auc[0]).toBeGreaterThan(0.75);
  });
});

describe('selectElements on a small grid', () => {
  it('leaves nodata out of both sets, reports depletion, and names a deposit outside the grid', () => {
    const spec = { crs: 'x', xmin: 0, ymax: 3, cellX: 1, cellY: 1, width: 3, height: 3 };
    const up = Float32Array.from([1, 2, 3, 4, 9, 5, 6, NaN, 7]);
    const down = Float32Array.from(up, (v) => -v);
    const stack = { spec, elements: ['Au', 'Ag'], bands: [up, down] };
    const few = { minDeposits: 0, criterion: 'zauc' as const };
    const rows = selectElements(stack, [{ row: 1, col: 1 }, { row: 2, col: 1 }], { threshold: 0.5, ...few });
    expect(rows[0]).toMatchObject({ element: 'Au', auc: 1, nPos: 1, nNeg: 7, direction: 'enrichment', selected: true });
    expect(rows[1]).toMatchObject({ element: 'Ag', auc: 0, direction: 'depletion', selected: false });
    expect(selectElements(stack, [{ row: 1, col: 1 }], { threshold: 0.5, twoSided: true, ...few })[1].selected).toBe(true);
    expect(() => selectElements(stack, [{ row: 3, col: 0, id: 'D7' }], few)).toThrow(/D7 at row 3, column 0/);
  });
});
