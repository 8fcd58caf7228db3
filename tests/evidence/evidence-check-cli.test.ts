// `prospect evidence-check` run as a user would: Cloncurry's StratNo onto a 1 km grid with GA's deposits, and
// xinjiang's label raster, whose misalignment must be printed.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { prospect } from '../helpers/cli';
import { CLONCURRY, gdalwarp, tempDir, XINJIANG } from './gdal';
import { faults, writeAll } from './vector-fixtures';

let dir: string;
beforeAll(() => { dir = tempDir(); });

describe('prospect evidence-check', () => {
  it('prints the class table of StratNo on a 1 km grid with deposit counts, as JSON', () => {
    const ref = gdalwarp(path.join(CLONCURRY, 'Dist2Breccia.tif'), path.join(dir, 'grid1k.tif'),
      ['-r', 'average', '-te', '600261.7689', '-2509191.0157', '726261.7689', '-2260491.0157', '-tr', '1000', '1000']);
    const r = prospect(['evidence-check', '--evidence', path.join(CLONCURRY, 'StratNo.tif'), '--grid-like', ref,
      '--deposits', path.join(CLONCURRY, 'IOCG_Deposits.shp'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = r.json as { ok: boolean; kind: string; resampled: { method: string }; classes: { code: number; areaKm2: number; deposits: number }[];
      deposits: { total: number; onLayer: number }; cells: { covered: number } };
    expect(j).toMatchObject({ ok: true, kind: 'categorical', resampled: { method: 'mode' }, deposits: { total: 258, onLayer: 258 } });
    expect(j.classes.reduce((s, c) => s + c.deposits, 0)).toBe(258);
    expect(j.classes.reduce((s, c) => s + c.areaKm2, 0)).toBeCloseTo(j.cells.covered, 6);
    const text = prospect(['evidence-check', '--evidence', path.join(CLONCURRY, 'StratNo.tif'), '--grid-like', ref]);
    expect(text.stdout).toMatch(/StratNo: categorical \(guessed: 87 distinct integer codes/);
    expect(text.stdout).toMatch(/resampled: mode/);
  });

  it('reports the xinjiang label raster as misaligned, and reads it by index when asked', () => {
    const args = ['evidence-check', '--evidence', path.join(XINJIANG, 'label/Au_deposits0.tif'),
      '--grid-like', path.join(XINJIANG, 'Geochemical_data/Au.tif'), '--deposits', path.join(XINJIANG, 'DERIVED_au_deposits_on_geochem_grid.csv'),
      '--x', 'x_utm45n', '--y', 'y_utm45n', '--crs', 'EPSG:32645'];
    const r = prospect([...args, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = r.json as { alignment: { aligned: boolean }; warnings: string[] };
    expect(j.alignment.aligned).toBe(false);
    expect(j.warnings[0]).toMatch(/misaligned with the deposits/);
    expect(prospect(args).stdout).toMatch(/warning: the layer looks misaligned/);
    const fixed = prospect([...args, '--align-by-index', '1,1', '--json']);
    expect(fixed.json).toMatchObject({ ok: true, resampled: { method: 'array-index' } });
    expect((fixed.json as { classes: { code: number; deposits: number }[] }).classes.find((c) => c.code === 1)?.deposits).toBe(10);
  });

  it('prints distances from lines in metres, and refuses a bad kind naming the flag', () => {
    const lines = writeAll(dir, 'faults', faults());
    const ref = path.join(dir, 'g.tif');
    gdalwarp(path.join(CLONCURRY, 'Dist2Breccia.tif'), ref, ['-r', 'average', '-te', '600000', '-2340000', '650000', '-2300000', '-tr', '250', '250']);
    const r = prospect(['evidence-check', '--evidence', lines.gpkg, '--grid-like', ref, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ ok: true, kind: 'distance', units: 'm', resampled: { method: 'distance' } });
    const bad = prospect(['evidence-check', '--evidence', lines.gpkg, '--grid-like', ref, '--kind', 'magnetic', '--json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--kind must be continuous, categorical, distance, density');
    const missing = prospect(['evidence-check', '--grid-like', ref]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--evidence is required');
  });
});
