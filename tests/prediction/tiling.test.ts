import { describe, expect, it } from 'vitest';
import type { GridSpec } from '../../src-main/core/types';
import { tileGrid, tileLabels, tilesToPredict, tileValidFraction } from '../../src-main/core/prediction/tiling';

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
});
