// A levelled grid says so in its GeoTIFF (issue 24): Katanning's campaigns are levelled by default, so `prospect grid`
// writes PROSPECT_LEVELLED and the unit 'levelled ppm', read back by gdalinfo; with --levelling none the plain ppm.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gdalinfoJson } from '../grid/helpers';
import { dataDir, prospect, tempDir } from '../helpers/cli';

const file = path.join(dataDir, 'wa-katanning-sediment/area1_sediment_au.csv');

function grid(levelling: string): { dir: string; json: any } {
  const dir = tempDir('levelled-');
  const r = prospect(['grid', '--samples', file, '--x', 'X', '--y', 'Y', '--crs', 'EPSG:4326', '--elements', 'Ag,Au', '--cell', '4000',
    '--levelling', levelling, '--out', dir, '--json']);
  expect(r.code, r.stderr.slice(-1500)).toBe(0);
  return { dir, json: r.json };
}

describe('levelled grids labelled in their GeoTIFF metadata', () => {
  it('Katanning Ag and Au levelled by campaign (z-score): PROSPECT_LEVELLED and "levelled ppm" in gdalinfo', () => {
    const { dir, json } = grid('zscore');
    expect(json.levelling.elements).toEqual(['Ag', 'Au']);
    const info = gdalinfoJson(path.join(dir, 'Au.tif')) as any;
    expect(info.metadata[''].PROSPECT_LEVELLED).toMatch(/^zscore: Au levelled by campaign over \d+ campaigns \(.*74821.*\); values are on the pooled scale/);
    expect(info.bands[0].unit).toBe('levelled ppm');
    expect(info.bands[0].description).toBe('Au');
  });

  it('not levelled: no PROSPECT_LEVELLED item, unit ppm', () => {
    const { dir } = grid('none');
    const info = gdalinfoJson(path.join(dir, 'Ag.tif')) as any;
    expect(info.metadata?.['']?.PROSPECT_LEVELLED).toBeUndefined();
    expect(info.bands[0].unit).toBe('ppm');
  });
});
