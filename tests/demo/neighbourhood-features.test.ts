// The neighbourhood features and the shape filter of the shape benchmark, against brute-force loops over every cell.
import { describe, expect, it } from 'vitest';
import { annulusMean, discMean, discRuns, neighbourhoodFeatures } from '../../src-main/core/evaluation/neighbourhood-features';
import { shapeFilterMap } from '../../src-main/core/evaluation/shape-filter';
import type { GridStack } from '../../src-main/core/types';
import { createRng } from '../../src-main/core/util/random';

const W = 23;
const H = 17;

function band(seed: number, nanShare = 0.1): Float32Array {
  const r = createRng(seed);
  return Float32Array.from({ length: W * H }, () => (r.next() < nanShare ? NaN : r.next() * 4 - 2));
}

/** Mean of the valid cells with inner < distance <= outer (inner < 0: the disc, the cell included). */
function brute(b: Float32Array, inner: number, outer: number): Float32Array {
  const out = new Float32Array(W * H);
  for (let r = 0; r < H; r++) {
    for (let c = 0; c < W; c++) {
      if (Number.isNaN(b[r * W + c])) {
        out[r * W + c] = NaN;
        continue;
      }
      let s = 0;
      let n = 0;
      for (let rr = 0; rr < H; rr++) {
        for (let cc = 0; cc < W; cc++) {
          const d2 = (rr - r) ** 2 + (cc - c) ** 2;
          const v = b[rr * W + cc];
          if (d2 <= outer * outer && (inner < 0 || d2 > inner * inner) && !Number.isNaN(v)) (s += v), n++;
        }
      }
      out[r * W + c] = n ? s / n : NaN;
    }
  }
  return out;
}

function expectClose(a: Float32Array, b: Float32Array): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(b[i])) expect(a[i], `cell ${i}`).toBeNaN();
    else expect(a[i], `cell ${i}`).toBeCloseTo(b[i], 5);
  }
}

describe('neighbourhood features', () => {
  it('disc runs cover exactly the cells within the radius', () => {
    for (const r of [0, 1, 1.5, 2, 3.7, 6]) {
      const count = discRuns(r).reduce((s, q) => s + 2 * q.half + 1, 0);
      let brute = 0;
      for (let dy = -7; dy <= 7; dy++) for (let dx = -7; dx <= 7; dx++) if (dx * dx + dy * dy <= r * r) brute++;
      expect(count, `radius ${r}`).toBe(brute);
    }
    expect(() => discRuns(-1)).toThrow(/radius/);
  });

  it('disc and annulus means match a brute-force loop, NaN and grid edges included', () => {
    const b = band(7);
    for (const r of [1, 2.5, 4, 9]) expectClose(discMean(b, W, H, r), brute(b, -1, r));
    for (const [i, o] of [[1, 3], [2.5, 6], [4, 30]]) expectClose(annulusMean(b, W, H, i, o), brute(b, i, o));
    expect(() => annulusMean(b, W, H, 3, 3)).toThrow(/outer radius/);
  });

  it('builds z, disc and annulus columns per element, in order, matching the brute force', () => {
    const stack: GridStack = { spec: { crs: 'EPSG:32645', xmin: 0, ymax: 0, cellX: 50, cellY: 50, width: W, height: H }, elements: ['As', 'Au', 'Cu'], bands: [band(1), band(2), band(3)] };
    const f = neighbourhoodFeatures(stack, ['Au', 'As'], [2, 5, 8]);
    expect(f.names).toEqual(['Au', 'As', 'Au@disc2', 'Au@ring2-5', 'Au@ring5-8', 'As@disc2', 'As@ring2-5', 'As@ring5-8']);
    expectClose(f.columns[0], stack.bands[1]);
    expectClose(f.columns[3], brute(stack.bands[1], 2, 5));
    expectClose(f.columns[7], brute(stack.bands[0], 5, 8));
    expect(() => neighbourhoodFeatures(stack, ['Au'], [5, 3])).toThrow(/increasing/);
  });
});

describe('shape filter', () => {
  it('ranks a core inside a ring of pathfinders above a broad high of the same elements and above a spike', () => {
    const n = 61;
    const spec = { crs: 'EPSG:32645', xmin: 0, ymax: 0, cellX: 50, cellY: 50, width: n, height: n };
    const core = new Float32Array(n * n);
    const ring = new Float32Array(n * n);
    const put = (cx: number, cy: number, f: (d: number) => [number, number]) => {
      for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) {
        const [a, b] = f(Math.hypot(r - cy, c - cx));
        core[r * n + c] += a;
        ring[r * n + c] += b;
      }
    };
    put(15, 15, (d) => [d <= 2 ? 2 : 0, d > 4 && d <= 8 ? 2 : d <= 3 ? -1 : 0]); // the deposit
    put(45, 45, (d) => [d <= 12 ? 2 : 0, d <= 12 ? 2 : 0]); // a unit high in both
    put(15, 45, (d) => [d < 1 ? 4 : 0, d < 1 ? 4 : 0]); // a spike
    const stack: GridStack = { spec, elements: ['Au', 'As'], bands: [core, ring] };
    const mask = new Uint8Array(n * n).fill(1);
    const at = (m: Float32Array, x: number, y: number) => m[y * n + x];
    const rmc = shapeFilterMap(stack, { core: ['Au'], ring: ['As'], centreRadius: 2, ringInner: 4, ringOuter: 8, variant: 'ring-minus-centre-and-core' }, mask);
    expect(at(rmc, 15, 15)).toBeGreaterThan(at(rmc, 45, 45));
    expect(at(rmc, 15, 15)).toBeGreaterThan(at(rmc, 15, 45));
    // By hand at the deposit: core disc mean 2; ring annulus mean 2 minus centre disc mean -1: min(2, 3) = 2.
    expect(at(rmc, 15, 15)).toBeCloseTo(2, 5);
    const rc = shapeFilterMap(stack, { core: ['Au'], ring: ['As'], centreRadius: 2, ringInner: 4, ringOuter: 8, variant: 'ring-and-core' }, mask);
    expect(at(rc, 15, 15)).toBeGreaterThan(at(rc, 15, 45));
    expect(() => shapeFilterMap(stack, { core: [], ring: ['As'], centreRadius: 2, ringInner: 4, ringOuter: 8, variant: 'ring-and-core' }, mask)).toThrow(/core and ring/);
  });
});
