import { describe, expect, it } from 'vitest';
import {
  bootstrapAucInterval,
  clusterByDistance,
  delongAuc,
  pairedAucDifference,
  poolFoldAucs,
} from '../../src-main/core/evaluation/intervals';
import { aucMannWhitney } from '../../src-main/core/selection/auc';
import { createRng } from '../../src-main/core/util/random';

describe('poolFoldAucs', () => {
  it('never pools over a fold that lacks a class: auc null, the fold named, the reason given', () => {
    const folds = [
      { fold: 0, auc: 0.8, nPositive: 4, nNegative: 900 },
      { fold: 1, auc: null, nPositive: 0, nNegative: 1200 },
      { fold: 2, auc: 0.6, nPositive: 2, nNegative: 700 },
    ];
    const r = poolFoldAucs(folds);
    expect(r.auc).toBeNull();
    expect(r.meanOverFolds).toBeNull();
    expect(r.interval).toBeNull();
    expect(r.undefinedFolds).toEqual([1]);
    expect(r.reason).toMatch(/fold 1 \(no deposit\) lacks a class/);
    // A NaN AUC or a fold of deposits only is just as undefined, even with a number in the auc field.
    expect(poolFoldAucs([folds[0], { fold: 3, auc: NaN, nPositive: 3, nNegative: 10 }]).auc).toBeNull();
    expect(poolFoldAucs([folds[0], { fold: 4, auc: 0.9, nPositive: 3, nNegative: 0 }]).undefinedFolds).toEqual([4]);
    expect(poolFoldAucs([]).auc).toBeNull();
  });

  it('pools defined folds by deposit weight (the mean placement), with the unweighted mean beside it and a seeded interval', () => {
    const a = [0.9, 0.7, 0.8, 1.0];
    const b = [0.4, 0.6];
    const folds = [
      { fold: 0, auc: 0.85, nPositive: 4, nNegative: 900, placements: a },
      { fold: 2, auc: 0.5, nPositive: 2, nNegative: 700, placements: b },
    ];
    const r = poolFoldAucs(folds, { seed: 5 });
    expect(r.auc).toBeCloseTo((0.9 + 0.7 + 0.8 + 1.0 + 0.4 + 0.6) / 6, 12);
    expect(r.meanOverFolds).toBeCloseTo((0.85 + 0.5) / 2, 12);
    expect(r.interval!.lo).toBeLessThan(r.auc!);
    expect(r.interval!.hi).toBeGreaterThan(r.auc!);
    expect(poolFoldAucs(folds, { seed: 5 }).interval).toEqual(r.interval);
  });
});

describe('bootstrap intervals', () => {
  it('is seeded, brackets the AUC, is null with one unit, and resamples a cluster as one unit', () => {
    const rng = createRng(3);
    const p = Array.from({ length: 12 }, () => rng.next());
    const i1 = bootstrapAucInterval(p, { seed: 9 })!;
    expect(bootstrapAucInterval(p, { seed: 9 })).toEqual(i1);
    expect(i1.lo).toBeLessThan(i1.auc);
    expect(i1.hi).toBeGreaterThan(i1.auc);
    expect(i1.units).toBe(12);
    expect(i1.method).toBe('bootstrap-deposits');
    // Roughly the normal-theory interval of a mean of 12 uniforms: SE about 0.29 / sqrt(12) = 0.083.
    expect(i1.se).toBeGreaterThan(0.05);
    expect(i1.se).toBeLessThan(0.12);
    expect(bootstrapAucInterval([0.9], { seed: 1 })).toBeNull();
    expect(bootstrapAucInterval([0.9, 0.2], { seed: 1, clusters: [4, 4] })).toBeNull();
    // Each deposit doubled into a two-deposit cluster: the same draws, the same means, the same interval.
    const doubled = p.flatMap((v) => [v, v]);
    const clusters = p.flatMap((_, k) => [k, k]);
    const i2 = bootstrapAucInterval(doubled, { seed: 9, clusters })!;
    expect(i2.method).toBe('bootstrap-clusters');
    expect(i2.units).toBe(12);
    expect(i2.lo).toBeCloseTo(i1.lo, 12);
    expect(i2.hi).toBeCloseTo(i1.hi, 12);
    // Treated as 24 independent deposits instead, the interval is narrower: clustering is what keeps it honest.
    const naive = bootstrapAucInterval(doubled, { seed: 9 })!;
    expect(naive.hi - naive.lo).toBeLessThan(i1.hi - i1.lo);
    expect(() => bootstrapAucInterval([0.5, 1.2], { seed: 1 })).toThrow(/deposit 1 has placement 1.2/);
  });

  it('clusters deposits by single linkage within a distance', () => {
    // 0-1 are 1 apart, 1-2 are 1.5 apart (a chain), 3 is far, 4 is 2 from 3 (not closer than 2).
    expect(Array.from(clusterByDistance([0, 1, 2.5, 10, 12], [0, 0, 0, 0, 0], 2))).toEqual([0, 0, 0, 1, 2]);
  });

  it('pairs two maps on the same deposits: equal maps differ by exactly 0, a uniformly better map beyond the interval', () => {
    const rng = createRng(11);
    const b = Array.from({ length: 15 }, () => 0.2 + 0.6 * rng.next());
    const same = pairedAucDifference(b, b, { seed: 2 })!;
    expect([same.difference, same.lo, same.hi]).toEqual([0, 0, 0]);
    expect(same.pNotBetter).toBe(1);
    const a = b.map((v) => v + 0.05 + 0.02 * rng.next());
    const d = pairedAucDifference(a, b, { seed: 2 })!;
    expect(d.lo).toBeGreaterThan(0);
    expect(d.pNotBetter).toBe(0);
    // Unpaired, the two intervals overlap: the pairing is what resolves the difference.
    const ia = bootstrapAucInterval(a, { seed: 2 })!;
    const ib = bootstrapAucInterval(b, { seed: 2 })!;
    expect(ia.lo).toBeLessThan(ib.hi);
    expect(() => pairedAucDifference(a, b.slice(1), { seed: 2 })).toThrow(/same deposits/);
  });
});

describe('delongAuc', () => {
  it('equals the DeLong variance computed pair by pair, ties included', () => {
    const rng = createRng(21);
    const pos = Array.from({ length: 37 }, () => Math.round(rng.normal() * 2 + 1));
    const neg = Array.from({ length: 120 }, () => Math.round(rng.normal() * 2));
    const psi = (x: number, y: number): number => (x > y ? 1 : x === y ? 0.5 : 0);
    const v10 = pos.map((x) => neg.reduce((s, y) => s + psi(x, y), 0) / neg.length);
    const v01 = neg.map((y) => pos.reduce((s, x) => s + psi(x, y), 0) / pos.length);
    const auc = v10.reduce((s, v) => s + v, 0) / pos.length;
    const s10 = v10.reduce((s, v) => s + (v - auc) ** 2, 0) / (pos.length - 1);
    const s01 = v01.reduce((s, v) => s + (v - auc) ** 2, 0) / (neg.length - 1);
    const r = delongAuc(pos, neg);
    expect(r.auc).toBeCloseTo(aucMannWhitney(pos, neg), 14);
    expect(r.variance).toBeCloseTo(s10 / pos.length + s01 / neg.length, 14);
    expect(r.ci95[0]).toBeCloseTo(auc - 1.959964 * Math.sqrt(r.variance), 5);
    expect(delongAuc([1], [0, 2]).variance).toBeNaN();
    expect(delongAuc([1], [0, 2]).auc).toBe(0.5);
  });
});
