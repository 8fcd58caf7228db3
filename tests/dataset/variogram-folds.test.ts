import { describe, expect, it } from 'vitest';
import { clusterPoints, countClusters } from '../../src-main/core/dataset/clusters';
import { buildSpatialFolds, validateFolds } from '../../src-main/core/dataset/folds';
import { correlationRange, experimentalVariogram, fitSpherical } from '../../src-main/core/dataset/variogram';
import { sampleWindows } from '../../src-main/core/dataset/windows';
import type { GridSpec } from '../../src-main/core/types';
import { createRng } from '../../src-main/core/util/random';

const W = 200, H = 160;
const spec: GridSpec = { crs: 'EPSG:32645', xmin: 0, ymax: H * 50, cellX: 50, cellY: 50, width: W, height: H };

/** Seeded white noise averaged over an L x L box: its correlation falls linearly per axis and vanishes at L cells. */
function boxField(L: number, seed: number): Float32Array {
  const r = createRng(seed);
  const noise = Float64Array.from({ length: W * H }, () => r.normal());
  const out = new Float32Array(W * H);
  for (let row = 0; row < H; row++) {
    for (let col = 0; col < W; col++) {
      let s = 0;
      for (let i = 0; i < L; i++) for (let j = 0; j < L; j++) s += noise[((row + i) % H) * W + ((col + j) % W)];
      out[row * W + col] = s / L;
    }
  }
  return out;
}

describe('variogram', () => {
  it('finds the correlation range of a field built with a known one', () => {
    for (const L of [6, 16]) {
      const cr = correlationRange(spec, null, [boxField(L, L)], { seed: 3 });
      // The box kernel's autocorrelation reaches 0 at L cells along an axis and at about L cells along diagonals too.
      expect(cr.range / 50).toBeGreaterThan(0.7 * L);
      expect(cr.range / 50).toBeLessThan(1.6 * L);
      expect(cr.halfSillLag).toBeLessThan(cr.range);
      expect(cr.halfSillLag / 50).toBeGreaterThan(0.2 * L);
      expect(cr.fit.levelled).toBe(true);
    }
  });

  it('is reproducible for a seed, respects the mask, and a pure nugget gives a short range', () => {
    const f = boxField(10, 1);
    expect(experimentalVariogram(spec, null, [f], { seed: 4 })).toEqual(experimentalVariogram(spec, null, [f], { seed: 4 }));
    expect(experimentalVariogram(spec, null, [f], { seed: 5 }).gamma).not.toEqual(experimentalVariogram(spec, null, [f], { seed: 4 }).gamma);
    // Invalid cells hold huge values: any pair touching them would blow the semivariance up.
    const mask = new Uint8Array(W * H).fill(1);
    const g = Float32Array.from(f);
    for (let i = 0; i < W * H; i += 7) (mask[i] = 0), (g[i] = 1e6);
    const v = experimentalVariogram(spec, mask, [g], { seed: 4 });
    expect(Math.max(...v.gamma)).toBeLessThan(10);
    const white = boxField(1, 9);
    expect(correlationRange(spec, null, [white], { seed: 1 }).range / 50).toBeLessThan(3);
  });

  it('fits a spherical model exactly when the data are one', () => {
    const lag = Array.from({ length: 20 }, (_, i) => (i + 1) * 100);
    const sph = (h: number) => 0.1 + 0.9 * (h >= 1200 ? 1 : 1.5 * (h / 1200) - 0.5 * (h / 1200) ** 3);
    const fit = fitSpherical(lag, lag.map(sph), lag.map(() => 100));
    expect(fit.range).toBeGreaterThan(1150);
    expect(fit.range).toBeLessThan(1250);
    expect(fit.nugget).toBeCloseTo(0.1, 1);
    expect(fit.sill).toBeCloseTo(1, 1);
  });
});

describe('deposit clusters', () => {
  it('chains deposits closer than the distance (Chebyshev) and keeps far ones apart', () => {
    const pts = [{ row: 0, col: 0 }, { row: 9, col: 0 }, { row: 18, col: 5 }, { row: 50, col: 50 }, { row: 0, col: 30 }];
    expect(clusterPoints(pts, 10)).toEqual([0, 0, 0, 1, 2]);
    expect(countClusters(pts, 9)).toBe(5);
    expect(countClusters(pts, 100)).toBe(1);
  });
});

describe('spatial folds from clusters', () => {
  const s: GridSpec = { ...spec, width: 400, height: 300 };
  it('spreads clusters over the folds: every fold holds ore and background windows', () => {
    for (const seed of [1, 2, 3, 4]) {
      const r = createRng(seed * 7);
      // Four districts of three deposits each.
      const centres = [[60, 60], [60, 330], [240, 80], [230, 320]];
      const deposits = centres.flatMap(([row, col], g) => [0, 1, 2].map((i) => ({ row: row + r.int(12) - 6, col: col + 8 * i, id: `g${g}d${i}` })));
      const ws = sampleWindows(s, null, deposits, { size: 20, nPositive: 120, nNegative: 150, slideRadius: 5, negativeMinDistance: 10, seed });
      const f = buildSpatialFolds(ws, { k: 4, buffer: 20, deposits, seed });
      expect(f.clusters).toBe(4);
      expect(f.problems).toEqual([]);
      for (let i = 0; i < 4; i++) {
        expect(f.positivesPerFold[i]).toBeGreaterThan(0);
        expect(f.negativesPerFold[i]).toBeGreaterThan(0);
        expect(f.depositsPerFold[i]).toBe(3);
      }
      expect(f.droppedPerFold.reduce((a, b) => a + b, 0)).toBe(f.dropped);
    }
  });

  it('cuts clusters when there are fewer clusters than folds, and reports an empty fold when even that fails', () => {
    const deposits = [{ row: 50, col: 50, id: 'a' }, { row: 55, col: 90, id: 'b' }, { row: 250, col: 350, id: 'c' }];
    const ws = sampleWindows(s, null, deposits, { size: 20, nPositive: 30, nNegative: 60, slideRadius: 4, negativeMinDistance: 10, seed: 1 });
    // a and b are one cluster at 60 cells but 40 apart, room enough for a 10-cell buffer between their windows.
    const f = buildSpatialFolds(ws, { k: 3, buffer: 10, clusterDistance: 60, deposits, seed: 1 });
    expect(f.clusters).toBe(2);
    expect(f.splitClusters).toBe(true);
    expect(f.depositsPerFold).toEqual([1, 1, 1]);
    const g = buildSpatialFolds(ws, { k: 4, buffer: 10, clusterDistance: 60, deposits, seed: 1 });
    expect(g.problems.map((p) => p.code)).toContain('EMPTY_FOLD');
  });

  it('validateFolds names single-class folds and a majority of dropped windows', () => {
    const base = { k: 3, droppedDeposits: [] as string[], fold: new Int32Array(10) };
    expect(validateFolds({ ...base, dropped: 0, positivesPerFold: [2, 0, 3], negativesPerFold: [2, 4, 0] }).map((p) => [p.code, p.fold]))
      .toEqual([['SINGLE_CLASS_FOLD', 1], ['SINGLE_CLASS_FOLD', 2]]);
    expect(validateFolds({ ...base, dropped: 6, positivesPerFold: [1, 1, 1], negativesPerFold: [1, 0, 0] }).map((p) => p.code))
      .toEqual(['SINGLE_CLASS_FOLD', 'SINGLE_CLASS_FOLD', 'MOST_WINDOWS_DROPPED']);
    expect(validateFolds({ ...base, dropped: 5, positivesPerFold: [1, 1, 1], negativesPerFold: [1, 1, 1], droppedDeposits: ['x'] }))
      .toEqual([expect.objectContaining({ code: 'DEPOSITS_DROPPED', severity: 'warning' })]);
  });
});
