// Equal distances on a lattice: the k nearest and their order follow (distance, sample order) in the one-group search
// (every element valid at the same samples) and in the many-group one alike, checked against a brute-force reference.
// gdal_grid agrees on every cell without a tie; where distances tie exactly it may order them otherwise (its quadtree
// order, not the file's), which real surveys, with decimal coordinates, almost never meet.
import { describe, expect, it } from 'vitest';
import { buildGroups, idwGrid, type IdwParams } from '../../src-main/core/grid/idw';
import type { GridSpec, SamplePoints } from '../../src-main/core/types';
import { createRng } from '../../src-main/core/util/random';
import { gdalGridBand, tempDir } from './helpers';

// 24 x 24 samples 1 km apart, in a seeded random order, with distinct values; 500 m cells whose centres fall on the
// samples (exact hits), on edge midpoints (2-way ties) and on square centres (4-way ties).
function lattice(): SamplePoints {
  const n = 24, rng = createRng(11);
  const order = Array.from({ length: n * n }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const x = Float64Array.from(order, (i) => 300000 + (i % n) * 1000);
  const y = Float64Array.from(order, (i) => 7000000 + Math.floor(i / n) * 1000);
  const a = Float64Array.from(order, () => Math.round(Math.exp(rng.normal() + 2) * 1000) / 1000);
  // b shares a's samples but one, so that a gridded beside b takes the many-group search.
  const b = a.map((v, i) => (i === 5 ? NaN : v * 3));
  return { crs: 'EPSG:32635', x, y, elements: ['a', 'b'], values: [a, b] };
}

/** invdistnn by brute force: every sample's squared distance, sorted by (distance, sample order), the first k summed. */
function bruteForce(p: SamplePoints, e: number, s: GridSpec, params: IdwParams): Float32Array {
  const out = new Float32Array(s.width * s.height);
  const R2 = params.radius * params.radius;
  const v = p.values[e];
  for (let r = 0; r < s.height; r++) {
    for (let c = 0; c < s.width; c++) {
      const xc = s.xmin + (c + 0.5) * s.cellX, yc = s.ymax - (r + 0.5) * s.cellY;
      const near: [number, number][] = [];
      for (let i = 0; i < v.length; i++) {
        if (!Number.isFinite(v[i])) continue;
        const dx = p.x[i] - xc, dy = p.y[i] - yc;
        const d2 = dx * dx + dy * dy;
        if (d2 <= R2) near.push([d2, i]);
      }
      near.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      const k = near.slice(0, params.maxPoints > 0 ? params.maxPoints : near.length);
      const hit = k.find(([d2]) => d2 < 1e-13);
      if (hit) { out[r * s.width + c] = v[hit[1]]; continue; }
      let num = 0, den = 0;
      for (const [d2, i] of k) {
        const w = 1 / (params.power === 2 ? d2 : Math.pow(d2, params.power / 2));
        num += w * v[i]; den += w;
      }
      out[r * s.width + c] = k.length === 0 || k.length < (params.minPoints ?? 0) ? NaN : num / den;
    }
  }
  return out;
}

const spec: GridSpec = { crs: 'EPSG:32635', xmin: 299750, ymax: 7023250, cellX: 500, cellY: 500, width: 48, height: 48 };

describe('idwGrid ties', () => {
  it.each([
    ['3 nearest, 1.6 km', { power: 2, maxPoints: 3, radius: 1600 }],
    ['6 nearest, 2.3 km, power 3, min_points 5', { power: 3, maxPoints: 6, radius: 2300, minPoints: 5 }],
  ] as [string, IdwParams][])('breaks equal distances by sample order, in both searches: %s', async (_, params) => {
    const pts = lattice();
    const alone = { ...pts, elements: ['a'], values: [pts.values[0]] };
    expect(buildGroups(alone)).toEqual([[0]]);
    expect(buildGroups(pts)).toEqual([[0], [1]]);
    const one = (await idwGrid(alone, spec, params, { workers: 0 })).bands[0];
    const both = await idwGrid(pts, spec, params, { workers: 0 });
    const ref = bruteForce(pts, 0, spec, params);
    const gdal = await gdalGridBand(alone, 0, spec, params, tempDir('idw-ties-'));
    let ties = 0, notRef = 0, notRefMany = 0, notRefB = 0, notGdal = 0, nodata = 0;
    const refB = bruteForce(pts, 1, spec, params);
    for (let i = 0; i < ref.length; i++) {
      // Cells on a square's centre or an edge's midpoint: their nearest samples tie.
      const tie = Math.floor(i / spec.width) % 2 === 1 || (i % spec.width) % 2 === 1;
      if (tie) ties++;
      if (Number.isNaN(ref[i])) nodata++;
      if (!Object.is(one[i], ref[i])) notRef++;
      if (!Object.is(both.bands[0][i], ref[i])) notRefMany++;
      if (!Object.is(both.bands[1][i], refB[i])) notRefB++;
      if (!tie && !Object.is(one[i], gdal[i])) notGdal++;
    }
    expect(ties).toBeGreaterThan(ref.length / 2);
    expect([notRef, notRefMany, notRefB, notGdal]).toEqual([0, 0, 0, 0]);
    if (params.minPoints) expect(nodata).toBeGreaterThan(0);
  });
});
