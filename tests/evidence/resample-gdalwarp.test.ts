// Resampling onto the study grid against gdalwarp (GDAL 3.6, run here) on Geoscience Australia's Cloncurry layers:
// Dist2Breccia (continuous, metres) and StratNo (categorical unit codes), 100 m cells in EPSG:7845 (GA LCC), carried
// onto coarser grids in the same CRS and in MGA zone 54 (GDA2020 EPSG:7854; GDA94 EPSG:28354), and onto finer ones.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseMethod, edgeCells, warp, type WarpMethod } from '../../src-main/core/evidence/resample';
import type { RasterLayer } from '../../src-main/core/evidence/types';
import { readGeoTiff } from '../../src-main/core/grid/geotiff-read';
import { CLONCURRY, gdalwarp, tempDir } from './gdal';

const LCC_EXTENT_500 = ['-te', '600261.7689', '-2509191.0157', '726261.7689', '-2260491.0157'];
const MGA_EXTENT = ['-te', '380000', '7600000', '500000', '7830000'];

interface Comparison {
  cells: number; compared: number; within: number; edge: number; edgeDiffering: number; maxInterior: number; maxEdge: number;
  coverageDiffers: number;
}

let dir: string;
const sources = new Map<string, RasterLayer>();
async function source(name: string): Promise<RasterLayer> {
  if (!sources.has(name)) {
    const g = await readGeoTiff(path.join(CLONCURRY, name));
    sources.set(name, { spec: g.spec, values: g.bands[0] });
  }
  return sources.get(name)!;
}

/** Ours against gdalwarp's file on its own grid; `tol` absolute. Edge cells (box past the source's edge) apart. */
async function compare(name: string, method: WarpMethod, gdalArgs: string[], tol: number): Promise<Comparison> {
  const src = await source(name);
  const out = gdalwarp(path.join(CLONCURRY, name), path.join(dir, `${name}-${method}-${gdalArgs.join('_').replace(/[^\w.-]/g, '')}.tif`),
    ['-r', method, ...(method === 'mode' ? [] : ['-ot', 'Float32']), ...gdalArgs]);
  const ref = await readGeoTiff(out);
  const ours = warp(src, ref.spec, method);
  const edge = method === 'bilinear' ? new Uint8Array(ours.length) : edgeCells(src.spec, ref.spec);
  const c: Comparison = { cells: ours.length, compared: 0, within: 0, edge: 0, edgeDiffering: 0, maxInterior: 0, maxEdge: 0, coverageDiffers: 0 };
  const r = ref.bands[0];
  for (let i = 0; i < ours.length; i++) {
    if (edge[i] === 1) c.edge++;
    if (Number.isNaN(ours[i]) !== Number.isNaN(r[i])) { c.coverageDiffers++; continue; }
    if (Number.isNaN(ours[i])) continue;
    c.compared++;
    const d = Math.abs(ours[i] - r[i]);
    if (edge[i] === 1) { c.maxEdge = Math.max(c.maxEdge, d); if (d > tol) c.edgeDiffering++; continue; }
    c.maxInterior = Math.max(c.maxInterior, d);
    if (d <= tol) c.within++;
  }
  console.log(`${name} ${method} ${gdalArgs.join(' ')}:`, JSON.stringify(c));
  return c;
}

beforeAll(() => { dir = tempDir(); });

describe('continuous layers by cell average (source finer) against gdalwarp -r average', () => {
  it('Dist2Breccia onto 500 m cells on the same lattice: every cell inside the source equal to 0.01 m', async () => {
    const c = await compare('Dist2Breccia.tif', 'average', [...LCC_EXTENT_500, '-tr', '500', '500'], 0.01);
    expect(c.coverageDiffers).toBe(0);
    expect(c.within).toBe(c.compared - c.edge); // 124,747 cells
    // The grid runs 100 m past the source on the right: the last column (497 cells) is the only edge; there gdalwarp
    // weighs the last source pixel twice (its weight is the box's overhang), so it differs by up to ~30 m.
    expect(c.edge).toBe(497);
    expect(c.maxEdge).toBeLessThan(100);
  });

  it('Dist2Breccia onto 1 km cells in GDA2020 / MGA zone 54 (reprojected): every interior cell equal to 0.02 m', async () => {
    const c = await compare('Dist2Breccia.tif', 'average', ['-t_srs', 'EPSG:7854', ...MGA_EXTENT, '-tr', '1000', '1000'], 0.02);
    expect(c.coverageDiffers).toBe(0);
    expect(c.within).toBe(c.compared - c.edge); // 27,333 interior cells; edge cells differ by up to ~95 m
    expect(c.compared).toBeGreaterThan(27000);
    expect(c.edge).toBeLessThan(0.03 * c.cells); // the source's rotated outline crosses ~1.6 % of the cells
  });

  it('Dist2Breccia onto 1 km cells in GDA94 / MGA zone 54: within 2.5 m, the GDA94-GDA2020 shift GDAL applies and we do not', async () => {
    // GDAL transforms GDA2020 -> GDA94 with the 7-parameter Helmert (about 1.8 m at Cloncurry); our table takes both
    // datums as WGS84 (towgs84 zeros). A distance layer moves at most 1 m per metre shifted.
    const c = await compare('Dist2Breccia.tif', 'average', ['-t_srs', 'EPSG:28354', ...MGA_EXTENT, '-tr', '1000', '1000'], 2.5);
    expect(c.coverageDiffers).toBe(0);
    expect(c.within).toBe(c.compared - c.edge);
  });
});

describe('categorical layers by majority against gdalwarp -r mode', () => {
  it('StratNo onto 500 m and 1 km cells on the same lattice: every cell the same unit', async () => {
    for (const tr of ['500', '1000']) {
      const c = await compare('StratNo.tif', 'mode', [...LCC_EXTENT_500, '-tr', tr, tr], 0);
      expect(c.coverageDiffers).toBe(0);
      expect(c.within + c.edge - c.edgeDiffering).toBe(c.compared);
      expect(c.edgeDiffering).toBe(0);
    }
  });

  it('FaultDensity (Byte) onto 200 m cells: 2 x 2 boxes, where ties are common, every cell the same class', async () => {
    const c = await compare('FaultDensity.tif', 'mode', [...LCC_EXTENT_500, '-tr', '200', '200'], 0);
    expect(c.coverageDiffers).toBe(0);
    expect(c.within + c.edge).toBe(c.compared);
    expect(c.edgeDiffering).toBe(0);
    // How many of those cells were ties (the first value to lead wins in both): counted from the source.
    const src = await source('FaultDensity.tif');
    let ties = 0;
    for (let r = 0; r + 1 < src.spec.height; r += 2) {
      for (let col = 0; col + 1 < src.spec.width; col += 2) {
        const v = [src.values[r * src.spec.width + col], src.values[r * src.spec.width + col + 1], src.values[(r + 1) * src.spec.width + col], src.values[(r + 1) * src.spec.width + col + 1]];
        const n = new Map<number, number>();
        for (const x of v) n.set(x, (n.get(x) ?? 0) + 1);
        const top = Math.max(...n.values());
        if ([...n.values()].filter((k) => k === top).length > 1) ties++;
      }
    }
    console.log(`FaultDensity 200 m: ${ties} of ${c.compared} cells were ties`);
    expect(ties).toBeGreaterThan(1000);
  });

  it('StratNo onto 1 km cells in MGA zone 54: all cells the same unit in GDA2020, 99.9 % in GDA94 (its 1.8 m shift)', async () => {
    const c = await compare('StratNo.tif', 'mode', ['-t_srs', 'EPSG:7854', ...MGA_EXTENT, '-tr', '1000', '1000'], 0);
    expect(c.coverageDiffers).toBe(0);
    expect(c.within + c.edge).toBe(c.compared);
    expect(c.edgeDiffering).toBe(0);
    const g94 = await compare('StratNo.tif', 'mode', ['-t_srs', 'EPSG:28354', ...MGA_EXTENT, '-tr', '1000', '1000'], 0);
    expect(g94.coverageDiffers).toBe(0);
    // A box shifted 1.8 m swaps a row of 100 m source pixels in or out: it changes the majority only where two units
    // nearly tie (measured: 15 of 27,432 cells).
    expect(g94.within + g94.edge - g94.edgeDiffering).toBeGreaterThan(0.999 * g94.compared);
  });
});

describe('continuous layers by bilinear (source coarser) against gdalwarp -r bilinear', () => {
  it('Dist2Breccia onto 30 m cells (same CRS) and 40 m cells in MGA zone 54: every cell equal to 0.01 m, edges included', async () => {
    const a = await compare('Dist2Breccia.tif', 'bilinear', ['-te', '700011.7689', '-2300491.0157', '730011.7689', '-2270491.0157', '-tr', '30', '30'], 0.01);
    expect(a.coverageDiffers).toBe(0);
    expect(a.within).toBe(a.compared);
    expect(a.compared).toBeLessThan(a.cells); // the window runs off the source: those cells are no data in both
    const b = await compare('Dist2Breccia.tif', 'bilinear', ['-t_srs', 'EPSG:7854', '-te', '490000', '7700000', '510000', '7720000', '-tr', '40', '40'], 0.01);
    expect(b.coverageDiffers).toBe(0);
    expect(b.within).toBe(b.compared);
  });
});

describe('the method chosen', () => {
  it('averages a finer source, interpolates a coarser one, takes the majority of unit codes', async () => {
    const src = (await source('Dist2Breccia.tif')).spec;
    const coarse = { crs: 'EPSG:7854', xmin: 380000, ymax: 7830000, cellX: 1000, cellY: 1000, width: 120, height: 230 };
    const fine = { ...coarse, cellX: 40, cellY: 40 };
    expect(chooseMethod(src, coarse, false).method).toBe('average');
    expect(chooseMethod(src, fine, false).method).toBe('bilinear');
    expect(chooseMethod(src, fine, true).method).toBe('mode');
    expect(chooseMethod(src, src, false).method).toBe('average');
    expect(chooseMethod(src, coarse, false).reason).toMatch(/source cells ~100.6 m against 1000 m/); // LCC to UTM scale at Cloncurry;
  });
});
