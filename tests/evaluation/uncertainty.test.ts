import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { mapSpread } from '../../src-main/core/evaluation/uncertainty';
import { createRng } from '../../src-main/core/util/random';

describe('mapSpread', () => {
  it('gives the per-cell sd (n - 1) and range over the maps defined there, skipping NaN', () => {
    const a = Float32Array.of(0.1, 0.5, NaN, 0.9, NaN);
    const b = Float32Array.of(0.3, 0.5, 0.2, NaN, NaN);
    const c = Float32Array.of(0.2, 0.5, 0.6, NaN, NaN);
    const s = mapSpread([a, b, c]);
    expect(Array.from(s.count)).toEqual([3, 3, 2, 1, 0]);
    expect(s.sd[0]).toBeCloseTo(0.1, 6);
    expect(s.range[0]).toBeCloseTo(0.2, 6);
    expect(s.mean[0]).toBeCloseTo(0.2, 6);
    expect(s.sd[1]).toBe(0);
    expect(s.sd[2]).toBeCloseTo(Math.SQRT2 * 0.2, 6);
    expect(s.range[2]).toBeCloseTo(0.4, 6);
    expect(s.sd[3]).toBeNaN(); // one map only
    expect(s.mean[3]).toBeCloseTo(0.9, 6);
    expect(s.sd[4]).toBeNaN();
    expect(mapSpread([a, b, c], { minMaps: 1 }).sd[3]).toBe(0);
    expect(() => mapSpread([a, Float32Array.of(1)])).toThrow(/Map 1 has 1 cells/);
  });

  it('matches numpy nanstd(ddof=1) and nanmax - nanmin on random maps with holes', () => {
    const rng = createRng(3);
    const maps = Array.from({ length: 5 }, () => Float32Array.from({ length: 400 }, () => (rng.next() < 0.2 ? NaN : rng.next())));
    const ref = JSON.parse(execFileSync('/usr/bin/python3', ['-c', `
import json, sys, warnings
import numpy as np
warnings.simplefilter('ignore')
m = np.array(json.load(sys.stdin), dtype=float)
n = np.sum(~np.isnan(m), axis=0)
sd = np.where(n >= 2, np.nanstd(m, axis=0, ddof=1), np.nan)
rg = np.where(n >= 2, np.nanmax(m, axis=0) - np.nanmin(m, axis=0), np.nan)
print(json.dumps({'sd': [None if np.isnan(v) else v for v in sd.tolist()], 'range': [None if np.isnan(v) else v for v in rg.tolist()]}))
`], { input: JSON.stringify(maps.map((m) => Array.from(m, (v) => (Number.isNaN(v) ? null : v)))) }).toString()) as { sd: (number | null)[]; range: (number | null)[] };
    const s = mapSpread(maps);
    ref.sd.forEach((v, i) => (v === null ? expect(s.sd[i]).toBeNaN() : expect(s.sd[i]).toBeCloseTo(v, 6)));
    ref.range.forEach((v, i) => (v === null ? expect(s.range[i]).toBeNaN() : expect(s.range[i]).toBeCloseTo(v, 6)));
  });
});
