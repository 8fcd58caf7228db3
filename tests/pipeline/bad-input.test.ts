// Bad input gets an error that names the file, row and column, and leaves the project file byte for byte as it was.
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../src-main/core/demo/generate';
import { prospect, sha256, tempDir } from '../helpers/cli';

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
