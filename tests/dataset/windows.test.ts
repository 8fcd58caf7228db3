import { describe, expect, it } from 'vitest';
import type { GridSpec, GridStack } from '../../src-main/core/types';
import { extractWindows, sampleWindows, sampleWindowsDetailed } from '../../src-main/core/dataset/windows';
import { bufferViolations, buildRandomFolds, buildSpatialFolds, foldSplit, windowGap } from '../../src-main/core/dataset/folds';
import type { DepositCell } from '../../src-main/core/dataset/cells';
import { createRng } from '../../src-main/core/util/random';

const spec = (w: number, h: number): GridSpec => ({ crs: 'EPSG:32645', xmin: 0, ymax: h * 10, cellX: 10, cellY: 10, width: w, height: h });

describe('random', () => {
  it('is reproducible and resumes from a saved state', () => {
    const a = createRng(42);
    const b = createRng(42);
    expect([a.next(), a.int(10), a.normal()]).toEqual([b.next(), b.int(10), b.normal()]);
    const st = a.getState();
    const seq = [a.next(), a.normal(), a.normal(), a.int(7)];
    a.setState(st);
    expect([a.next(), a.normal(), a.normal(), a.int(7)]).toEqual(seq);
    expect(createRng(1).next()).not.toBe(createRng(2).next());
    // Uniform mean and normal variance, loosely.
    const r = createRng(3);
    let m = 0;
    let v = 0;
    for (let i = 0; i < 20000; i++) (m += r.next()), (v += r.normal() ** 2);
    expect(m / 20000).toBeCloseTo(0.5, 1);
    expect(v / 20000).toBeCloseTo(1, 1);
    expect(createRng(5).shuffle([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('sampleWindows', () => {
  const s = spec(200, 150);
  const deposits: DepositCell[] = [
    { row: 20, col: 30, id: 'a' },
    { row: 100, col: 150, id: 'b' },
    { row: 140, col: 5, id: 'c' }, // near the edge: its windows are padded
  ];
  const opts = { size: 32, nPositive: 30, nNegative: 40, slideRadius: 6, negativeMinDistance: 10, seed: 9 };

  it('is reproducible for a seed and differs across seeds', () => {
    expect(sampleWindows(s, null, deposits, opts)).toEqual(sampleWindows(s, null, deposits, opts));
    expect(sampleWindows(s, null, deposits, { ...opts, seed: 10 })).not.toEqual(sampleWindows(s, null, deposits, opts));
  });

  it('slides positives around their deposit and keeps negatives away from every deposit', () => {
    const res = sampleWindowsDetailed(s, null, deposits, opts);
    const pos = res.windows.filter((w) => w.label === 1);
    const neg = res.windows.filter((w) => w.label === 0);
    expect(pos.length + res.shortfall.positive).toBe(30);
    expect(neg.length).toBe(40);
    for (const w of pos) {
      const d = deposits.find((x) => x.id === w.depositId)!;
      expect(w.kind).toBe('slid-positive');
      expect(Math.abs(d.row - (w.row + 16))).toBeLessThanOrEqual(6);
      expect(Math.abs(d.col - (w.col + 16))).toBeLessThanOrEqual(6);
      // At most half the window lies past the grid edge (maxNodataFraction 0.5).
      const inside = (Math.min(150, w.row + 32) - Math.max(0, w.row)) * (Math.min(200, w.col + 32) - Math.max(0, w.col));
      expect(inside / (32 * 32)).toBeGreaterThanOrEqual(0.5);
    }
    for (const w of neg) {
      expect(w.row).toBeGreaterThanOrEqual(0);
      expect(w.row + 32).toBeLessThanOrEqual(150);
      for (const d of deposits) {
        const dr = Math.max(w.row - d.row, 0, d.row - (w.row + 31));
        const dc = Math.max(w.col - d.col, 0, d.col - (w.col + 31));
        expect(Math.hypot(dr, dc)).toBeGreaterThanOrEqual(10);
      }
    }
  });

  it('respects the nodata mask and extracts NHWC with NaN and padding as 0', () => {
    const sp = spec(40, 30);
    const mask = new Uint8Array(40 * 30).fill(1);
    for (let r = 0; r < 30; r++) for (let c = 20; c < 40; c++) mask[r * 40 + c] = 0; // right half unsurveyed
    const ws = sampleWindows(sp, mask, [{ row: 10, col: 8 }], { size: 8, nPositive: 5, nNegative: 10, maxNodataFraction: 0, seed: 1 });
    for (const w of ws) expect(w.col + 8).toBeLessThanOrEqual(20);
    const a = Float32Array.from({ length: 1200 }, (_, i) => i);
    const b = Float32Array.from({ length: 1200 }, (_, i) => -i);
    a[0] = NaN;
    const stack: GridStack = { spec: sp, elements: ['Au', 'Cu'], bands: [a, b] };
    const x = extractWindows(stack, [{ row: -1, col: -1, size: 3, label: 1, kind: 'slid-positive' }], ['Cu', 'Au']);
    // window rows -1..1, cols -1..1; channel 0 = Cu, 1 = Au
    expect(x.length).toBe(3 * 3 * 2);
    expect(Array.from(x.slice(0, 6))).toEqual([0, 0, 0, 0, 0, 0]); // row -1: padding
    expect(Array.from(x.slice(6, 12))).toEqual([0, 0, -0, 0, -1, 1]); // row 0: pad; (0,0) Cu = -0, Au NaN -> 0; (0,1)
    expect(Array.from(x.slice(12, 18))).toEqual([0, 0, -40, 40, -41, 41]);
    expect(() => extractWindows(stack, ws, ['Zn'])).toThrow(/Zn/);
  });
});

describe('spatial folds', () => {
  it('never lets a window overlap (or sit within the buffer of) a window of another fold, over random layouts', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const r = createRng(seed * 101);
      const s = spec(400, 300);
      const deposits: DepositCell[] = Array.from({ length: 8 }, (_, i) => ({ row: 20 + r.int(260), col: 20 + r.int(360), id: `d${i}` }));
      const ws = sampleWindows(s, null, deposits, { size: 24, positivesPerDeposit: 6, nNegative: 60, slideRadius: 8, seed });
      const folds = buildSpatialFolds(ws, { k: 4, seed });
      expect(folds.buffer).toBe(24);
      expect(bufferViolations(ws, folds)).toEqual([]);
      // Every window of one deposit is in one fold; positives are all kept and balanced.
      for (const d of deposits) {
        const fs = new Set(ws.map((w, i) => (w.depositId === d.id ? folds.fold[i] : -2)).filter((f) => f >= 0));
        expect(fs.size).toBe(folds.droppedDeposits.includes(d.id!) ? 0 : 1);
      }
      const keptPos = ws.filter((w, i) => w.label === 1 && folds.fold[i] >= 0).length;
      expect(folds.positivesPerFold.reduce((a, b) => a + b, 0)).toBe(keptPos);
      expect(keptPos).toBeGreaterThan(0);
      const kept = Array.from(folds.fold).filter((f) => f >= 0).length;
      expect(kept + folds.dropped).toBe(ws.length);
      const { train, test } = foldSplit(folds, 0);
      expect(train.length + test.length).toBe(kept);
      expect(buildSpatialFolds(ws, { k: 4, seed }).fold).toEqual(folds.fold);
    }
  });

  it('validateFolds catches overlap and buffer breaches', () => {
    const w = (row: number, col: number) => ({ row, col, size: 10, label: 0 as const, kind: 'random-negative' as const });
    const ws = [w(0, 0), w(5, 5), w(0, 30), w(0, 15)];
    expect(windowGap(ws[0], ws[2])).toBe(20);
    expect(bufferViolations(ws, { fold: Int32Array.from([0, 1, -1, -1]), buffer: 10 })).toHaveLength(1);
    expect(bufferViolations(ws, { fold: Int32Array.from([0, -1, 1, -1]), buffer: 10 })).toHaveLength(0);
    expect(bufferViolations(ws, { fold: Int32Array.from([0, -1, -1, 1]), buffer: 10 })).toHaveLength(1); // gap 5 < 10
  });

  it('the paper-style random folds are stratified (and would fail the spatial check)', () => {
    const s = spec(200, 200);
    const ws = sampleWindows(s, null, [{ row: 100, col: 100, id: 'x' }], { size: 20, nPositive: 20, nNegative: 20, seed: 3 });
    const f = buildRandomFolds(ws, { k: 4, seed: 3 });
    expect(f.positivesPerFold).toEqual([5, 5, 5, 5]);
    expect(bufferViolations(ws, { fold: f.fold, buffer: 20 }).length).toBeGreaterThan(0);
  });
});
