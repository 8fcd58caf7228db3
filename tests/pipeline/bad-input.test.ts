// Bad input gets an error that names the file, row and column, and leaves the project file byte for byte as it was.
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../src-main/core/demo/generate';
import { dataDir, prospect, sha256, tempDir } from '../helpers/cli';

let dir: string;
let project: string;
let demo: ReturnType<typeof generateDemo>;

beforeAll(() => {
  dir = tempDir('prospect-bad-');
  demo = generateDemo(path.join(dir, 'data'), { samples: 900, sizeKm: 12, deposits: 8, seed: 7 });
  project = path.join(dir, 'area.prospect');
  expect(prospect(['import', '--project', project, '--samples', demo.samplesFile, '--x', 'X', '--y', 'Y', '--crs', demo.crs]).code).toBe(0);
  expect(prospect(['import', '--project', project, '--deposits', demo.depositsFile, '--x', 'X', '--y', 'Y', '--crs', demo.crs]).code).toBe(0);
  expect(prospect(['grid', '--project', project, '--size', '64x64']).code).toBe(0);
}, 120_000);

function expectRejected(args: string[], file: string, row: number | RegExp, column: RegExp) {
  const before = sha256(project);
  const r = prospect([...args, '--json']);
  expect(r.code).not.toBe(0);
  expect(r.json?.ok).toBe(false);
  const err = (r.json as { error: { message: string; details: { file?: string; row?: number; column?: string } } }).error;
  expect(err.message).toContain(path.basename(file));
  expect(err.details.file).toBe(file);
  if (typeof row === 'number') expect(err.details.row).toBe(row);
  else expect(String(err.details.row)).toMatch(row);
  expect(String(err.details.column)).toMatch(column);
  expect(err.message).toMatch(/row \d+/);
  expect(sha256(project)).toBe(before);
  return err;
}

describe('bad input', () => {
  it('a non-numeric cell names its row and column', () => {
    const f = path.join(dir, 'nonnumeric.csv');
    writeFileSync(f, 'ID,X,Y,Au_ppb,As_ppm\n1,500000,4600000,1.2,3\n2,500100,4600100,1.5,4\n3,500200,4600200,abc,5\n');
    expectRejected(['import', '--project', project, '--samples', f, '--x', 'X', '--y', 'Y', '--crs', demo.crs], f, 4, /Au_ppb/);
  });

  it('a missing coordinate column is named', () => {
    const f = path.join(dir, 'nocol.csv');
    writeFileSync(f, 'ID,EAST,NORTH,Au_ppb\n1,500000,4600000,1.2\n');
    expectRejected(['import', '--project', project, '--samples', f, '--x', 'X', '--y', 'Y', '--crs', demo.crs], f, 1, /X/);
  });

  it('an unknown CRS is refused with the codes that work', () => {
    const f = path.join(dir, 'ok.csv');
    writeFileSync(f, 'ID,X,Y,Au_ppb\n1,500000,4600000,1.2\n');
    const err = expectRejected(['import', '--project', project, '--samples', f, '--x', 'X', '--y', 'Y', '--crs', 'EPSG:99999'], f, /\d+/, /X|crs/i);
    expect(err.message).toMatch(/EPSG:4326/);
  });

  it('longitude/latitude declared as a projected CRS (EPSG:28350, metres) is refused with the fix named', () => {
    // Katanning's X/Y are degrees: read as MGA zone 50 metres, 866 samples would sit within a few metres of each other.
    const f = path.join(dataDir, 'wa-katanning-sediment/area1_sediment_au.csv');
    const err = expectRejected(['import', '--project', project, '--samples', f, '--crs', 'EPSG:28350'], f, 1, /^X$/);
    expect(err.message).toMatch(/look like degrees \(x 117\.\d+\.\.118\.\d+, y -34\.\d+\.\.-32\.\d+\) but EPSG:28350 is a projected CRS/);
    expect(err.message).toMatch(/declare it as such \(crs EPSG:4326.*--target-crs EPSG:28350/);
    // Declared as what it is, with the same zone as the target, the file imports.
    const ok = prospect(['import', '--project', path.join(dir, 'kat.prospect'), '--samples', f, '--crs', 'EPSG:4326', '--target-crs', 'EPSG:28350', '--json']);
    expect(ok.code, ok.stderr.slice(-500)).toBe(0);
    expect((ok.json as { report: { targetCrs: string; rowsKept: number } }).report).toMatchObject({ targetCrs: 'EPSG:28350', rowsKept: 866 });
  });

  it('an empty file is refused', () => {
    const f = path.join(dir, 'empty.csv');
    writeFileSync(f, '');
    expectRejected(['import', '--project', project, '--samples', f, '--x', 'X', '--y', 'Y', '--crs', demo.crs], f, 1, /.+/);
  });

  it('deposits outside the grid are refused with their row', () => {
    const f = path.join(dir, 'far-deposits.csv');
    writeFileSync(f, 'ID,X,Y\nA,520500,4600500\nB,900000,4600000\n');
    const err = expectRejected(['import', '--project', project, '--deposits', f, '--x', 'X', '--y', 'Y', '--crs', demo.crs], f, 3, /X/);
    expect(err.message).toMatch(/outside the grid/);
  });

  it('a failed first import leaves no project file behind', () => {
    const fresh = path.join(dir, 'fresh.prospect');
    const f = path.join(dir, 'nonnumeric.csv');
    const r = prospect(['import', '--project', fresh, '--samples', f, '--x', 'X', '--y', 'Y', '--crs', demo.crs]);
    expect(r.code).toBe(1);
    expect(existsSync(fresh)).toBe(false);
  });

  it('the project still works after the rejected inputs', () => {
    const copy = path.join(dir, 'copy.prospect');
    copyFileSync(project, copy);
    const r = prospect(['select', '--project', copy, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect((r.json as { selection: unknown[] }).selection.length).toBeGreaterThan(0);
  });
});
