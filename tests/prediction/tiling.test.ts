import { describe, expect, it } from 'vitest';
import type { GridSpec, GridStack } from '../../src-main/core/types';
import { extractTiles, tileGrid, tileLabels, tilesToPredict, tileValidFraction } from '../../src-main/core/prediction/tiling';
import { denseProbabilityMap } from '../../src-main/core/prediction/dense';
import { extractWindows } from '../../src-main/core/dataset/windows';

const spec: GridSpec = { crs: 'EPSG:32645', xmin: 1000, ymax: 5000, cellX: 10, cellY: 20, width: 120, height: 60 };

describe('tileGrid', () => {
  it('numbers 144 tiles 1..144 row by row from the top-left and covers every cell once', () => {
    const tiles = tileGrid(spec);
    expect(tiles).toHaveLength(144);
    expect(tiles.map((t) => t.id)).toEqual(Array.from({ length: 144 }, (_, i) => i + 1));
    expect(tiles[0]).toMatchObject({ id: 1, tileRow: 0, tileCol: 0, row0: 0, col0: 0, rows: 5, cols: 10 });
    expect(tiles[0].extent).toEqual({ xmin: 1000, xmax: 1100, ymax: 5000, ymin: 4900 });
    expect(tiles[11]).toMatchObject({ id: 12, tileRow: 0, tileCol: 11, col0: 110 });
    expect(tiles[12]).toMatchObject({ id: 13, tileRow: 1, tileCol: 0, row0: 5 });
    expect(tiles[143]).toMatchObject({ id: 144, row0: 55, col0: 110 });
    expect(tiles[143].extent).toEqual({ xmin: 2100, xmax: 2200, ymax: 3900, ymin: 3800 });
    const odd: GridSpec = { ...spec, width: 289, height: 117 };
    const cover = new Uint8Array(289 * 117);
    for (const t of tileGrid(odd)) for (let r = t.row0; r < t.row0 + t.rows; r++) for (let c = t.col0; c < t.col0 + t.cols; c++) cover[r * 289 + c]++;
    expect(cover.every((v) => v === 1)).toBe(true);
  });

  it('labels tiles holding a deposit and flags tiles outside the survey', () => {
    const tiles = tileGrid(spec);
    const lab = tileLabels(tiles, [{ row: 0, col: 0 }, { row: 59, col: 119 }, { row: 7, col: 25 }]);
    expect([...lab.keys()].filter((k) => lab[k]).map((k) => tiles[k].id)).toEqual([1, 15, 144]);
    const mask = new Uint8Array(120 * 60).fill(1);
    for (let r = 0; r < 5; r++) for (let c = 0; c < 10; c++) mask[r * 120 + c] = 0; // tile 1 unsurveyed
    mask[5 * 120 + 0] = 0; // one cell of tile 13
    const vf = tileValidFraction(spec, mask, tiles);
    expect(vf[0]).toBe(0);
    expect(vf[12]).toBeCloseTo(49 / 50, 12);
    const pred = tilesToPredict(vf);
    expect(pred[0]).toBe(false);
    expect(pred.filter(Boolean)).toHaveLength(143);
  });

  it('extracts tiles unchanged at their own size and resamples bilinearly otherwise', () => {
    const s: GridSpec = { ...spec, width: 8, height: 4 };
    const band = Float32Array.from({ length: 32 }, (_, i) => (i % 8) + 10 * Math.floor(i / 8)); // v = col + 10 row
    band[9] = NaN;
    const stack: GridStack = { spec: s, elements: ['Au'], bands: [band] };
    const tiles = tileGrid(s, { rows: 2, cols: 2 }); // 4 x 2 cells... each tile 2 rows x 4 cols
    const same = extractTiles(stack, [{ ...tiles[0], rows: 4, cols: 4 }], ['Au'], 4);
    expect(Array.from(same)).toEqual([0, 1, 2, 3, 10, 0, 12, 13, 20, 21, 22, 23, 30, 31, 32, 33]);
    // Downsample a linear field 4x4 -> 2x2: pixel-centre alignment samples at 0.5 and 2.5.
    band[9] = 11;
    const down = extractTiles(stack, [{ ...tiles[0], rows: 4, cols: 4 }], ['Au'], 2);
    expect(Array.from(down)).toEqual([5.5, 7.5, 25.5, 27.5]);
  });
});

describe('denseProbabilityMap', () => {
  it('averages overlapping windows, covers the edges and leaves NaN outside the mask', async () => {
    const s: GridSpec = { ...spec, width: 10, height: 7 };
    const mask = new Uint8Array(70).fill(1);
    mask[0] = 0;
    const band = Float32Array.from({ length: 70 }, (_, i) => i);
    const stack: GridStack = { spec: s, elements: ['Au'], bands: [band] };
    // The "model" returns the window's mean value / 100, so each cell's result is checkable by hand.
    const predict = async (x: Float32Array, n: number): Promise<Float32Array> => {
      const per = x.length / n;
      return Float32Array.from({ length: n }, (_, k) => x.slice(k * per, (k + 1) * per).reduce((a, b) => a + b, 0) / per / 100);
    };
    const progress: number[] = [];
    const map = await denseProbabilityMap(s, mask, 4, 3, predict, (w) => extractWindows(stack, w, ['Au']), {
      batchSize: 2,
      onProgress: (p) => progress.push(p.done),
    });
    expect(map[0]).toBeNaN();
    // Row starts 0, 3 (last flush at 3); col starts 0, 3, 6. Cell (6, 9) is covered only by the window at (3, 6).
    const meanOf = (r0: number, c0: number): number => {
      let t = 0;
      for (let r = r0; r < r0 + 4; r++) for (let c = c0; c < c0 + 4; c++) t += r * 10 + c;
      return t / 16 / 100;
    };
    expect(map[69]).toBeCloseTo(meanOf(3, 6), 6);
    // Cell (3, 3) is covered by windows (0,0), (0,3), (3,0), (3,3).
    expect(map[33]).toBeCloseTo((meanOf(0, 0) + meanOf(0, 3) + meanOf(3, 0) + meanOf(3, 3)) / 4, 6);
    expect(Array.from(map).filter((v) => Number.isNaN(v))).toHaveLength(1);
    expect(progress.at(-1)).toBe(6);
    const ac = new AbortController();
    ac.abort();
    await expect(denseProbabilityMap(s, mask, 4, 3, predict, (w) => extractWindows(stack, w, ['Au']), { signal: ac.signal })).rejects.toThrow(/cancelled/);
  });
});
