import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromFile } from 'geotiff';
import { buildGroups, idwGrid, type IdwParams } from '../../src-main/core/grid/idw';
import { encodeGeoTiff, writeGeoTiff } from '../../src-main/core/grid/geotiff-write';
import type { GridSpec } from '../../src-main/core/types';
import { gdalGridBand, kolaPoints, tempDir } from './helpers';

// Kola C-horizon: 605 samples over ~500 x 500 km (UTM 35N); Pb has one missing value, so it gets its own neighbours.
const ELEMENTS = ['Cu', 'Pb', 'Au', 'As'];
const points = kolaPoints(ELEMENTS);

function compare(ours: Float32Array, ref: Float32Array) {
  let maxDiff = 0, maskMismatch = 0, bitDiff = 0, nodata = 0, min = Infinity, max = -Infinity;
  for (let i = 0; i < ref.length; i++) {
    if (Number.isNaN(ref[i]) !== Number.isNaN(ours[i])) { maskMismatch++; continue; }
    if (Number.isNaN(ref[i])) { nodata++; continue; }
    min = Math.min(min, ref[i]); max = Math.max(max, ref[i]);
    const d = Math.abs(ref[i] - ours[i]);
    if (d !== 0) bitDiff++;
    maxDiff = Math.max(maxDiff, d);
  }
  return { maxDiff, range: max - min, maskMismatch, bitDiff, nodata };
}

async function checkAgainstGdal(spec: GridSpec, params: IdwParams, workers: number, expectNodata: boolean, inThread = true) {
  const progress: number[] = [];
  const ours = await idwGrid(points, spec, params, { workers, inThread, onProgress: (p) => progress.push(p.done) });
  expect(ours.elements).toEqual(ELEMENTS);
  expect(progress.length).toBeGreaterThan(0);
  expect(progress[progress.length - 1]).toBe(progress.length);
  const dir = tempDir('idw-gdal-');
  for (let e = 0; e < ELEMENTS.length; e++) {
    const ref = await gdalGridBand(points, e, spec, params, dir);
    const c = compare(ours.bands[e], ref);
    expect(c.maskMismatch, `${ELEMENTS[e]} nodata mask`).toBe(0);
    expect(c.maxDiff, `${ELEMENTS[e]} max diff`).toBeLessThanOrEqual(1e-4 * c.range);
    expect(c.bitDiff, `${ELEMENTS[e]} cells not bit-identical`).toBe(0);
    if (expectNodata) expect(c.nodata).toBeGreaterThan(0);
    expect(c.nodata).toBeLessThan(ref.length);
  }
}

describe('idwGrid against gdal_grid invdistnn (GDAL 3.6)', () => {
  const spec: GridSpec = { crs: 'EPSG:32635', xmin: 370000, ymax: 7890000, cellX: 2500, cellY: 2500, width: 200, height: 210 };

  it('is bit-identical with a wide radius, in this thread', async () => {
    await checkAgainstGdal(spec, { power: 2, maxPoints: 12, radius: 60000 }, 0, false);
  });

  it('is bit-identical with a short radius and min_points (nodata cells), on 2 workers only', async () => {
    await checkAgainstGdal(spec, { power: 2, maxPoints: 8, radius: 18000, minPoints: 3 }, 2, true, false);
  });

  it('is bit-identical for a group of five elements sharing their samples (summed four at a time, then one)', async () => {
    const names = ['Cu', 'Au', 'As', 'Ni', 'Co'];
    const all = kolaPoints(names);
    const keep = [...all.x.keys()].filter((i) => all.values.every((v) => Number.isFinite(v[i])));
    const pts = { ...all, x: Float64Array.from(keep, (i) => all.x[i]), y: Float64Array.from(keep, (i) => all.y[i]), values: all.values.map((v) => Float64Array.from(keep, (i) => v[i])) };
    expect(buildGroups(pts)).toEqual([[0, 1, 2, 3, 4]]);
    const params: IdwParams = { power: 2, maxPoints: 12, radius: 40000 };
    const ours = await idwGrid(pts, spec, params, { workers: 0 });
    const dir = tempDir('idw-group-');
    for (let e = 0; e < names.length; e++) {
      const c = compare(ours.bands[e], await gdalGridBand(pts, e, spec, params, dir));
      expect([c.maskMismatch, c.bitDiff], names[e]).toEqual([0, 0]);
      expect(c.nodata).toBeLessThan(ours.bands[e].length);
    }
  });

  it('matches with power 3 and rectangular cells', async () => {
    const s: GridSpec = { ...spec, cellX: 4000, cellY: 2000, width: 125, height: 260 };
    await checkAgainstGdal(s, { power: 3, maxPoints: 6, radius: 30000, minPoints: 1 }, 0, true);
  });

  it('takes the sample value at a node that falls on a sample, as gdal_grid does', async () => {
    // Sample 1 of the file lies at (547960, 7693790): put a cell centre exactly there.
    const s: GridSpec = { crs: 'EPSG:32635', xmin: 547960 - 500 - 20000, ymax: 7693790 + 500 + 20000, cellX: 1000, cellY: 1000, width: 41, height: 41 };
    const ours = await idwGrid(points, s, { power: 2, maxPoints: 12, radius: 50000, minPoints: 20 }, { workers: 0 });
    expect(ours.bands[0][20 * 41 + 20]).toBe(Math.fround(points.values[0][0]));
    await checkAgainstGdal(s, { power: 2, maxPoints: 12, radius: 50000, minPoints: 20 }, 0, true);
  });

  it('honours an AbortSignal and terminates its workers', async () => {
    const big: GridSpec = { ...spec, cellX: 250, cellY: 250, width: 2000, height: 2100 };
    const ac = new AbortController();
    const run = idwGrid(points, big, { power: 2, maxPoints: 12, radius: 60000 }, {
      workers: 2, signal: ac.signal, onProgress: () => ac.abort(),
    });
    await expect(run).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('rejects a bad radius with a ProspectError', async () => {
    await expect(idwGrid(points, spec, { power: 2, maxPoints: 12, radius: 0 }, { workers: 0 }))
      .rejects.toMatchObject({ code: 'IDW_BAD_PARAMS' });
  });

  it('grids the same with a worker beside this thread, and writes GeoTIFFs GDAL and geotiff.js read back bit for bit', async () => {
    // Shifted 300 km west of the survey: the western tiles are all nodata, the rest a mix.
    const s: GridSpec = { ...spec, xmin: spec.xmin - 300000, width: 224, height: 224 };
    const params: IdwParams = { power: 2, maxPoints: 12, radius: 15000 };
    const ours = await idwGrid(points, s, params, { workers: 1 });
    const alone = await idwGrid(points, s, params, { workers: 0 });
    const dir = tempDir('idw-tiff-');
    const band = ours.bands[0];
    expect(Buffer.from(band.buffer).equals(Buffer.from(alone.bands[0].buffer))).toBe(true);
    let nan = 0;
    for (const v of band) if (Number.isNaN(v)) nan++;
    expect(nan).toBeGreaterThan(band.length / 10);
    const layouts = { dense: { tileSize: 0 }, strips: { tileSize: 0, shareBlocks: true }, tiles: { tileSize: 32, shareBlocks: true, cog: false } };
    const sizes: Record<string, number> = {};
    for (const [name, layout] of Object.entries(layouts)) {
      const file = path.join(dir, `${name}.tif`);
      await writeGeoTiff(file, { spec: s, bands: [band], ...layout });
      sizes[name] = statSync(file).size;
      // The file written from the parts is the encoded buffer, byte for byte.
      expect(readFileSync(file).equals(await encodeGeoTiff({ spec: s, bands: [band], ...layout }))).toBe(true);
      // GDAL's own reader gives back every bit (NaN included).
      const raw = path.join(dir, `${name}.bin`);
      execFileSync('gdal_translate', ['-q', '-of', 'ENVI', file, raw]);
      expect(readFileSync(raw).equals(Buffer.from(band.buffer)), `${name} via GDAL`).toBe(true);
      const tiff = await fromFile(file);
      const [back] = (await (await tiff.getImage()).readRasters({ interleave: false })) as unknown as Float32Array[];
      await tiff.close();
      expect(Buffer.from(back.buffer, back.byteOffset, back.byteLength).equals(Buffer.from(band.buffer)), `${name} via geotiff.js`).toBe(true);
    }
    expect(sizes.strips).toBeLessThanOrEqual(sizes.dense);
    expect(sizes.tiles).toBeLessThan(sizes.dense * 0.9);
  });

  it('gives each element the same grid alone or among 40 elements with 40 valid-sample patterns (two indexes)', async () => {
    // Cu with every 40th sample (offset g) blanked: 40 patterns, more than one index's 32 group bits.
    const cu = points.values[0];
    const many = Array.from({ length: 40 }, (_, g) => cu.map((v, i) => (i % 40 === g ? NaN : v)));
    const names = many.map((_, g) => `Cu${g}`);
    const s: GridSpec = { ...spec, cellX: 10000, cellY: 10000, width: 50, height: 53 };
    const params: IdwParams = { power: 2, maxPoints: 12, radius: 40000 };
    const all = await idwGrid({ ...points, elements: names, values: many }, s, params, { workers: 0 });
    for (const g of [0, 17, 31, 32, 39]) {
      const one = await idwGrid({ ...points, elements: [names[g]], values: [many[g]] }, s, params, { workers: 0 });
      expect(Buffer.from(all.bands[g].buffer).equals(Buffer.from(one.bands[0].buffer)), names[g]).toBe(true);
    }
    // The patterns differ, so do the grids.
    expect(Buffer.from(all.bands[0].buffer).equals(Buffer.from(all.bands[1].buffer))).toBe(false);
  });
});
