// Element names become file names: a name from --map, a grid file or a crafted project file never writes outside the
// folder it is written into.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../src-main/core/demo/generate';
import { writeGridTiffs } from '../../src-main/core/app/steps/grid-files';
import { loadGridStack } from '../../src-main/core/app/grid-stack';
import { Project } from '../../src-main/core/store/project';
import type { ProspectError } from '../../src-main/core/types';
import { checkName, fileNameFor, unsafeNameReason } from '../../src-main/core/util/safe-name';
import { prospect, tempDir } from '../helpers/cli';

/** Every file under `dir`, recursively. */
function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

let demo: ReturnType<typeof generateDemo>;
let root: string;
beforeAll(() => {
  root = tempDir('safe-name-');
  demo = generateDemo(path.join(root, 'data'), { samples: 300, sizeKm: 8, deposits: 4, seed: 3 });
});

describe('element names', () => {
  it('accepts the names real surveys use and refuses separators, .., NUL and Windows device names', () => {
    for (const ok of ['Cu', 'Au_ppb', 'Fe2O3', 'As-511', 'Sn.INAA', 'K2O']) expect(unsafeNameReason(ok), ok).toBeNull();
    for (const bad of ['../../ESCAPED', 'a/b', 'a\\b', 'a..b', 'x\0y', '', ' Cu', '1Cu', 'Cu ppm', 'x'.repeat(33), 'CON', 'nul.x']) {
      expect(() => checkName(bad, '--map'), JSON.stringify(bad)).toThrow(/cannot be an element name/);
    }
    for (const bad of ['../x', 'a/b', 'con', 'NUL', 'com1', 'lpt1', 'x.', 'a\0b', 'a:b']) {
      expect(() => fileNameFor(bad, '.tif'), JSON.stringify(bad)).toThrow(/cannot be used in a file name/);
    }
    expect(fileNameFor('Cu', '_z.tif')).toBe('Cu_z.tif');
  });

  it("import --map '../../ESCAPED=Cu_ppm' is refused naming the name, and no project is left", () => {
    const project = path.join(root, 'mapped.prospect');
    const r = prospect(['import', '--project', project, '--samples', demo.samplesFile, '--x', 'X', '--y', 'Y', '--crs', demo.crs,
      '--map', '../../ESCAPED=Cu_ppm', '--json']);
    expect(r.code).not.toBe(0);
    const err = (r.json as { error: { code: string; message: string } }).error;
    expect(err.code).toBe('BAD_NAME');
    expect(err.message).toContain('../../ESCAPED');
    expect(existsSync(project)).toBe(false);
  }, 60_000);

  it('a crafted project file whose stored grid is ../../X: the writer grid --out and export use refuses, nothing lands outside DIR', async () => {
    const project = path.join(root, 'crafted.prospect');
    const r = prospect(['grid', '--project', project, '--samples', demo.samplesFile, '--x', 'X', '--y', 'Y', '--crs', demo.crs, '--cell', '500']);
    expect(r.code, r.stderr).toBe(0);
    // What someone could send: the stored element renamed behind the app's back.
    const db = new Database(project);
    expect(db.prepare("UPDATE grids SET element = '../../X' WHERE element = 'Cu'").run().changes).toBe(1);
    db.close();
    const out = path.join(root, 'grid-out', 'a', 'b');
    const p = Project.open(project);
    try {
      // What `grid --project P --out DIR` and the export step's element maps write: the stored stack.
      const stack = loadGridStack(p, undefined, 'raw');
      expect(stack.elements).toContain('../../X');
      const err = await writeGridTiffs(stack, out, { compress: false }).catch((e: unknown) => e as ProspectError);
      expect((err as ProspectError).code).toBe('BAD_NAME');
      expect((err as ProspectError).message).toContain('../../X');
    } finally {
      p.close();
    }
    expect(walk(root).filter((f) => /^X/.test(path.basename(f)))).toEqual([]);
    expect(existsSync(out)).toBe(false);
  }, 120_000);

  it('the GeoTIFF writer the export uses refuses a stored name before writing any file', async () => {
    const dir = path.join(tempDir('safe-name-w-'), 'a', 'b');
    const spec = { crs: 'EPSG:32650', xmin: 0, ymax: 30, cellX: 10, cellY: 10, width: 3, height: 3 };
    const band = Float32Array.from({ length: 9 }, (_, i) => i);
    await expect(writeGridTiffs({ spec, elements: ['Cu', '../../X'], bands: [band, band] }, dir, { compress: false }))
      .rejects.toThrow(/'\.\.\/\.\.\/X' cannot be used in a file name/);
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(path.join(dir, '..', '..', 'X.tif'))).toBe(false);
  });
});
