// `prospect grid` straight from a sample file, no project: one Float32 GeoTIFF per element that GDAL reads, equal to
// gdal_grid invdistnn run on the same points.
import path from 'node:path';
import { fromFile } from 'geotiff';
import { describe, expect, it } from 'vitest';
import { gdalGridBand, gdalinfoJson, kolaPoints } from '../grid/helpers';
import { dataDir, prospect, tempDir } from '../helpers/cli';

describe('prospect grid --samples', () => {
  it('writes GeoTIFFs equal to gdal_grid invdistnn', async () => {
    const dir = tempDir('grid-cli-');
    const file = path.join(dataDir, 'kola-chorizon/kola_chorizon_fullcoords.csv');
    const params = { power: 2, maxPoints: 12, radius: 40000, minPoints: 2 };
    const r = prospect(['grid', '--samples', file, '--x', 'XCOO', '--y', 'YCOO', '--crs', 'EPSG:32635', '--elements', 'Cu,Pb',
      '--extent', '380000,7340000,900000,7800000', '--cell', '5000', '--power', '2', '--max-points', '12', '--radius', '40000',
      '--min-points', '2', '--out', dir, '--json']);
    expect(r.code, r.stderr.slice(-1500)).toBe(0);
    const res = r.json as any;
    // The GeoTIFFs, and the manifest that lets a later run replace them (and nothing else) in that folder.
    expect(res.files).toEqual([path.join(dir, 'Cu.tif'), path.join(dir, 'Pb.tif'), path.join(dir, '.prospect-export.json')]);
    const spec = res.spec;
    expect([spec.width, spec.height]).toEqual([104, 92]);

    const info = gdalinfoJson(path.join(dir, 'Cu.tif')) as any;
    expect(info.coordinateSystem.wkt).toMatch(/ID\["EPSG",32635\]\]$/);
    expect(info.geoTransform).toEqual([380000, 5000, 0, 7800000, 0, -5000]);
    expect(info.bands[0].type).toBe('Float32');

    const pts = kolaPoints(['Cu', 'Pb']);
    for (const [e, name] of ['Cu', 'Pb'].entries()) {
      const ref = await gdalGridBand(pts, e, spec, params, dir);
      const img = await (await fromFile(path.join(dir, `${name}.tif`))).getImage();
      const nodata = img.getGDALNoData();
      const [band] = (await img.readRasters()) as unknown as Float32Array[];
      let maxDiff = 0;
      let mask = 0;
      for (let i = 0; i < ref.length; i++) {
        const ours = band[i] === nodata ? NaN : band[i];
        if (Number.isNaN(ours) !== Number.isNaN(ref[i])) mask++;
        else if (!Number.isNaN(ours)) maxDiff = Math.max(maxDiff, Math.abs(ours - ref[i]));
      }
      expect(mask, name).toBe(0);
      expect(maxDiff, name).toBe(0);
      expect(ref.some((v) => Number.isNaN(v))).toBe(true);
    }
  }, 120_000);
});
