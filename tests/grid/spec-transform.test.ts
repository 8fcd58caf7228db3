import { describe, expect, it } from 'vitest';
import {
  cellCenter, cellIndex, extentFromPoints, medianNearestNeighbourDistance, proposeCellSize, specFromExtent, worldToCell,
} from '../../src-main/core/grid/spec';
import { applyZscore, clrStack, log10Band, transformStack, zscore } from '../../src-main/core/grid/transform';
import { kolaPoints } from './helpers';

describe('grid spec', () => {
  it('builds specs from a size or a cell size, with gdal_grid centres', () => {
    const s = specFromExtent([0, 0, 3072, 1536], { width: 3072, height: 3072 }, 'EPSG:32650');
    expect(s).toMatchObject({ cellX: 1, cellY: 0.5, width: 3072, height: 3072 });
    expect(cellCenter(s, 0, 0)).toEqual([0.5, 1536 - 0.25]);
    const c = specFromExtent([100, 200, 1050, 1000], { cellSize: 100 }, 'EPSG:32650');
    expect(c).toMatchObject({ xmin: 100, ymax: 1000, width: 10, height: 8 });
    expect(worldToCell(c, 150, 999)).toEqual({ row: 0, col: 0, inside: true });
    expect(worldToCell(c, 1099, 201)).toEqual({ row: 7, col: 9, inside: true });
    expect(worldToCell(c, 99, 500).inside).toBe(false);
    expect(cellIndex(c, 2, 3)).toBe(23);
    expect(() => specFromExtent([0, 0, 0, 1], { cellSize: 1 }, 'x')).toThrow(/empty/);
  });

  it('derives the extent and a cell size from the Kola samples', () => {
    const p = kolaPoints(['Cu']);
    expect(extentFromPoints(p.x, p.y, 1000, 5000)).toEqual([370000, 7370000, 865000, 7885000]);
    // Brute-force median nearest-neighbour distance as the reference.
    const d: number[] = [];
    for (let i = 0; i < p.x.length; i++) {
      let best = Infinity;
      for (let j = 0; j < p.x.length; j++) {
        const dd = Math.hypot(p.x[i] - p.x[j], p.y[i] - p.y[j]);
        if (dd > 0 && dd < best) best = dd;
      }
      d.push(best);
    }
    d.sort((a, b) => a - b);
    const med = d.length % 2 ? d[d.length >> 1] : (d[d.length / 2 - 1] + d[d.length / 2]) / 2;
    expect(medianNearestNeighbourDistance(p.x, p.y)).toBe(med);
    const cell = proposeCellSize(p.x, p.y);
    expect(cell).toBeLessThanOrEqual(med / 4);
    expect(cell).toBeGreaterThan(med / 10);
    expect([1, 2, 5]).toContain(cell / Math.pow(10, Math.floor(Math.log10(cell))));
  });
});

describe('transforms and z-scores', () => {
  it('log10 with half the smallest positive value for values <= 0', () => {
    const out = log10Band(Float32Array.from([100, 0, -5, 10, NaN]));
    expect(Array.from(out.slice(0, 4))).toEqual([2, Math.fround(Math.log10(5)), Math.fround(Math.log10(5)), 1]);
    expect(out[4]).toBeNaN();
    expect(() => log10Band(Float32Array.from([0, -1]), 'Au')).toThrow(/Au has no positive/);
  });

  it('clr rows sum to zero and NaN propagates', () => {
    const [a, b, c] = clrStack([Float32Array.from([1, 2, NaN]), Float32Array.from([10, 4, 1]), Float32Array.from([100, 8, 1])]);
    expect(a[0] + b[0] + c[0]).toBeCloseTo(0, 6);
    expect(b[0] - a[0]).toBeCloseTo(Math.log(10), 6);
    expect(a[2]).toBeNaN();
    expect(c[2]).toBeNaN();
    expect(transformStack([Float32Array.from([1])], 'none')[0][0]).toBe(1);
  });

  it('zscore ignores NaN and its parameters reapply', () => {
    const band = Float32Array.from([1, 2, 3, 4, NaN]);
    const { z, mean, sd } = zscore(band);
    expect(mean).toBe(2.5);
    expect(sd).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(z[0]).toBeCloseTo(-1.5 / Math.sqrt(5 / 3), 6);
    expect(z[4]).toBeNaN();
    const again = applyZscore(Float32Array.from([2.5, 2.5 + sd]), mean, sd);
    expect(again[0]).toBe(0);
    expect(again[1]).toBeCloseTo(1, 6);
  });
});
