// The IDW cells on WebAssembly (src-main/core/grid/wasm/idw.wat) against the JavaScript cells they replace, bit for
// bit, over what a tile can meet: element counts that take every summing path (eight at a time, pairs, one), samples
// on nodes, exact distance ties, too few neighbours (min_points), cells no sample reaches, more candidates than the
// module's first reservation, and every neighbour of a small survey (max_points 0). gdal_grid itself is compared in
// idw.test.ts and idw-ties.test.ts, which now run through the module.
import { describe, expect, it } from 'vitest';
import { buildIndexes, groupElements } from '../../src-main/core/grid/idw-index';
import { idwRows, IdwScratch, type IdwKernelParams } from '../../src-main/core/grid/idw-kernel';
import { createRng } from '../../src-main/core/util/random';
import type { SamplePoints } from '../../src-main/core/types';

function survey(n: number, elements: number, seed: number, lattice = false): SamplePoints {
  const rng = createRng(seed);
  const x = new Float64Array(n), y = new Float64Array(n);
  const values = Array.from({ length: elements }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    // A lattice puts many samples at exactly equal distances from cell centres, and some on the nodes.
    x[i] = lattice ? 1000 + 40 * (i % 25) : Math.round(rng.uniform(1000, 3000) * 10) / 10;
    y[i] = lattice ? 1000 + 40 * Math.floor(i / 25) : Math.round(rng.uniform(1000, 3000) * 10) / 10;
    for (const v of values) v[i] = Math.round(Math.exp(rng.normal() + 1) * 1000) / 1000;
  }
  return { crs: 'EPSG:32650', x, y, elements: values.map((_, e) => `E${e}`), values };
}

/** The bands from the module and from the JavaScript cells for the same survey and settings. */
function both(points: SamplePoints, p: IdwKernelParams): { simd: Float32Array[]; js: Float32Array[] } {
  const run = (useSimd: boolean) => {
    const indexes = buildIndexes(points, groupElements(points), p.radius, false);
    const out = points.elements.map(() => new Float32Array(p.width * p.height));
    const s = new IdwScratch(useSimd);
    // Two row bands, as the workers claim them, with one scratch (the module is reused band after band).
    const mid = Math.floor(p.height / 3);
    for (const ix of indexes) { idwRows(p, ix, out, 0, mid, s); idwRows(p, ix, out, mid, p.height, s); }
    // The comparison means something only if the module ran.
    expect(s.simdInUse()).toBe(useSimd);
    return out;
  };
  return { simd: run(true), js: run(false) };
}

function expectSameBits(a: Float32Array[], b: Float32Array[]): { nodata: number; values: number } {
  let nodata = 0, values = 0;
  for (let e = 0; e < a.length; e++) {
    const x = new Uint32Array(a[e].buffer), y = new Uint32Array(b[e].buffer);
    let diff = 0;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) diff++;
    expect(diff, `element ${e}`).toBe(0);
    for (const v of a[e]) if (Number.isNaN(v)) nodata++; else values++;
  }
  return { nodata, values };
}

const grid = { xmin: 900, ymax: 3100, cellX: 20, cellY: 20, width: 150, height: 140, power: 2, maxPoints: 12, minPoints: 0 };

describe('the IDW cells on WebAssembly', () => {
  for (const elements of [1, 2, 3, 5, 8, 9, 16, 17]) {
    it(`give the JavaScript cells' bits for ${elements} element(s)`, () => {
      const { simd, js } = both(survey(400, elements, elements), { ...grid, radius: 300 });
      const n = expectSameBits(simd, js);
      expect(n.values).toBeGreaterThan(0);
      // The grid reaches past the samples by more than the radius: cells no sample reaches.
      expect(n.nodata).toBeGreaterThan(0);
    });
  }

  it('give the same bits on a lattice full of ties and samples on nodes, with min_points leaving cells empty', () => {
    // Nodes at 1000 + 20k + 10 never coincide with 1000 + 40k; shift the grid by half a cell so that they do.
    const p = { ...grid, xmin: 890, ymax: 3110, radius: 130, maxPoints: 6, minPoints: 5 };
    const { simd, js } = both(survey(625, 4, 3, true), p);
    const n = expectSameBits(simd, js);
    expect(n.values).toBeGreaterThan(0);
    expect(n.nodata).toBeGreaterThan(0);
  });

  it('give the same bits with every sample a neighbour (max_points 0) and thousands of candidates a tile', () => {
    const points = survey(3000, 3, 11);
    const { simd, js } = both(points, { ...grid, width: 40, height: 30, radius: 5000, maxPoints: 0 });
    expect(expectSameBits(simd, js).nodata).toBe(0);
  });
});
