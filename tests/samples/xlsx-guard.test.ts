// A workbook is a zip: one whose sheet inflates past the cap (a zip bomb of a few hundred kilobytes) is refused before
// exceljs inflates it, whether its central directory declares the true size or lies about it.
import { createDeflateRaw, crc32 } from 'node:zlib';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { importSamples } from '../../src-main/core/samples/import';
import { XLSX_MAX_UNZIPPED_BYTES, checkWorkbookZip } from '../../src-main/core/formats/xlsx-guard';
import type { ProspectError } from '../../src-main/core/types';
import { prospect, tempDir } from '../helpers/cli';

interface Part { name: string; deflated: Buffer; size: number; crc: number }

/** Deflates `total` bytes made of `head`, spaces and `tail` in 1 MB chunks, never holding them whole. */
async function deflatePart(name: string, head: string, total: number, tail: string): Promise<Part> {
  const z = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  z.on('data', (b: Buffer) => out.push(b));
  const done = new Promise((r) => z.on('end', r));
  let crc = 0;
  const write = (b: Buffer) => { crc = crc32(b, crc); z.write(b); };
  write(Buffer.from(head));
  const chunk = Buffer.alloc(1 << 20, 0x20);
  let left = total - head.length - tail.length;
  while (left > 0) {
    const b = left >= chunk.length ? chunk : chunk.subarray(0, left);
    write(b);
    left -= b.length;
    await new Promise((r) => setImmediate(r));
  }
  write(Buffer.from(tail));
  z.end();
  await done;
  return { name, deflated: Buffer.concat(out), size: total, crc };
}

async function smallPart(name: string, text: string): Promise<Part> {
  return deflatePart(name, text, Buffer.byteLength(text), '');
}

/** A zip of deflated parts; `declare` overrides the uncompressed size written in the headers (a lying bomb). */
function zip(parts: Part[], declare: (p: Part) => number = (p) => p.size): Buffer {
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name);
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0); h.writeUInt16LE(20, 4); h.writeUInt16LE(0, 6); h.writeUInt16LE(8, 8);
    h.writeUInt32LE(p.crc >>> 0, 14); h.writeUInt32LE(p.deflated.length, 18); h.writeUInt32LE(declare(p), 22);
    h.writeUInt16LE(name.length, 26);
    local.push(h, name, p.deflated);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0); c.writeUInt16LE(20, 4); c.writeUInt16LE(20, 6); c.writeUInt16LE(8, 10);
    c.writeUInt32LE(p.crc >>> 0, 16); c.writeUInt32LE(p.deflated.length, 20); c.writeUInt32LE(declare(p), 24);
    c.writeUInt16LE(name.length, 28); c.writeUInt32LE(offset, 42);
    central.push(c, name);
    offset += 30 + name.length + p.deflated.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(parts.length, 8); end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, cd, end]);
}

let dir: string;
let honest: string;
let lying: string;

beforeAll(async () => {
  dir = tempDir('xlsx-bomb-');
  const types = await smallPart('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>');
  const workbook = await smallPart('xl/workbook.xml', '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="S" sheetId="1"/></sheets></workbook>');
  // The sheet: 16 MB past the cap of whitespace inside its XML, ~270 KB deflated.
  const sheet = await deflatePart('xl/worksheets/sheet1.xml', '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
    XLSX_MAX_UNZIPPED_BYTES + (16 << 20), '</sheetData></worksheet>');
  honest = path.join(dir, 'bomb.xlsx');
  writeFileSync(honest, zip([types, workbook, sheet]));
  lying = path.join(dir, 'bomb-lying.xlsx');
  writeFileSync(lying, zip([types, workbook, sheet], (p) => (p === sheet ? 4096 : p.size)));
}, 120_000);

describe('XLSX zip bombs', () => {
  it('a sheet declaring more than the cap is refused by prospect import with the cap named, nothing imported', () => {
    const project = path.join(dir, 'p.prospect');
    const r = prospect(['import', '--project', project, '--samples', honest, '--x', 'X', '--y', 'Y', '--crs', 'EPSG:32645', '--json']);
    expect(r.code).not.toBe(0);
    const e = (r.json as { error: { code: string; message: string } }).error;
    expect(e.code).toBe('SPREADSHEET_TOO_LARGE');
    expect(e.message).toContain('unzips to more than 256 MB (the cap');
    expect(existsSync(project)).toBe(false);
  }, 120_000);

  it('a sheet that lies about its size is refused once its bytes run past what it declares', async () => {
    const err = (await importSamples(lying, { x: 'X', y: 'Y', crs: 'EPSG:32645' }).catch((e: unknown) => e)) as ProspectError;
    expect(err.code).toBe('SPREADSHEET_TOO_LARGE');
    expect(err.message).toMatch(/unzips to other than it declares .*the cap is 256 MB/);
  }, 120_000);

  it('a real workbook passes the check', async () => {
    const ok = path.join(dir, 'ok.xlsx');
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.addRow(['X', 'Y', 'Cu_ppm']);
    ws.addRow([300100, 3290000, 12]);
    await wb.xlsx.writeFile(ok);
    await expect(checkWorkbookZip(ok)).resolves.toBeUndefined();
  });
});
