import { describe, expect, it } from 'vitest';
import { samplingSupport, SUPPORT_SAMPLES } from '../../src-main/core/grid/sampling-support';
import type { GridSpec } from '../../src-main/core/types';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('samplingSupport', () => {
  it('matches a brute-force k-th nearest sample distance at every cell, inside and around clustered samples', () => {
    const r = rng(7);
    // Clustered samples in part of the grid only, so cells far outside the samples' extent are tested too.
    const x: number[] = [], y: number[] = [];
    for (let c = 0; c < 6; c++) {
      const cx = 2000 + r() * 4000, cy = 2000 + r() * 4000;
      for (let i = 0; i < 25; i++) (x.push(cx + (r() - 0.5) * 600), y.push(cy + (r() - 0.5) * 600));
    }
    const spec: GridSpec = { crs: 'EPSG:32750', xmin: -1000, ymax: 9000, cellX: 200, cellY: 200, width: 55, height: 50 };
    const s = samplingSupport(spec, x, y);
    expect(s.k).toBe(SUPPORT_SAMPLES);
    for (let row = 0; row < spec.height; row++) {
      for (let col = 0; col < spec.width; col++) {
        const cx = spec.xmin + (col + 0.5) * spec.cellX, cy = spec.ymax - (row + 0.5) * spec.cellY;
        const d = x.map((xi, i) => Math.hypot(xi - cx, y[i] - cy)).sort((a, b) => a - b);
        expect(s.distance[row * spec.width + col]).toBeCloseTo(d[s.k - 1], 0);
      }
    }
    // The spacing is the radius rule's: the median 4th-neighbour distance, inside a 600 m cluster of 25 samples.
    expect(s.spacing).toBeGreaterThan(20);
    expect(s.spacing).toBeLessThan(300);
  });

  it('leaves cells outside the mask as NaN and refuses fewer samples than k, naming the count', () => {
    const spec: GridSpec = { crs: 'EPSG:32750', xmin: 0, ymax: 100, cellX: 10, cellY: 10, width: 10, height: 10 };
    const mask = new Uint8Array(100);
    mask[55] = 1;
    const s = samplingSupport(spec, [5, 50, 95, 40], [5, 50, 95, 60], { mask });
    expect(Number.isNaN(s.distance[0])).toBe(true);
    expect(s.distance[55]).toBeCloseTo(Math.hypot(55 - 5, 45 - 5), 3);
    expect(() => samplingSupport(spec, [1, 2], [1, 2])).toThrow(/at least 3 samples.*has 2/);
  });
});
