import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pack, unpack } from '../../src-main/core/store/binary';
import { saveGrids } from '../../src-main/core/store/grids-repo';
import { loadGridStack } from '../../src-main/core/app/grid-stack';
import { resolveConfig } from '../../src-main/core/config';
import { Project } from '../../src-main/core/store/project';
import { insertRun, latestRun } from '../../src-main/core/store/runs-repo';
import { loadSamplePoints, saveSampleImport } from '../../src-main/core/store/samples-repo';
import { sha256, tempDir } from '../helpers/cli';

const spec = { crs: 'EPSG:32650', xmin: 0, ymax: 30, cellX: 10, cellY: 10, width: 3, height: 3 };

describe('the project file', () => {
  it('round-trips samples with raw text, flags and NaN for missing values', () => {
    const file = path.join(tempDir('store-'), 'a.prospect');
    const p = Project.create(file, { name: 'A' });
    saveSampleImport(p, 'x.csv', {}, { rows: 2 }, [
      { row: 2, x: 1, y: 2, status: 'kept', cells: [{ element: 'Au', value: 0.35, raw: '<0.5', flag: 'censored', unit: 'ppb' }, { element: 'Cu', value: 12, raw: '12', flag: 'ok' }] },
      { row: 3, x: 3, y: 4, status: 'kept', cells: [{ element: 'Au', value: null, raw: '', flag: 'missing' }, { element: 'Cu', value: 13, raw: '13', flag: 'ok' }] },
      { row: 4, x: 3, y: 4, status: 'duplicate', cells: [] },
    ], 'EPSG:32650');
    p.close();
    const q = Project.open(file);
    const pts = loadSamplePoints(q);
    expect(pts.crs).toBe('EPSG:32650');
    expect(Array.from(pts.x)).toEqual([1, 3]);
    expect(pts.elements).toEqual(['Au', 'Cu']);
    expect(pts.values[0][0]).toBe(0.35);
    expect(Number.isNaN(pts.values[0][1])).toBe(true);
    const raw = q.db.prepare("SELECT raw, flag FROM sample_values WHERE element = 'Au' ORDER BY sample_id").all();
    expect(raw).toEqual([{ raw: '<0.5', flag: 'censored' }, { raw: '', flag: 'missing' }]);
    q.close();
  });

  it('a step that throws inside its transaction leaves the file byte for byte as it was', () => {
    const file = path.join(tempDir('store-'), 'b.prospect');
    const p = Project.create(file, { name: 'B' });
    saveGrids(p, [{ element: 'Au', source: 'idw', spec, params: {}, raw: Float32Array.from({ length: 9 }, (_, i) => i + 1), transform: { kind: 'log10', offset: 0, mean: 0.5, sd: 0.25 } }]);
    p.close();
    const before = sha256(file);
    const q = Project.open(file);
    expect(() => q.transaction(() => {
      insertRun(q, { step: 'select', params: resolveConfig('quick').select });
      q.db.prepare('DELETE FROM grids').run();
      throw new Error('boom');
    })).toThrow('boom');
    expect(latestRun(q, 'select')).toBeUndefined();
    const z = loadGridStack(q, ['Au'], 'z');
    expect(z.bands[0][0]).toBeCloseTo((Math.log10(1) - 0.5) / 0.25, 6);
    q.close();
    expect(sha256(file)).toBe(before);
  });

  it('refuses a file that is not a project', () => {
    const file = path.join(tempDir('store-'), 'c.txt');
    writeFileSync(file, 'hello');
    expect(() => Project.open(file)).toThrow(/not a project file|not a Prospect/);
  });

  it('packs typed arrays inside plain data', () => {
    const v = { a: 1, w: new Float32Array([1.5, -2]), nested: [{ b: new Uint8Array([1, 2, 3]) }], s: 'x' };
    const back = unpack<typeof v>(pack(v));
    expect(back.a).toBe(1);
    expect(back.w).toBeInstanceOf(Float32Array);
    expect(Array.from(back.w)).toEqual([1.5, -2]);
    expect(Array.from(back.nested[0].b)).toEqual([1, 2, 3]);
  });
});
