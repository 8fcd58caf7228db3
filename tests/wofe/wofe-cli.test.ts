// `prospect wofe` run as a user would, on GA's Cloncurry FaultDensity layer (descending), against GA's FaultDensity_CD.csv.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { prospect } from '../helpers/cli';
import { GA_DIR, readGaTable } from './ga-data';

const W = path.join(GA_DIR, 'CalculateWeights');

describe('prospect wofe', () => {
  it('prints GA\'s descending table for FaultDensity with --json, and the generalisation at the largest studentized contrast', () => {
    const r = prospect(['wofe', '--raster', path.join(W, 'FaultDensity.tif'),
      '--deposits', path.join(W, 'IOCG_Deposits.shp'), '--type', 'descending', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = r.json as { points: number; rows: Record<string, number>[]; generalised: { favourable: number[]; studC: number } };
    expect(j.points).toBe(258);
    const ga = readGaTable('CalculateWeights/FaultDensity_CD.csv');
    expect(j.rows.map((x) => x.class)).toEqual(ga.map((x) => x.CLASS));
    const cols: [string, keyof (typeof ga)[number]][] = [['area', 'AREA_UNITS'], ['points', 'NO_POINTS'], ['wPlus', 'WPLUS'],
      ['sWPlus', 'S_WPLUS'], ['wMinus', 'WMINUS'], ['sWMinus', 'S_WMINUS'], ['contrast', 'CONTRAST'], ['sContrast', 'S_CONTRAST'], ['studC', 'STUDC']];
    j.rows.forEach((row, i) => {
      for (const [ours, theirs] of cols) expect(Math.abs(row[ours] - ga[i][theirs]) / Math.max(1, Math.abs(ga[i][theirs])), `${row.class} ${ours}`).toBeLessThan(1e-9);
    });
    // The largest studentized contrast cuts at class 6: the very classes GA chose by hand for its binary map.
    expect(j.generalised.favourable).toEqual([10, 9, 8, 7, 6]);
    expect(j.generalised.studC).toBeCloseTo(ga[4].STUDC, 9);
  });

  it('refuses a missing type and a raster that is not integer classes, naming the flag or the file', () => {
    const noType = prospect(['wofe', '--raster', path.join(W, 'FaultDensity.tif'), '--deposits', path.join(W, 'IOCG_Deposits.shp'), '--json']);
    expect(noType.code).toBe(2);
    expect(noType.stderr).toContain('--type');
    const post = path.join(GA_DIR, 'CalculateResponse/PosteriorProbability.tif');
    const float = prospect(['wofe', '--raster', post, '--deposits', path.join(W, 'IOCG_Deposits.shp'),
      '--type', 'categorical', '--json']);
    expect(float.code).toBe(1);
    expect(float.json).toMatchObject({ ok: false, error: { code: 'WOFE_NOT_INTEGER', details: { file: post } } });
    expect(float.stderr).toMatch(/PosteriorProbability\.tif, row 1, column 1: .*integer class codes/);
  });
});
