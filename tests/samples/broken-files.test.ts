// A corpus of broken and awkward files built in a temp dir. Every error must name the file, the row and the column.
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { importSamples } from '../../src-main/core/samples/import';
import { readTable, detectEncoding } from '../../src-main/core/formats/table';
import { parseHeader } from '../../src-main/core/samples/columns';
import { parseAssay } from '../../src-main/core/samples/values';
import { ProspectError } from '../../src-main/core/types';

const dir = mkdtempSync(path.join(os.tmpdir(), 'prospect-broken-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const put = (name: string, content: string | Buffer): string => {
  const f = path.join(dir, name);
  writeFileSync(f, content);
  return f;
};

async function expectError(p: Promise<unknown>, code: string, file: string, row: number, column: string | RegExp): Promise<ProspectError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ProspectError);
    const err = e as ProspectError;
    expect(err.code).toBe(code);
    expect(err.message).toContain(file);
    expect(err.message).toContain(`row ${row}`);
    expect(err.message).toMatch(typeof column === 'string' ? new RegExp(`column '?${column.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) : column);
    expect(err.details.file).toBe(file);
    expect(err.details.row).toBe(row);
    return err;
  }
  throw new Error(`expected ${code}`);
}

const GOOD = 'X,Y,SAMPLEID,Au_ppb,Cu (ppm),Fe2O3_pct\n500000,7000000,A1,5,10,3.5\n500100,7000000,A2,<2,12,2\n';

describe('table reader', () => {
  it('parses quoted fields with delimiters, doubled quotes and newlines, and reports line numbers', async () => {
    const f = put('quoted.csv', 'X,Y,note,Cu_ppm\r\n1,2,"a, ""b""\r\nline two",5\r\n3,4,plain,6\r\n');
    const t = await readTable(f);
    expect(t.headers).toEqual(['X', 'Y', 'note', 'Cu_ppm']);
    expect(t.rows[0][2]).toBe('a, "b"\r\nline two');
    expect(t.rowNumbers).toEqual([2, 4]);
    expect(t.detected).toMatchObject({ delimiter: ',', encoding: 'utf-8', bom: false, headerRow: 1 });
  });

  it('reads UTF-8 with a BOM, skips a title line, and honours overrides', async () => {
    const f = put('bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Survey 1986 export\nX;Y;Cu_ppm\n1;2;3\n')]));
    const t = await readTable(f);
    expect(t.detected).toMatchObject({ bom: true, headerRow: 2, delimiter: ';' });
    expect(t.headers).toEqual(['X', 'Y', 'Cu_ppm']);
    const forced = await readTable(f, { headerRow: 1, delimiter: ',' });
    expect(forced.headers).toEqual(['Survey 1986 export']);
  });

  it('detects a GBK (Chinese Excel) header that is not valid UTF-8, and Latin-1', async () => {
    const text = '经度,纬度,样品编号,Cu_ppm,Au_ppb\n88.39,41.72,样品1,25.5,1.2\n88.40,41.73,样品2,30.1,<0.3\n';
    const gbk = iconv.encode(text, 'gbk');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gbk)).toThrow(); // read as UTF-8 it is garbage
    expect(detectEncoding(gbk, false)).toBe('gb18030');
    const f = put('gbk.csv', gbk);
    const imp = await importSamples(f, { wanted: ['Cu', 'Au'] });
    expect(imp.report.encoding).toBe('gb18030');
    expect(imp.report.x).toBe('经度');
    expect(imp.samples[1].sampleId).toBe('样品2');
    expect(imp.report.targetCrs).toBe('EPSG:32645');
    expect(imp.points.values[1][1]).toBeCloseTo((0.3 / Math.SQRT2) / 1000, 12);
    const latin = put('latin.csv', iconv.encode('X,Y,Lieu,Cu_ppm\n1,2,Müller Grube,3\n1,3,Évora,4\n', 'latin1'));
    const t = await readTable(latin);
    expect(t.detected.encoding).toBe('windows-1252');
    expect(t.rows[0][2]).toBe('Müller Grube');
    expect(t.rows[1][2]).toBe('Évora');
  });

  it('reads semicolon files with decimal commas', async () => {
    const f = put('eu.csv', 'X;Y;Cu_ppm;Au_ppb\n500000,5;7000000,25;12,5;<0,5\n500100;7000000;7,25;3\n');
    const imp = await importSamples(f, { crs: 'EPSG:32635', wanted: ['Cu', 'Au'] });
    expect(imp.report).toMatchObject({ delimiter: ';', decimalComma: true });
    expect(imp.points.x[0]).toBe(500000.5);
    expect(imp.points.values[0][0]).toBe(12.5);
    expect(imp.points.values[1][0]).toBeCloseTo((0.5 / Math.SQRT2) / 1000, 12);
  });

  it('reads XLSX: the chosen sheet, cached formula values, and errors for an empty sheet or a formula without value', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Empty');
    const ws = wb.addWorksheet('Assays');
    ws.addRows([['X', 'Y', 'Cu_ppm', 'Zn_ppm'], [500000, 7000000, 10, 0], [500100, 7000000, 12, 0]]);
    ws.getCell('D2').value = { formula: 'C2*2', result: 20 };
    ws.getCell('D3').value = { formula: 'C3*2', result: 24 };
    const broken = wb.addWorksheet('NoCache');
    broken.addRows([['X', 'Y', 'Cu_ppm'], [500000, 7000000, 1]]);
    broken.getCell('C2').value = { formula: 'A2/0' } as ExcelJS.CellFormulaValue;
    const f = path.join(dir, 'book.xlsx');
    await wb.xlsx.writeFile(f);
    const imp = await importSamples(f, { crs: 32635, wanted: ['Cu', 'Zn'] });
    expect(imp.report).toMatchObject({ format: 'xlsx', sheet: 'Assays', rowsKept: 2 });
    expect(Array.from(imp.points.values[1])).toEqual([20, 24]);
    await expectError(importSamples(f, { crs: 32635, sheet: 'Empty' }), 'EMPTY_SHEET', f, 1, '1');
    const err = await expectError(importSamples(f, { crs: 32635, sheet: 'NoCache' }), 'FORMULA_NO_VALUE', f, 2, 'C');
    expect(err.message).toMatch(/=A2\/0 but no saved result/);
  });
});

describe('values and columns', () => {
  it('flags censored, missing and sentinel cells and keeps the raw text', () => {
    expect(parseAssay('<0.5')).toMatchObject({ flag: 'censored', dl: 0.5, raw: '<0.5' });
    expect(parseAssay('<0.5', { censoredRule: '0.65' }).value).toBeCloseTo(0.325, 12);
    expect(parseAssay('-0.1')).toMatchObject({ flag: 'censored', negativeDL: true, dl: 0.1 });
    for (const m of ['', 'n.a.', 'NA', 'ND', 'IS', '-']) expect(parseAssay(m).flag).toBe('missing');
    expect(parseAssay('-9999').flag).toBe('sentinel');
    expect(parseAssay('-9999.000000').flag).toBe('sentinel');
    expect(parseAssay('-5', { sentinels: [-5] }).flag).toBe('sentinel');
    expect(parseAssay('12,5', { decimalComma: true }).value).toBe(12.5);
  });

  it('recognises element columns and units', () => {
    expect(parseHeader('Au_ppb')).toEqual({ species: 'Au', unit: 'ppb', suffix: undefined });
    expect(parseHeader('Cu (ppm)')).toMatchObject({ species: 'Cu', unit: 'ppm' });
    expect(parseHeader('Fe2O3_pct')).toMatchObject({ species: 'Fe2O3', unit: 'pct' });
    expect(parseHeader('As_ppm_511')).toMatchObject({ species: 'As', unit: 'ppm', suffix: '511' });
    expect(parseHeader('Cu')).toMatchObject({ species: 'Cu', unit: undefined });
    expect(parseHeader('AU_PPB')).toMatchObject({ species: 'Au', unit: 'ppb' });
    expect(parseHeader('Sn_INAA')).toMatchObject({ species: 'Sn', suffix: 'INAA' });
    expect(parseHeader('SAMPLEID')).toBeUndefined();
  });

  it('converts ppb and pct to ppm and records the original unit', async () => {
    const f = put('units.csv', GOOD);
    const imp = await importSamples(f, { crs: 'EPSG:32635', wanted: ['Au', 'Cu'], elements: { Fe: 'Fe2O3_pct' } });
    const byEl = Object.fromEntries(imp.points.elements.map((e, i) => [e, imp.points.values[i]]));
    expect(byEl.Au[0]).toBeCloseTo(0.005, 12);
    expect(byEl.Fe[0]).toBeCloseTo(35000, 6);
    expect(imp.report.perElement.map((p) => p.unitOriginal)).toEqual(['pct', 'ppb', 'ppm']);
  });
});

describe('broken files', () => {
  it('a non-numeric assay cell names its row and column', async () => {
    const f = put('text-cell.csv', 'X,Y,Cu_ppm,Au_ppb\n500000,7000000,10,1\n500100,7000000,ten,2\n');
    await expectError(importSamples(f, { crs: 'EPSG:32635' }), 'NOT_NUMERIC', f, 3, 'Cu_ppm');
  });

  it('a non-numeric coordinate names its row and column', async () => {
    const f = put('text-coord.csv', 'X,Y,Cu_ppm\n500000,7000000,10\n500100,"70°N",2\n');
    await expectError(importSamples(f, { crs: 'EPSG:32635' }), 'BAD_COORDINATE', f, 3, 'Y');
  });

  it('a truncated last row is an error naming the first missing column, or skipped on request', async () => {
    const f = put('truncated.csv', 'X,Y,Cu_ppm,Au_ppb\n500000,7000000,10,1\n500100,7000000,12,2\n500200,70000');
    await expectError(importSamples(f, { crs: 'EPSG:32635' }), 'SHORT_ROW', f, 4, 'Cu_ppm');
    const ok = await importSamples(f, { crs: 'EPSG:32635', shortRows: 'skip' });
    expect(ok.report.shortRowsSkipped).toBe(1);
    expect(ok.report.rowsKept).toBe(2);
  });

  it('an unclosed quote names the row where it opens', async () => {
    const f = put('quote.csv', 'X,Y,Cu_ppm,note\n500000,7000000,10,ok\n500100,7000000,12,"broken\n500200,7000000,13,x\n');
    await expectError(importSamples(f, { crs: 'EPSG:32635' }), 'UNCLOSED_QUOTE', f, 3, 'note');
  });

  it('binary garbage is refused as not a text table', async () => {
    const bytes = Buffer.alloc(4096);
    let s = 12345;
    for (let i = 0; i < bytes.length; i++) { s = (Math.imul(s, 1103515245) + 12345) >>> 0; bytes[i] = s >>> 24; }
    const f = put('garbage.csv', bytes);
    await expectError(importSamples(f), 'NOT_TEXT', f, 1, '1');
  });

  it('an empty file, a header without rows, and a missing mapped column', async () => {
    const empty = put('empty.csv', '');
    await expectError(importSamples(empty), 'EMPTY_FILE', empty, 1, '1');
    const header = put('header-only.csv', 'X,Y,Cu_ppm\n');
    await expectError(importSamples(header, { crs: 'EPSG:32635' }), 'NO_DATA_ROWS', header, 2, 'X');
    const f = put('good.csv', GOOD);
    await expectError(importSamples(f, { crs: 'EPSG:32635', elements: { Sn: 'Sn_INAA' } }), 'MISSING_COLUMN', f, 1, 'Sn_INAA');
    await expectError(importSamples(f, { x: 'EASTING', crs: 'EPSG:32635' }), 'MISSING_COLUMN', f, 1, 'EASTING');
  });

  it('an unknown CRS names the codes that work', async () => {
    const f = put('good2.csv', GOOD);
    const err = await expectError(importSamples(f, { crs: 'EPSG:99999' }), 'CRS_UNKNOWN', f, 1, 'X');
    expect(err.message).toMatch(/EPSG:4326.*proj4 string/);
  });

  it('reports samples outside the extent and exact duplicates', async () => {
    const f = put('dups.csv', `${GOOD}500100,7000000,A3,<2,12,2\n900000,7000000,A4,1,1,1\n`);
    const imp = await importSamples(f, { crs: 'EPSG:32635', extent: { xmin: 0, ymin: 0, xmax: 600000, ymax: 8e6 } });
    expect(imp.report).toMatchObject({ rowsRead: 4, duplicatesExact: 1, outside: 1, rowsKept: 2 });
    expect(imp.samples.map((s) => s.status)).toEqual(['kept', 'kept', 'duplicate', 'outside']);
    expect(imp.samples[2].duplicateOf).toBe(3);
  });
});
