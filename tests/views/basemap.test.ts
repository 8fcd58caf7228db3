// The offline basemap: GeoTIFFs made by GDAL (gdaldem hillshade and color-relief over a synthetic DEM, in the
// project's UTM zone and warped to lon/lat), resampled onto a project grid and compared pixel by pixel with what
// gdalwarp makes of the same file over the same extent and size.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGeoTiff } from '../../src-main/core/grid/geotiff-read';
import { saveGrids } from '../../src-main/core/store/grids-repo';
import { Project } from '../../src-main/core/store/project';
import type { GridSpec } from '../../src-main/core/types';
import { projectBasemap, readBasemap, savedBasemap, type ImageBasemap as Basemap } from '../../src-main/core/app/views/basemap';
import { writeDem } from '../helpers/dem';

const gdal = (cmd: string, ...args: string[]) => execFileSync(cmd, [...args, '-q'], { stdio: 'pipe' });

// The project grid: 20 x 15 km in UTM 45N with 100 m cells.
const spec: GridSpec = { crs: 'EPSG:32645', xmin: 300000, ymax: 3300000, cellX: 100, cellY: 100, width: 200, height: 150 };
const ext = { xmin: 300000, ymin: 3285000, xmax: 320000, ymax: 3300000 };
let dir: string;
const f = (name: string) => path.join(dir, name);


async function gdalReference(src: string, resampling: 'near' | 'bilinear', out: Basemap): Promise<Float32Array[]> {
  const file = f(`ref-${path.basename(src)}-${resampling}.tif`);
  rmSync(file, { force: true });
  gdal('gdalwarp', '-t_srs', 'EPSG:32645', '-te', String(ext.xmin), String(ext.ymin), String(ext.xmax), String(ext.ymax),
    '-ts', String(out.width), String(out.height), '-r', resampling, src, file);
  return (await readGeoTiff(file)).bands;
}

/** Share of pixels where GDAL has data and ours agrees within `tol` on every band, over the pixels both drew. */
function agreement(ours: Basemap, ref: Float32Array[], tol: number): { share: number; compared: number } {
  let ok = 0;
  let compared = 0;
  for (let i = 0; i < ours.width * ours.height; i++) {
    const refNoData = ref.every((b) => Number.isNaN(b[i]!) || b[i] === 0);
    if (refNoData || ours.rgba[i * 4 + 3] === 0) continue;
    compared++;
    const bands = ref.length === 1 ? [0, 0, 0] : [0, 1, 2];
    if (bands.every((b, k) => Math.abs(ours.rgba[i * 4 + k]! - ref[b]![i]!) <= tol)) ok++;
  }
  return { share: ok / Math.max(1, compared), compared };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'basemap-'));
  writeDem(f('dem.asc'));
  gdal('gdal_translate', '-a_srs', 'EPSG:32645', f('dem.asc'), f('dem.tif'));
  gdal('gdaldem', 'hillshade', f('dem.tif'), f('hillshade.tif'));
  writeFileSync(f('colors.txt'), '600 40 90 40\n900 200 180 90\n1300 250 250 250\n');
  gdal('gdaldem', 'color-relief', f('dem.tif'), f('colors.txt'), f('relief.tif'));
  gdal('gdalwarp', '-t_srs', 'EPSG:4326', '-r', 'bilinear', f('hillshade.tif'), f('hillshade-4326.tif'));
  gdal('gdal_translate', f('dem.asc'), f('no-crs.tif'));
  gdal('gdal_translate', '-a_srs', 'EPSG:32645', '-a_ullr', '500000', '3500000', '520000', '3480000', f('hillshade.tif'), f('far.tif'));
  gdal('gdal_translate', '-b', '1', '-b', '1', f('relief.tif'), f('two-bands.tif'));
  writeFileSync(f('not-a-tiff.tif'), 'this is a text file\n');
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('basemap from a GeoTIFF', () => {
  it('lays a hillshade in the project CRS onto the grid pixel for pixel as gdalwarp does (nearest)', async () => {
    const m = await readBasemap(f('hillshade.tif'), spec, { maxSize: 160 });
    expect([m.width, m.height, m.kind, m.crs]).toEqual([160, 120, 'grey', 'EPSG:32645']);
    expect(m.extent).toEqual(ext);
    const a = agreement(m, await gdalReference(f('hillshade.tif'), 'near', m), 0);
    expect(a.compared).toBeGreaterThan(0.97 * m.width * m.height);
    expect(a.share).toBeGreaterThan(0.999);
    // Grey: the three colour channels are equal.
    expect(m.rgba[4000 * 4]).toBe(m.rgba[4000 * 4 + 1]);
  });

  it('lays a colour relief map (3 bands) onto the grid as gdalwarp does, bilinear within a grey level', async () => {
    const m = await readBasemap(f('relief.tif'), spec, { maxSize: 200, resampling: 'bilinear' });
    expect([m.width, m.height, m.kind]).toEqual([200, 150, 'rgb']);
    const a = agreement(m, await gdalReference(f('relief.tif'), 'bilinear', m), 1);
    expect(a.compared).toBeGreaterThan(0.97 * m.width * m.height);
    expect(a.share).toBeGreaterThan(0.99);
  });

  it('reprojects a lon/lat (EPSG:4326) hillshade into the project CRS where gdalwarp puts it', async () => {
    for (const r of ['nearest', 'bilinear'] as const) {
      const m = await readBasemap(f('hillshade-4326.tif'), spec, { maxSize: 120, resampling: r });
      expect(m.crs).toBe('EPSG:4326');
      const ref = await gdalReference(f('hillshade-4326.tif'), r === 'nearest' ? 'near' : 'bilinear', m);
      // gdalwarp approximates the transform to an eighth of a pixel: nearest may pick a neighbour near edges.
      const a = agreement(m, ref, r === 'nearest' ? 0 : 2);
      expect(a.compared).toBeGreaterThan(0.9 * m.width * m.height);
      expect(a.share).toBeGreaterThan(r === 'nearest' ? 0.97 : 0.99);
      const loose = agreement(m, ref, 12);
      expect(loose.share).toBeGreaterThan(0.995);
    }
  });

  it('names the file when it cannot be a basemap', async () => {
    const fails = async (name: string, code: string, text: RegExp) => {
      const err = await readBasemap(f(name), spec, { maxSize: 64 }).then(() => null, (e: unknown) => e as { code: string; message: string; details: { file: string } });
      expect(err?.code).toBe(code);
      expect(err?.message).toMatch(text);
      expect(err?.message).toContain(f(name));
      expect(err?.details.file).toBe(f(name));
    };
    await fails('not-a-tiff.tif', 'BASEMAP_OPEN', /Cannot open/);
    await fails('missing.tif', 'BASEMAP_OPEN', /Cannot open/);
    await fails('no-crs.tif', 'BASEMAP_NO_CRS', /no coordinate system.*gdal_translate -a_srs/);
    await fails('far.tif', 'BASEMAP_NO_OVERLAP', /does not overlap the project's grid/);
    await fails('two-bands.tif', 'BASEMAP_BANDS', /2 bands/);
  });

  it('is remembered in the project file', async () => {
    const file = f('area.prospect');
    const p = Project.create(file, { name: 'area', crs: 'EPSG:32645' });
    try {
      await expect(projectBasemap(p, f('hillshade.tif'), { maxSize: 64 })).rejects.toMatchObject({ code: 'NO_GRID' });
      saveGrids(p, [{ element: 'Cu', source: 'idw', spec, params: {}, raw: new Float32Array(spec.width * spec.height), transform: { kind: 'none', mean: 0, sd: 1 } }]);
      expect(savedBasemap(p)).toBeNull();
      const m = await projectBasemap(p, f('hillshade.tif'), { maxSize: 64 });
      expect(m.kind !== 'tiles' && m.width).toBe(64);
    } finally {
      p.close();
    }
    const again = Project.open(file);
    expect(savedBasemap(again)).toBe(f('hillshade.tif'));
    again.close();
  });
});
