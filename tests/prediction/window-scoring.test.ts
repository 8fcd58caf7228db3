import { describe, expect, it } from 'vitest';
import { tileGrid } from '../../src-main/core/prediction/tiling';
import { centreKernelMap, latticeStarts, scoreAsTrained, windowCentre, type WindowScorer } from '../../src-main/core/prediction/window-scoring';
import { sampleWindowsDetailed, windowRule, type Window } from '../../src-main/core/dataset/windows';
import type { GridSpec } from '../../src-main/core/types';

const spec = (width: number, height: number): GridSpec => ({ crs: 'EPSG:32645', xmin: 0, ymax: 10000, cellX: 50, cellY: 50, width, height });

/** A model that answers how close a window's centre is to one point (a deposit at P, sd 3 cells). */
const pointScorer = (p: { row: number; col: number }, calls: Window[][] = []): WindowScorer => async (ws) => {
  calls.push(ws);
  return Float32Array.from(ws, (w) => {
    const c = windowCentre(w);
    return Math.exp(-((c.row - p.row) ** 2 + (c.col - p.col) ** 2) / (2 * 9));
  });
};

function argmaxes(m: Float32Array): number[] {
  let best = -Infinity;
  for (const v of m) if (v > best) best = v;
  return [...m.keys()].filter((i) => m[i] === best);
}

describe('the shared window rule', () => {
  it('keeps every window inside the grid and under the nodata limit, positives and negatives alike', () => {
    const s = spec(200, 150);
    const deposits = [{ row: 20, col: 30, id: 'a' }, { row: 100, col: 150, id: 'b' }, { row: 140, col: 5, id: 'c' }, { row: 3, col: 197, id: 'd' }];
    const res = sampleWindowsDetailed(s, null, deposits, { size: 32, nPositive: 40, nNegative: 40, slideRadius: 6, seed: 9 });
    for (const w of res.windows) {
      expect(w.row).toBeGreaterThanOrEqual(0);
      expect(w.col).toBeGreaterThanOrEqual(0);
      expect(w.row + 32).toBeLessThanOrEqual(150);
      expect(w.col + 32).toBeLessThanOrEqual(200);
    }
    // 'c' sits 5 cells from the left edge: a centred window (slide 6) cannot reach it without running off, so its
    // ten positives are a shortfall; 'd' likewise near the top-right corner.
    const ids = new Set(res.windows.filter((w) => w.label === 1).map((w) => w.depositId));
    expect(ids).toEqual(new Set(['a', 'b']));
    expect(res.shortfall.positive).toBe(20);
    const rule = windowRule(s, null);
    expect(rule(-1, 0, 32)).toBe(false);
    expect(rule(0, 169, 32)).toBe(false);
    expect(rule(118, 168, 32)).toBe(true);
    const mask = new Uint8Array(200 * 150).fill(1);
    for (let r = 0; r < 150; r++) for (let c = 0; c < 100; c++) mask[r * 200 + c] = 0;
    const half = windowRule(s, mask, 0.5);
    expect(half(0, 84, 32)).toBe(true); // exactly half nodata
    expect(half(0, 83, 32)).toBe(false);
  });
});

describe('scoreAsTrained', () => {
  it('scores a tile larger than a window with several windows of the training size centred in it (count checked)', async () => {
    const s = spec(96, 96);
    const tiles = tileGrid(s, { rows: 3, cols: 3 }); // 32 x 32 cells each
    const calls: Window[][] = [];
    const res = await scoreAsTrained({ spec: s, mask: null, size: 16, stride: 4, scorer: pointScorer({ row: 40, col: 40 }, calls), tiles }, { batchSize: 50 });
    // Lattice starts 0, 4, ..., 80: centres 8, 12, ..., 88; 6 of them in the first third, 8 in the middle, 7 in the last.
    expect(latticeStarts(96, 16, 4)).toHaveLength(21);
    expect(res.windows).toHaveLength(21 * 21);
    const perAxis = [6, 8, 7];
    res.tiles.forEach((t, k) => {
      expect(t.how).toBe('lattice');
      expect(t.windows).toBe(perAxis[Math.floor(k / 3)] * perAxis[k % 3]);
    });
    // Every window the model saw has the training size, and none was scored twice.
    const seen = calls.flat();
    expect(seen.every((w) => w.size === 16)).toBe(true);
    expect(new Set(seen.map((w) => `${w.row}:${w.col}`)).size).toBe(seen.length);
    expect(seen).toHaveLength(441);
    // Max and mean come from exactly those windows.
    const mid = tiles[4];
    const own = res.windows.map((w, k) => ({ c: windowCentre(w), s: res.scores[k] }))
      .filter(({ c }) => c.row >= mid.row0 && c.row < mid.row0 + 32 && c.col >= mid.col0 && c.col < mid.col0 + 32).map((x) => x.s);
    expect(own).toHaveLength(64);
    expect(res.tiles[4].max).toBeCloseTo(Math.max(...own), 6);
    expect(res.tiles[4].mean).toBeCloseTo(own.reduce((a, b) => a + b, 0) / own.length, 6);
    expect(res.tiles[4].max).toBeCloseTo(1, 6); // (40, 40) is a lattice centre
  });

  it('scores a tile smaller than a window with the window centred on it, moved inside the grid at the edge', async () => {
    const s = spec(96, 96);
    const tiles = tileGrid(s, { rows: 12, cols: 12 }); // 8 x 8 cells, windows of 16
    const res = await scoreAsTrained({ spec: s, mask: null, size: 16, stride: 4, scorer: pointScorer({ row: 44, col: 44 }), tiles });
    const t = res.tiles[5 * 12 + 5]; // rows/cols 40..47: centre 44
    expect(t).toMatchObject({ how: 'centred', windows: 1, offCentre: 0 });
    expect(t.max).toBeCloseTo(1, 6);
    expect(res.tiles[0]).toMatchObject({ how: 'centred', windows: 1, offCentre: 4 }); // wanted top-left (-4, -4)
  });

  it('leaves a tile unscored where no window may be placed and skips mostly-nodata windows', async () => {
    const s = spec(64, 64);
    const mask = new Uint8Array(64 * 64).fill(1);
    for (let r = 0; r < 64; r++) for (let c = 0; c < 32; c++) mask[r * 64 + c] = 0; // west half unsurveyed
    const tiles = tileGrid(s, { rows: 2, cols: 2 });
    const res = await scoreAsTrained({ spec: s, mask, size: 16, stride: 4, scorer: pointScorer({ row: 20, col: 50 }), tiles });
    const rule = windowRule(s, mask);
    expect(res.windows.every((w) => rule(w.row, w.col, w.size))).toBe(true);
    expect(res.windows.every((w) => w.col >= 24)).toBe(true);
    expect(res.tiles[0].how).toBe('none');
    expect(res.tiles[0].max).toBeNull();
    expect(res.tiles[1].how).toBe('lattice');
    for (let i = 0; i < 64 * 64; i++) if (!mask[i]) expect(res.map[i]).toBeNaN();
  });

  it('peaks the dense map of a point scorer at the right cell, where the whole-window average makes a tied block', async () => {
    const s = spec(80, 70);
    const P = { row: 33, col: 41 }; // a lattice centre: starts 1 mod 4 + 8
    const size = 16;
    const stride = 4;
    const res = await scoreAsTrained({ spec: s, mask: null, size, stride, scorer: pointScorer(P) });
    const peaks = argmaxes(res.map);
    expect(peaks).toEqual([P.row * 80 + P.col]);
    // Off the lattice too: a point between centres still peaks on the nearest centre's cell row and column.
    const Q = { row: 30, col: 26 };
    const q = await scoreAsTrained({ spec: s, mask: null, size, stride, scorer: pointScorer(Q) });
    const [qi] = argmaxes(q.map);
    expect(Math.abs(Math.floor(qi / 80) - Q.row)).toBeLessThanOrEqual(2);
    expect(Math.abs((qi % 80) - Q.col)).toBeLessThanOrEqual(2);
    // Every cell within half a window of a scored centre has a value: no margin left blank inside the grid.
    expect(res.map.every((v) => !Number.isNaN(v))).toBe(true);
  });

  it('weighs nearby centres most (the kernel mean equals a hand computation) and honours the signal and progress', async () => {
    const s = spec(20, 1);
    const ws: Window[] = [0, 4].map((col) => ({ row: 0, col, size: 1, label: 0, kind: 'random-negative' }));
    const m = centreKernelMap(s, null, ws, Float32Array.of(1, 0), { sigma: 2, reach: 6 });
    const w0 = Math.exp(-1 / 8);
    const w4 = Math.exp(-9 / 8);
    expect(m[1]).toBeCloseTo(w0 / (w0 + w4), 6);
    expect(m[0]).toBeCloseTo(1 / (1 + Math.exp(-16 / 8)), 6);
    expect(m[10]).toBe(0);
    expect(m[11]).toBeNaN();
    const progress: number[] = [];
    await scoreAsTrained({ spec: spec(40, 40), mask: null, size: 8, stride: 4, scorer: pointScorer({ row: 0, col: 0 }) }, { batchSize: 10, onProgress: (p) => progress.push(p.done) });
    expect(progress[progress.length - 1]).toBe(81);
    const ac = new AbortController();
    ac.abort();
    await expect(scoreAsTrained({ spec: spec(40, 40), mask: null, size: 8, stride: 4, scorer: pointScorer({ row: 0, col: 0 }) }, { signal: ac.signal })).rejects.toThrow(/cancelled/);
  });
});

