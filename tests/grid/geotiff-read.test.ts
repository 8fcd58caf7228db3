import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readGeoTiff, readGridStack } from '../../src-main/core/grid/geotiff-read';
import { dataDir, gdalinfoJson, tempDir } from './helpers';

const geochem = path.join(dataDir, 'xinjiang-au-grids/Geochemical_data');

describe('readGeoTiff / readGridStack on the Xinjiang grids', () => {
  it('reads a folder of element grids as one stack', async () => {
    const steps: number[] = [];
    const stack = await readGridStack(geochem, { onProgress: (p) => steps.push(p.done) });
    expect(stack.elements.length).toBe(39);
    expect(stack.elements).toContain('Au');
    expect(stack.elements).toContain('Al2O3');
    expect(steps.at(-1)).toBe(39);
    const info = gdalinfoJson(path.join(geochem, 'Au.tif'), false);
    expect(stack.spec).toEqual({
      crs: 'EPSG:32645', xmin: info.geoTransform[0], ymax: info.geoTransform[3], cellX: info.geoTransform[1],
      cellY: -info.geoTransform[5], width: 289, height: 117,
    });
    expect(stack.spec.xmin).toBe(565321);
    const au = stack.bands[stack.elements.indexOf('Au')];
    expect(au.length).toBe(289 * 117);
    expect(au.every((v) => Number.isFinite(v))).toBe(true);
    // GDAL's own decoding of the same file, as raw little-endian Float32.
    const raw = path.join(tempDir('tiff-read-'), 'au.bil');
    execFileSync('gdal_translate', ['-q', '-of', 'ENVI', path.join(geochem, 'Au.tif'), raw]);
    const bytes = readFileSync(raw);
    expect(Array.from(au)).toEqual(Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, au.length)));
  });

  it('names the file that does not match the stack', async () => {
    const label = path.join(dataDir, 'xinjiang-au-grids/label/Au_deposits0.tif');
    const err = await readGridStack([path.join(geochem, 'Au.tif'), path.join(geochem, 'Cu.tif'), label]).catch((e) => e);
    expect(err.code).toBe('STACK_MISMATCH');
    expect(err.details.file).toBe(label);
    expect(err.message).toContain('Au_deposits0.tif');
  });

  it('turns nodata into NaN', async () => {
    const dir = tempDir('tiff-read-');
    const out = path.join(dir, 'Cu.tif');
    const cu = (await readGeoTiff(path.join(geochem, 'Cu.tif'))).bands[0];
    // Declare the value of the first pixel as nodata.
    execFileSync('gdal_translate', ['-q', '-a_nodata', String(cu[0]), path.join(geochem, 'Cu.tif'), out]);
    const g = await readGeoTiff(out);
    const expectedNaN = cu.filter((v) => v === cu[0]).length;
    expect(g.bands[0].filter((v) => Number.isNaN(v)).length).toBe(expectedNaN);
    expect(g.nodata).toBeCloseTo(cu[0], 3);
  });

  it('asks for --crs when the CRS is user-defined', async () => {
    const dir = tempDir('tiff-read-');
    const out = path.join(dir, 'Au.tif');
    execFileSync('gdal_translate', ['-q', '-a_srs', '+proj=tmerc +lat_0=0 +lon_0=89.5 +k=0.9996 +x_0=500000 +y_0=0 +ellps=krass +units=m',
      path.join(geochem, 'Au.tif'), out]);
    await expect(readGeoTiff(out)).rejects.toMatchObject({ code: 'TIFF_NO_EPSG', message: expect.stringContaining('--crs') });
    const g = await readGeoTiff(out, { crs: 'EPSG:2390' });
    expect(g.spec.crs).toBe('EPSG:2390');
  });
});
