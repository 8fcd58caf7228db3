// Colour stretches: where values land along the ramp, and the legend ticks that say so.
import { describe, expect, it } from 'vitest';
import { colorizeStretched, COLORMAPS } from '../../src-renderer/src/layers/colormap';
import { buildStretch, DEFAULT_STRETCH, logUnavailable, niceTicks } from '../../src-renderer/src/layers/stretch';
import { createRng } from '../../src-main/core/util/random';

const random = (n: number, seed: number, f: (u: number) => number): Float32Array => {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => f(rng.next()));
};

describe('equal-area stretch', () => {
  it('spreads skewed data evenly over the ramp: each tenth of the ramp gets a tenth of the cells', () => {
    // Log-normal, like a gold assay: a linear stretch would put almost every cell in the bottom tenth.
    const v = random(20000, 7, (u) => Math.exp(3 * (u - 0.5) * (u + 0.2)) * (1 + 10 * u ** 8));
    const s = buildStretch(v, { ...DEFAULT_STRETCH, kind: 'equal-area' });
    const bins = new Array(10).fill(0);
    for (const x of v) bins[Math.min(9, Math.floor(s.map(x) * 10))]++;
    for (const b of bins) expect(Math.abs(b / v.length - 0.1)).toBeLessThan(0.01);
    const lin = buildStretch(v, { ...DEFAULT_STRETCH, kind: 'minmax' });
    const low = v.filter((x) => lin.map(x) < 0.1).length / v.length;
    expect(low).toBeGreaterThan(0.3);
  });

  it('puts its ticks at the quartiles, at their quantile along the ramp', () => {
    const v = Float32Array.from({ length: 101 }, (_, i) => i * i);
    const s = buildStretch(v, { ...DEFAULT_STRETCH, kind: 'equal-area' });
    expect(s.ticks.map((t) => t.t)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(s.ticks.map((t) => t.value)).toEqual([0, 625, 2500, 5625, 10000]);
    expect(s.map(2500)).toBeCloseTo(0.5, 6);
  });

  it('gives tied values one colour', () => {
    const v = Float32Array.from([...new Array(900).fill(1), ...Array.from({ length: 100 }, (_, i) => 2 + i)]);
    const s = buildStretch(v, { ...DEFAULT_STRETCH, kind: 'equal-area' });
    expect(s.map(1)).toBeCloseTo(0.45, 2);
    expect(s.map(101)).toBe(1);
  });
});

describe('log stretch', () => {
  it('places ticks at the powers of ten inside the range, evenly along the ramp', () => {
    const v = Float32Array.from([0.05, 0.2, 3, 40, 800, 2000]);
    const s = buildStretch(v, { ...DEFAULT_STRETCH, kind: 'log' });
    expect(s.kind).toBe('log');
    expect(s.ticks.map((t) => t.value)).toEqual([0.1, 1, 10, 100, 1000]);
    const ts = s.ticks.map((t) => t.t);
    for (let i = 1; i < ts.length; i++) expect(ts[i]! - ts[i - 1]!).toBeCloseTo(1 / Math.log10(2000 / 0.05), 5);
    expect(s.map(Math.fround(0.05))).toBe(0);
    expect(s.map(Math.fround(2000))).toBeCloseTo(1, 6);
    expect(s.ticks.map((t) => t.label)).toEqual(['0.1', '1', '10', '100', '1000']);
  });

  it('is not available for data with zeros or negatives, and says so', () => {
    const v = Float32Array.from([-1, 0, 2, NaN]);
    expect(logUnavailable(v)).toBe('nonPositive');
    expect(logUnavailable(Float32Array.from([NaN]))).toBe('empty');
    expect(logUnavailable(Float32Array.from([1, NaN, 3]))).toBeNull();
    expect(buildStretch(v, { ...DEFAULT_STRETCH, kind: 'log' }).kind).toBe('minmax');
  });

  it('labels a range within one decade by its ends', () => {
    const s = buildStretch(Float32Array.from([2, 3, 5]), { ...DEFAULT_STRETCH, kind: 'log' });
    expect(s.ticks[0]!.t).toBe(0);
    expect(s.ticks[s.ticks.length - 1]!.t).toBe(1);
  });
});

describe('min-max and percentile stretches', () => {
  it('min-max maps the smallest value to the ramp start and the largest to its end', () => {
    const v = Float32Array.from([3, NaN, 7, 11, 5]);
    const s = buildStretch(v, { ...DEFAULT_STRETCH, kind: 'minmax' });
    expect(s.range).toEqual([3, 11]);
    expect(s.map(3)).toBe(0);
    expect(s.map(11)).toBe(1);
    expect(s.map(7)).toBe(0.5);
    expect(s.ticks[0]).toMatchObject({ value: 3, t: 0 });
    expect(s.ticks[s.ticks.length - 1]).toMatchObject({ value: 11, t: 1 });
  });

  it('percentile clips the tails at the chosen percentiles', () => {
    const v = Float32Array.from({ length: 101 }, (_, i) => i);
    const s = buildStretch(v, { kind: 'percentile', lo: 10, hi: 80 });
    expect(s.range).toEqual([10, 80]);
    expect(s.map(0)).toBe(0);
    expect(s.map(100)).toBe(1);
    expect(buildStretch(v, { kind: 'percentile', lo: 2, hi: 98 }).range).toEqual([2, 98]);
  });

  it('preset keeps the range the screen gave', () => {
    const s = buildStretch(Float32Array.from([0.2, 0.3]), DEFAULT_STRETCH, [0, 1]);
    expect(s.range).toEqual([0, 1]);
    expect(s.ticks.map((t) => t.value)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it('nice ticks step by 1, 2 or 5 x 10^n', () => {
    expect(niceTicks(0, 100)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0.13, 0.91)).toEqual([0.2, 0.4, 0.6, 0.8]);
  });
});

describe('colouring through a stretch', () => {
  it('leaves NaN (and non-positive cells under log) transparent and colours the rest from the ramp', () => {
    const v = Float32Array.from([NaN, 1, 10, 100, 0]);
    const s = buildStretch(Float32Array.from([NaN, 1, 10, 100]), { ...DEFAULT_STRETCH, kind: 'log' });
    for (const ramp of Object.keys(COLORMAPS) as (keyof typeof COLORMAPS)[]) {
      const rgba = colorizeStretched(v, s.map, ramp);
      expect(rgba[3]).toBe(0);
      expect(rgba[19]).toBe(0);
      expect([...rgba.slice(4, 7)]).toEqual(COLORMAPS[ramp][0]);
      expect([...rgba.slice(12, 15)]).toEqual(COLORMAPS[ramp][COLORMAPS[ramp].length - 1]);
      expect(rgba[7]).toBe(255);
    }
    const mid = colorizeStretched(Float32Array.from([10]), s.map, 'greys');
    expect(mid[0]).toBe(COLORMAPS.greys[4]![0]);
  });
});

describe('legend ticks', () => {
  it('keeps both ends and drops inner ticks too close to label', async () => {
    const { legendTicks } = await import('../../src-renderer/src/layers/map-legend');
    const k = (t: number) => ({ value: t, t, label: String(t) });
    expect(legendTicks([0, 0.25, 0.5, 0.75, 1].map(k)).map((x) => x.t)).toEqual([0, 0.5, 1]);
    expect(legendTicks([0, 0.1, 1].map(k)).map((x) => x.t)).toEqual([0, 1]);
  });
});
