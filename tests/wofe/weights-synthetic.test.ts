// Weights of evidence on tiny rasters whose every number is worked by hand below (Bonham-Carter 1994, ch. 9), so the
// formulas are checked apart from GA's tables.
import { describe, expect, it } from 'vitest';
import {
  binaryWeights, conditionalIndependenceTest, countClasses, gaGenColumns, generalise, mapAuc, normalUpperTail,
  posterior, reclassify, weightsTable,
} from '../../src-main/core/wofe';
import { ProspectError } from '../../src-main/core/types';

const ln = Math.log;

// 20 cells + 1 NoData cell (index 20), one unit cell per grid cell:
//   class 1: cells 0-3 (4 units), class 2: cells 4-9 (6 units), class 3: cells 10-19 (10 units); s = 20.
//   points: two in cell 0 (both count, as GA counts them), one in cell 5; one on the NoData cell and one off the grid
//   are dropped, so ds = 3.
const values = Float32Array.from([1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, NaN]);
const pointCells = Int32Array.from([0, 0, 5, 20, -1]);
const unit = { cellArea: 1, unitArea: 1 };

function expectRow(row: object, want: Record<string, number>): void {
  for (const [k, v] of Object.entries(want)) expect((row as Record<string, number>)[k], k).toBeCloseTo(v, 12);
}

// Class 1 on its own: b = 4, db = 2.
//   W+ = ln((2/3) / ((4-2)/(20-3))) = ln(17/3);  s^2(W+) = 1/2 + 1/2 = 1
//   W- = ln((1/3) / ((20-4-3+2)/17)) = ln(17/45); s^2(W-) = 1/1 + 1/15
//   C = ln(17/3) - ln(17/45) = ln 15;             s(C) = sqrt(1 + 16/15)
const class1 = {
  wPlus: ln(17 / 3), sWPlus: 1, wMinus: ln(17 / 45), sWMinus: Math.sqrt(16 / 15),
  contrast: ln(15), sContrast: Math.sqrt(31 / 15), studC: ln(15) / Math.sqrt(31 / 15),
};
// Classes 1-3 together (every point inside): db = ds -> db = 3 - 0.99 = 2.01; then s - b = 0 <= ds - db = 0.99, so
// b = s + db - ds - 0.99 = 18.02.  W+ = ln((2.01/3) / (16.01/17)), s^2 = 1/2.01 + 1/16.01;
//   W- = ln((0.99/3) / ((20-18.02-3+2.01)/17)) = ln((0.99/3)/(0.99/17)) = ln(17/3), s^2 = 1/0.99 + 1/0.99.
const everything = {
  wPlus: ln((2.01 / 3) / (16.01 / 17)), sWPlus: Math.sqrt(1 / 2.01 + 1 / 16.01), wMinus: ln(17 / 3),
  sWMinus: Math.sqrt(2 / 0.99), contrast: ln((2.01 / 3) / (16.01 / 17)) - ln(17 / 3),
  sContrast: Math.sqrt(1 / 2.01 + 1 / 16.01 + 2 / 0.99),
  studC: (ln((2.01 / 3) / (16.01 / 17)) - ln(17 / 3)) / Math.sqrt(1 / 2.01 + 1 / 16.01 + 2 / 0.99),
};

describe('weights of evidence, by hand', () => {
  const counts = countClasses(values, pointCells);

  it('counts cells and points per class, dropping points off the grid or on NoData', () => {
    expect(counts.classes).toEqual([1, 2, 3]);
    expect([...counts.cells]).toEqual([4, 6, 10]);
    expect([...counts.points]).toEqual([2, 1, 0]);
    expect(counts.pointsDropped).toBe(2);
  });

  it('a mask (the training area) leaves its outside cells and their points out', () => {
    const mask = new Uint8Array(values.length).fill(1);
    mask[0] = 0;
    mask[1] = 0;
    const c = countClasses(values, pointCells, null, mask);
    expect([...c.cells]).toEqual([2, 6, 10]);
    expect([...c.points]).toEqual([0, 1, 0]);
    expect(c.pointsDropped).toBe(4);
  });

  it('categorical: each class against the rest; a class without points gets zeros', () => {
    const t = weightsTable(counts, 'categorical', unit);
    expect(t.studyArea).toBe(20);
    expect(t.points).toBe(3);
    expectRow(t.rows[0], { area: 4, patternArea: 4, points: 2, ...class1 });
    // Class 2: b = 6, db = 1. W+ = ln((1/3)/(5/17)) = ln(17/15), s^2 = 1 + 1/5;
    //   W- = ln((2/3)/((20-6-3+1)/17)) = ln(17/18), s^2 = 1/2 + 1/12; C = ln(18/15) = ln 1.2.
    expectRow(t.rows[1], {
      area: 6, points: 1, wPlus: ln(17 / 15), sWPlus: Math.sqrt(1.2), wMinus: ln(17 / 18), sWMinus: Math.sqrt(7 / 12),
      contrast: ln(1.2), sContrast: Math.sqrt(1.2 + 7 / 12), studC: ln(1.2) / Math.sqrt(1.2 + 7 / 12),
    });
    expectRow(t.rows[2], { area: 10, points: 0, wPlus: 0, sWPlus: 0, wMinus: 0, sWMinus: 0, contrast: 0, sContrast: 0, studC: 0 });
  });

  it('cumulative ascending: class and all below it, with the 0.99 correction once every point is inside', () => {
    const t = weightsTable(counts, 'ascending', unit);
    expect(t.rows.map((r) => r.class)).toEqual([1, 2, 3]);
    expectRow(t.rows[0], { patternArea: 4, points: 2, ...class1 });
    // Classes 1-2: b = 10, db = 3 = ds -> 2.01; s - b = 10 > 0.99, b - db = 7.99 > 0.
    //   W+ = ln((2.01/3)/(7.99/17)), s^2 = 1/2.01 + 1/7.99; W- = ln((0.99/3)/((20-10-3+2.01)/17)) = ln((0.99/3)/(9.01/17)).
    expectRow(t.rows[1], {
      patternArea: 10, points: 3, wPlus: ln((2.01 / 3) / (7.99 / 17)), sWPlus: Math.sqrt(1 / 2.01 + 1 / 7.99),
      wMinus: ln((0.99 / 3) / (9.01 / 17)), sWMinus: Math.sqrt(1 / 0.99 + 1 / 9.01),
    });
    expectRow(t.rows[2], { patternArea: 20, points: 3, ...everything });
  });

  it('cumulative descending: class and all above it; the start with no point is zeros', () => {
    const t = weightsTable(counts, 'descending', unit);
    expect(t.rows.map((r) => r.class)).toEqual([3, 2, 1]);
    expectRow(t.rows[0], { patternArea: 10, points: 0, wPlus: 0, studC: 0 });
    // Classes 3 + 2 are the complement of class 1: W+ and W- swap. b = 16, db = 1.
    expectRow(t.rows[1], {
      patternArea: 16, points: 1, wPlus: class1.wMinus, sWPlus: class1.sWMinus, wMinus: class1.wPlus, sWMinus: class1.sWPlus,
      contrast: -class1.contrast, studC: -class1.studC,
    });
    expectRow(t.rows[2], { patternArea: 20, points: 3, ...everything });
  });

  it('areas in unit cells, and the fix for a class with more points than unit cells', () => {
    // 40 cells of 1 m^2, unit 4 m^2: s = 10. Class 1 = cells 0-3 (1 unit) holding 2 points; class 2 = 9 units, 1 point.
    //   b - db = 1 - 2 <= 0 -> b = db + 1 = 3: W+ = ln((2/3)/(1/7)) = ln(14/3), s^2 = 1/2 + 1;
    //   W- = ln((1/3)/((10-3-3+2)/7)) = ln(7/18), s^2 = 1 + 1/6.
    const v = new Float32Array(40).fill(2);
    v.fill(1, 0, 4);
    const t = weightsTable(countClasses(v, [1, 2, 30]), 'categorical', { cellArea: 1, unitArea: 4 });
    expect(t.studyArea).toBe(10);
    expect(t.unitsPerCell).toBe(0.25);
    expectRow(t.rows[0], { area: 1, points: 2, wPlus: ln(14 / 3), sWPlus: Math.sqrt(1.5), wMinus: ln(7 / 18), sWMinus: Math.sqrt(7 / 6) });
  });

  it('a missing-data class leaves the study area and gets zeros', () => {
    // Class 3 marked missing: s = 10, ds = 3 (no point on it). Class 1: b = 4, db = 2:
    //   W+ = ln((2/3)/(2/7)) = ln(7/3); W- = ln((1/3)/((10-4-3+2)/7)) = ln(7/15).
    const t = weightsTable(counts, 'categorical', { ...unit, missingClass: 3 });
    expect(t.studyArea).toBe(10);
    expectRow(t.rows[0], { wPlus: ln(7 / 3), wMinus: ln(7 / 15) });
    expect(t.rows[2]).toMatchObject({ missing: true, patternArea: 0, wPlus: 0, studC: 0 });
    expect(gaGenColumns(t, 0)[2]).toEqual({ genClass: 3, weight: 0, wStd: 0 });
  });

  it('binaryWeights is the same formula the tables use', () => {
    expectRow(binaryWeights(4, 2, 20, 3), class1);
    expectRow(binaryWeights(20, 3, 20, 3), everything);
  });

  it('generalises at the largest studentized contrast, or on chosen classes, into a binary map', () => {
    const asc = weightsTable(counts, 'ascending', unit);
    const studCs = asc.rows.map((r) => r.studC);
    const best = studCs.indexOf(Math.max(...studCs));
    const g = generalise(asc);
    expect(g.favourable).toEqual(asc.rows.slice(0, best + 1).map((r) => r.class));
    const { wPlus, sWPlus, wMinus, sWMinus, contrast, sContrast, studC } = asc.rows[best];
    expectRow(g.weights, { wPlus, sWPlus, wMinus, sWMinus, contrast, sContrast, studC });
    const chosen = generalise(weightsTable(counts, 'categorical', unit), { classes: [1] });
    expect(chosen.favourable).toEqual([1]);
    expectRow(chosen.weights, class1);
    expect([...reclassify(values, chosen.favourable)]).toEqual([2, 2, 2, 2, ...new Array(16).fill(1), 0]);
    expect(() => generalise(asc, { classes: [7] })).toThrow(ProspectError);
    // GA's columns: the cut at the largest contrast; rows up to it -> 2 with W+, after it -> 1 with W-.
    const cols = gaGenColumns(asc, 0);
    const cCut = asc.rows.map((r) => r.contrast).indexOf(Math.max(...asc.rows.map((r) => r.contrast)));
    cols.forEach((c, i) => expect(c).toEqual(i <= cCut
      ? { genClass: 2, weight: asc.rows[cCut].wPlus, wStd: asc.rows[cCut].sWPlus }
      : { genClass: 1, weight: asc.rows[cCut].wMinus, wStd: asc.rows[cCut].sWMinus }));
    // Not significant at the confidence asked: GA's 999 and zeros.
    expect(gaGenColumns(asc, 100)[0]).toEqual({ genClass: 999, weight: 0, wStd: 0 });
  });

  it('posterior: prior log-odds plus the weights, s(P) = P sqrt(1/n + sum s^2(W))', () => {
    // Two layers over 3 cells; prior 3 points in 20 units: logit = ln(3/17).
    const a = { name: 'a', values: [2, 1, 2], weights: new Map([[2, { weight: 1, wStd: 0.5 }], [1, { weight: -0.5, wStd: 0.2 }]]) };
    const b = { name: 'b', values: [2, 2, NaN], weights: new Map([[2, { weight: 0.3, wStd: 0.1 }], [1, { weight: -0.1, wStd: 0.1 }]]) };
    const p = posterior([a, b], 20, 3);
    const logits = [ln(3 / 17) + 1 + 0.3, ln(3 / 17) - 0.5 + 0.3, ln(3 / 17) + 1];
    const vars = [1 / 3 + 0.25 + 0.01, 1 / 3 + 0.04 + 0.01, 1 / 3 + 0.25];
    logits.forEach((l, i) => {
      const pr = 1 / (1 + Math.exp(-l));
      expect(p.probability[i]).toBeCloseTo(pr, 14);
      expect(p.std[i]).toBeCloseTo(pr * Math.sqrt(vars[i]), 14);
    });
    expect(p.priorProbability).toBe(3 / 20);
  });

  it('conditional independence test: T, s(T) over unique conditions, the ratio and the one-sided p', () => {
    // 4 cells of 0.5 units: two conditions (p 0.2, s 0.05) x2 and (p 0.6, s 0.1) x2, n = 1.
    //   T = 0.5 (0.2+0.2+0.6+0.6) = 0.8; s^2(T) = (0.05 * 2 * 0.5)^2 + (0.1 * 2 * 0.5)^2 = 0.0025 + 0.01.
    const r = conditionalIndependenceTest([0.2, 0.6, 0.2, 0.6, NaN], [0.05, 0.1, 0.05, 0.1, NaN], 0.5, 1);
    expect(r.T).toBeCloseTo(0.8, 14);
    expect(r.sT).toBeCloseTo(Math.sqrt(0.0125), 14);
    expect(r.z).toBeCloseTo(-0.2 / Math.sqrt(0.0125), 12);
    expect(r.ratio).toBeCloseTo(1.25, 14);
    expect(r.conditions).toBe(2);
    // Phi(-1.78885) = 0.036819 (tables), so p = 1 - Phi = 0.963181.
    expect(r.p).toBeCloseTo(0.963181, 5);
    expect(normalUpperTail(1.959964)).toBeCloseTo(0.025, 6);
    expect(normalUpperTail(0)).toBeCloseTo(0.5, 7);
  });

  it('AUC: presences per point, absences the valid cells without points, ties half', () => {
    // Scores of 6 cells; points in cells 1, 1 (twice) and 4; cell 5 NaN. Absences: cells 0 (0.1), 2 (0.5), 3 (0.3).
    //   presence 0.5 (x2): beats 0.1 and 0.3, ties 0.5 -> 2.5 each; presence 0.9 beats all 3 -> 3. AUC = 8/9.
    const r = mapAuc([0.1, 0.5, 0.5, 0.3, 0.9, NaN], [1, 1, 4, 5, -1]);
    expect(r).toEqual({ auc: 8 / 9, presences: 3, absences: 3 });
  });

  it('refuses non-integer classes and layers without points', () => {
    expect(() => countClasses([1, 1.5], [0])).toThrow(/integer class codes/);
    expect(() => weightsTable(countClasses([1, 2], [-1]), 'categorical', unit)).toThrow(/No training point/);
    expect(() => weightsTable(counts, 'sideways' as 'categorical', unit)).toThrow(/Unknown weights type/);
    // 20 cells of 1 m^2 in units of 10 m^2: 2 unit cells for 3 points.
    expect(() => weightsTable(counts, 'categorical', { cellArea: 1, unitArea: 10 })).toThrow(/more unit cells than points/);
  });
});
