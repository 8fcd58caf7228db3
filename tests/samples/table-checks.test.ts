// The checks added before gridding: rows wider than the header, two columns of one element, old workbooks, zeros
// in a column with detection limits, and coordinates that do not fit the CRS they are declared in.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importSamples } from '../../src-main/core/samples/import';
import { ProspectError } from '../../src-main/core/types';

const dir = mkdtempSync(path.join(os.tmpdir(), 'prospect-checks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const put = (name: string, content: string | Buffer): string => {
  const f = path.join(dir, name);
  writeFileSync(f, content);
  return f;
};
const repoRoot = path.resolve(import.meta.dirname, '../..');
const katanning = path.resolve(repoRoot, '../shared/data/wa-katanning-sediment/area1_sediment_au.csv');

async function refused(p: Promise<unknown>, code: string): Promise<ProspectError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(ProspectError);
  expect((e as ProspectError).code).toBe(code);
  return e as ProspectError;
}

describe('table checks', () => {
  it('a row with more fields than the header is refused naming file and row, or skipped; trailing blanks pass', async () => {
    const f = put('long.csv', 'X,Y,Cu_ppm,Au_ppb\n500000,7000000,10,1\n500100,7000000,12,5,3\n500200,7000000,13,2,,\n');
    const err = await refused(importSamples(f, { crs: 'EPSG:32635' }), 'LONG_ROW');
    expect(err.message).toMatch(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, row 3, column 5: the row has 5 fields but the header has 4`));
    expect(err.details).toMatchObject({ file: f, row: 3 });
    const ok = await importSamples(f, { crs: 'EPSG:32635', longRows: 'skip' });
    expect(ok.report).toMatchObject({ longRowsSkipped: 1, rowsKept: 2 });
  });

  it('two columns of one element are refused unless one is mapped', async () => {
    const f = put('two-au.csv', 'X,Y,Au_ppm,Au_ppb,Cu_ppm,Cu_ppm\n500000,7000000,0.001,1,10,11\n500100,7000000,0.002,2,12,13\n');
    // a repeated header is renamed 'Cu_ppm#2' by the reader and still counts as Cu
    const repeated = await refused(importSamples(f, { crs: 'EPSG:32635' }), 'DUPLICATE_ELEMENT');
    expect(repeated.message).toMatch(/row 1, column 'Cu_ppm#2': 2 columns hold Cu \('Cu_ppm' and 'Cu_ppm#2'\).*--map Cu=Cu_ppm/);
    expect(repeated.details).toMatchObject({ row: 1, column: 'Cu_ppm#2' });
    const err = await refused(importSamples(f, { crs: 'EPSG:32635', elements: { Cu: 'Cu_ppm#2' } }), 'DUPLICATE_ELEMENT');
    expect(err.message).toMatch(/row 1, column 'Au_ppb': 2 columns hold Au \('Au_ppm' and 'Au_ppb'\).*--map Au=Au_ppm/);
    const imp = await importSamples(f, { crs: 'EPSG:32635', elements: { Au: 'Au_ppb', Cu: 'Cu_ppm#2' } });
    expect(Array.from(imp.points.values[imp.points.elements.indexOf('Cu')])).toEqual([11, 13]);
  });

  it('an old binary .xls or an .ods is refused with the fix named', async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    const err = await refused(importSamples(put('old.xls', ole)), 'UNSUPPORTED_WORKBOOK');
    expect(err.message).toMatch(/row 1, column 1: this is an Excel 97-2003 workbook \(\.xls\).*save it as \.xlsx/);
    await refused(importSamples(put('sheet.ods', Buffer.from('PK\u0003\u0004 not really'))), 'UNSUPPORTED_WORKBOOK');
  });

  it('zeros are below detection where the column states a limit, values where it does not', async () => {
    const f = put('zeros.csv', 'X,Y,Bi_ppm,Cu_ppm\n500000,7000000,0,0\n500100,7000000,<0.2,10\n500200,7000000,0.8,12\n');
    const imp = await importSamples(f, { crs: 'EPSG:32635' });
    const bi = imp.report.perElement.find((e) => e.element === 'Bi')!;
    expect(bi).toMatchObject({ zeros: 1, zerosCensored: 1, censored: 1 });
    const at = (r: typeof imp, el: string) => r.points.values[r.points.elements.indexOf(el)];
    expect(at(imp, 'Bi')[0]).toBeCloseTo(0.2 / Math.SQRT2, 12);
    expect(imp.samples[0].cells.find((c) => c.element === 'Bi')).toMatchObject({ flag: 'censored', raw: '0' });
    expect(at(imp, 'Cu')[0]).toBe(0); // Cu states no detection limit: its zero stays a value
    expect(Object.fromEntries(imp.report.quality.map((q) => [q.element, q.measured]))).toEqual({ Bi: 1, Cu: 3 });
    const kept = await importSamples(f, { crs: 'EPSG:32635', zeros: 'value' });
    expect(at(kept, 'Bi')[0]).toBe(0);
    expect(kept.report.notes.join('\n')).toMatch(/Bi: 1 exact zeros kept as values/);
  });
});

describe('coordinates against their CRS', () => {
  it('a lon/lat file declared as EPSG:28350 (MGA 50, metres) is refused with the fix named', async () => {
    const err = await refused(importSamples(katanning, { crs: 'EPSG:28350', keepRecords: false }), 'CRS_LOOKS_GEOGRAPHIC');
    expect(err.message).toContain(`${katanning}, row 1, column 'X': the coordinates look like degrees (x 117.1734..118.4971`);
    expect(err.message).toMatch(/EPSG:28350 is a projected CRS in metres.*within \d m of each other.*crs EPSG:4326.*--target-crs EPSG:28350/);
    const ok = await importSamples(katanning, { crs: 'EPSG:4283', targetCrs: 'EPSG:28350', keepRecords: false });
    expect(ok.report.targetCrs).toBe('EPSG:28350');
    expect(ok.report.reprojection.target!.xmax - ok.report.reprojection.target!.xmin).toBeGreaterThan(100_000);
    expect(ok.report.notes.join('\n')).toMatch(/reprojected EPSG:4283 -> EPSG:28350: x 117.17344..118.49706/);
  });

  it('metres declared as EPSG:4326 are refused', async () => {
    const f = put('utm.csv', 'X,Y,Cu_ppm\n500000,7000000,10\n500100,7000000,12\n');
    const err = await refused(importSamples(f, { crs: 'EPSG:4326' }), 'CRS_LOOKS_PROJECTED');
    expect(err.message).toMatch(/column 'X': the coordinates look like metres \(x 500000..500100.*EPSG:327NN/);
  });
});
