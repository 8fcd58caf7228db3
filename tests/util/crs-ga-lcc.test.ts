// EPSG:7845 (GDA2020 / GA LCC), the CRS of Geoscience Australia's compilations, against GDAL's own definition and
// transformation of points across the continent.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { crsWkt } from '../../src-main/core/util/crs-wkt';
import { listCrs, makeTransformer, parseCrs } from '../../src-main/core/util/crs';

const gdal = (cmd: string, args: string[], input?: string): string => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', input });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

/** proj4 parameters as a map, without the ones GDAL and we spell differently (towgs84 of zeros is a no-op on GRS80). */
const params = (s: string) => new Map(s.trim().split(/\s+/).filter((t) => !/^\+(towgs84|no_defs|type)/.test(t)).map((t) => t.split('=') as [string, string]));

describe('EPSG:7845 (GDA2020 / GA LCC)', () => {
  it('has the parameters gdalsrsinfo gives', () => {
    const ours = parseCrs('EPSG:7845');
    expect(ours.geographic).toBe(false);
    expect(params(ours.proj4)).toEqual(params(gdal('gdalsrsinfo', ['-o', 'proj4', 'EPSG:7845'])));
    expect(listCrs().find((c) => c.code === 'EPSG:7845')?.name).toContain('GA LCC');
  });

  it('projects points across Australia as gdaltransform does, to a millimetre', () => {
    // Cloncurry's grid corners, the projection origin, and points from Cape York to Tasmania and Perth to Byron Bay.
    const lcc: [number, number][] = [[600261.7689, -2260491.0157], [726162, -2509191], [0, -1], [-1000000, -3000000],
      [-1700000, -3600000], [1800000, -3300000], [1000000, -4600000], [800000, -1200000]];
    const out = gdal('gdaltransform', ['-s_srs', 'EPSG:7845', '-t_srs', 'EPSG:7844', '-output_xy'], lcc.map((p) => p.join(' ')).join('\n'));
    const gdalLonLat = out.trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
    const toGeo = makeTransformer('EPSG:7845', 'EPSG:7844');
    const geo = toGeo(lcc.map((p) => p[0]), lcc.map((p) => p[1]));
    let worstDeg = 0;
    lcc.forEach((_, i) => { worstDeg = Math.max(worstDeg, Math.abs(geo.x[i] - gdalLonLat[i][0]), Math.abs(geo.y[i] - gdalLonLat[i][1])); });
    expect(worstDeg).toBeLessThan(1e-8); // ~1 mm
    // And back: GDA2020 lon/lat -> LCC against gdaltransform.
    const back = gdal('gdaltransform', ['-s_srs', 'EPSG:7844', '-t_srs', 'EPSG:7845', '-output_xy'], gdalLonLat.map((p) => p.join(' ')).join('\n'));
    const gdalXY = back.trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
    const ours = makeTransformer('EPSG:7844', 'EPSG:7845')(gdalLonLat.map((p) => p[0]), gdalLonLat.map((p) => p[1]));
    gdalXY.forEach((p, i) => {
      expect(Math.abs(ours.x[i] - p[0])).toBeLessThan(1e-3);
      expect(Math.abs(ours.y[i] - p[1])).toBeLessThan(1e-3);
    });
    // MGA zone 54 (EPSG:28354) from LCC, as a study grid in another CRS would need.
    const mga = gdal('gdaltransform', ['-s_srs', 'EPSG:7845', '-t_srs', 'EPSG:7854', '-output_xy'], lcc.slice(0, 2).map((p) => p.join(' ')).join('\n'))
      .trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
    const toMga = makeTransformer('EPSG:7845', 'EPSG:7854')(lcc.slice(0, 2).map((p) => p[0]), lcc.slice(0, 2).map((p) => p[1]));
    mga.forEach((p, i) => { expect(Math.abs(toMga.x[i] - p[0])).toBeLessThan(1e-3); expect(Math.abs(toMga.y[i] - p[1])).toBeLessThan(1e-3); });
  });

  it('writes a WKT that GDAL reads back as the same projection', () => {
    const wkt = crsWkt('EPSG:7845');
    expect(wkt).toContain('Lambert_Conformal_Conic_2SP');
    expect(params(gdal('gdalsrsinfo', ['-o', 'proj4', wkt!]))).toEqual(params(gdal('gdalsrsinfo', ['-o', 'proj4', 'EPSG:7845'])));
  });
});
