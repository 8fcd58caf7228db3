import { describe, expect, it } from 'vitest';
import { colorAt, colorizeLevel, robustRange } from '../../src-renderer/src/layers/colormap';
import { fitView, frameOf, sampleLevel, specFromPoints, tileData, windowData } from '../../src-renderer/src/layers/geometry';
import { tileLevel } from '../../src-renderer/src/layers/tiles';
import { linePath } from '../../src-renderer/src/layers/charts';

const spec = { xmin: 500000, ymax: 7001200, cellX: 100, cellY: 100, width: 12, height: 12 };

describe('map layers', () => {
  it('numbers the 12 x 12 tiles row by row from the top-left', () => {
    const frame = frameOf(spec);
    const tiles = tileData(frame, 12);
    expect(tiles).toHaveLength(144);
    expect(tiles[0]!.number).toBe(1);
    // Tile 1 is the north-west corner: its top edge is the top of the grid in the local frame.
    expect(tiles[0]!.center).toEqual([50, 1150]);
    expect(tiles[11]!.center).toEqual([1150, 1150]);
    expect(tiles[12]!.center).toEqual([50, 1050]);
    expect(tiles[143]!.center).toEqual([1150, 50]);
  });

  it('draws windows in the local frame with ore and negatives in different colours', () => {
    const w = windowData(spec, [{ row: 0, col: 0, size: 2, label: 1, fold: 0 }, { row: 10, col: 10, size: 2, label: 0, fold: 1 }]);
    expect(w[0]!.polygon[0]).toEqual([0, 1200]);
    expect(w[0]!.polygon[2]).toEqual([200, 1000]);
    expect(w[1]!.polygon[2]).toEqual([1200, 0]);
    expect(w[0]!.color).not.toEqual(w[1]!.color);
    const byFold = windowData(spec, [{ row: 0, col: 0, size: 2, label: 1, fold: 0 }, { row: 0, col: 0, size: 2, label: 1, fold: 1 }], 'fold');
    expect(byFold[0]!.color).not.toEqual(byFold[1]!.color);
  });

  it('colour-maps a level with transparent nodata and reads values under the cursor', () => {
    const values = new Float32Array([0, 1, NaN, 2]);
    const rgba = colorizeLevel(values, [0, 2]);
    expect([...rgba.slice(0, 4)]).toEqual([...colorAt('viridis', 0), 255]);
    expect([...rgba.slice(12, 16)]).toEqual([...colorAt('viridis', 1), 255]);
    expect(rgba[11]).toBe(0);
    const frame = frameOf({ ...spec, width: 2, height: 2 });
    // Row 0 is north: the top-left cell holds values[0].
    expect(sampleLevel(frame, { width: 2, height: 2, values }, 10, 190)).toBe(0);
    expect(sampleLevel(frame, { width: 2, height: 2, values }, 190, 10)).toBe(2);
    expect(robustRange([1, 2, 3, NaN, 1000], 0, 0.5)).toEqual([1, 3]);
  });

  it('fits the view and derives a display grid around points', () => {
    const v = fitView(frameOf(spec), 600, 600);
    expect(v.target).toEqual([600, 600, 0]);
    expect(2 ** v.zoom * 1200).toBeCloseTo(600 * 0.92);
    const s = specFromPoints([0, 1000], [0, 500]);
    expect(s.xmin).toBeLessThan(0);
    expect(s.ymax).toBeGreaterThan(500);
    expect(s.width * s.cellX).toBeGreaterThanOrEqual(1000);
  });
});

describe('tile layout', () => {
  const tiles = [
    { number: 1, prob: 0.9, valid: true },
    { number: 2, prob: 0.8, valid: true },
    { number: 3, prob: 0.3, valid: true },
    { number: 4, prob: 0.1, valid: true },
    { number: 5, prob: null, valid: false },
  ];
  it('places tile probabilities on the tiling raster', () => {
    const lvl = tileLevel(tiles, 12, 12);
    expect(lvl[0]).toBeCloseTo(0.9);
    expect(Number.isNaN(lvl[4]!)).toBe(true);
  });
  it('draws chart paths in pixel space', () => {
    expect(linePath([[0, 0], [1, 1]], [0, 1], [0, 1], { x0: 0, x1: 10, y0: 10, y1: 0 })).toBe('M0.0,10.0L10.0,0.0');
  });
});
