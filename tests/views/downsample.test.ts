// The one downsampling of grids for the screen: block means for continuous maps, the block's mode for class maps.
import { describe, expect, it } from 'vitest';
import { downsample } from '../../src-main/core/app/views/downsample';

const spec = (width: number, height: number) => ({ crs: 'EPSG:32645', xmin: 1000, ymax: 5000, cellX: 10, cellY: 10, width, height });

describe('downsample', () => {
  it('averages each block over its valid cells, keeps NaN where a block has none, and scales the cell size', () => {
    // 5 x 4 grid to at most 2 cells a side: blocks of 3 x 3, the last ones cut by the edge.
    const band = Float32Array.from({ length: 20 }, (_, i) => i);
    band[0] = NaN;
    const l = downsample(band, spec(5, 4), 2);
    expect([l.width, l.height]).toEqual([2, 2]);
    expect(l.spec).toMatchObject({ xmin: 1000, ymax: 5000, cellX: 30, cellY: 30, width: 2, height: 2 });
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(l.values[0]).toBeCloseTo(mean([1, 2, 5, 6, 7, 10, 11, 12]), 5);
    expect(l.values[1]).toBeCloseTo(mean([3, 4, 8, 9, 13, 14]), 5);
    expect(l.values[2]).toBeCloseTo(mean([15, 16, 17]), 5);
    expect(l.values[3]).toBeCloseTo(mean([18, 19]), 5);
    expect(l.min).toBeCloseTo(l.values[0]!, 5);
    expect(l.max).toBeCloseTo(18.5, 5);
    const empty = downsample(new Float32Array(4).fill(NaN), spec(2, 2), 1);
    expect(Number.isNaN(empty.values[0])).toBe(true);
    expect([empty.min, empty.max]).toEqual([0, 0]);
  });

  it('gives a class map the most frequent class of each block, ties to the larger code, never a mean', () => {
    const band = Float32Array.from([0, 0, 3, 3, 0, 1, 2, 2, NaN, NaN, 1, 1, NaN, NaN, 1, 1]);
    const l = downsample(band, spec(4, 4), 2, 'mode');
    expect(Array.from(l.values)).toEqual([0, 3, NaN, 1]);
    const mean = downsample(band, spec(4, 4), 2, 'mean');
    expect(mean.values[1]).toBeCloseTo(2.5, 5);
  });

  it('returns the grid as it is when it already fits, and refuses a band of another size', () => {
    const band = Float32Array.from({ length: 12 }, (_, i) => i * 0.5);
    const l = downsample(band, spec(4, 3), 4);
    expect(Array.from(l.values)).toEqual(Array.from(band));
    expect(() => downsample(band, spec(5, 3), 4)).toThrow(/12 cells does not fit a 5 x 3 grid/);
  });
});
