// Reads a delimited text table or a spreadsheet sheet, row by row. Text is decoded and parsed in chunks, so a
// 200 MB survey export costs a chunk plus what the row consumer keeps, not several times the file size.
import { createReadStream, existsSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { ProspectError, throwIfAborted, type TaskOptions } from '../types';
import { cleanHeaders, detectHeaderRow, stripBom, type RowSample } from './header-row';
import { layerFormat, type LayerFormat } from './layer-format';
import { readSheet, refuseUnsupportedWorkbook } from './sheet';

export type TableEncoding = 'utf-8' | 'gb18030' | 'windows-1252' | 'latin1' | 'utf-16le';
export type TableDelimiter = ',' | ';' | '\t' | '|';

export interface TableReadOptions {
  encoding?: TableEncoding;
  delimiter?: TableDelimiter;
  decimalComma?: boolean;
  /** 1-based row (text line / sheet row) that holds the column names. */
  headerRow?: number;
  /** Spreadsheet sheet: its name or 0-based index. Default: the first sheet with data. */
  sheet?: string | number;
  format?: 'csv' | 'xlsx';
  /** GeoPackage (.gpkg) or shapefile (.shp): the point layer to read, by name (see layer-source.ts). */
  layer?: string;
}

export interface TableDetected {
  format: 'csv' | 'xlsx';
  encoding: TableEncoding;
  /** A byte-order mark was present (and removed). */
  bom: boolean;
  delimiter: TableDelimiter;
  decimalComma: boolean;
  headerRow: number;
  sheet?: string;
  sheets?: string[];
  /** Headers renamed because they were empty or repeated: 'old -> new'. */
  renamedHeaders: string[];
  /** The GIS layer the rows were read from (X and Y from its geometry), and its CRS when the file states one. */
  layer?: { name: string; format: LayerFormat; crs?: string };
}

export interface TableHandler {
  onHeader?: (headers: string[], detected: TableDetected) => void;
  /** `row` is the 1-based line (text) or sheet row where the record starts, as an editor or Excel shows it. */
  onRow: (cells: string[], row: number) => void;
}

export interface Table {
  headers: string[];
  rows: string[][];
  /** Row numbers of `rows`, same order. */
  rowNumbers: number[];
  detected: TableDetected;
}

const SAMPLE_BYTES = 1 << 16;
const CHUNK_BYTES = 1 << 20;

/** Reads the whole table into memory: for small files (deposits, previews). Large files: use `streamTable`. */
export async function readTable(file: string, options: TableReadOptions = {}, opts: TaskOptions = {}): Promise<Table> {
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  let headers: string[] = [];
  const { detected } = await streamTable(file, options, {
    onHeader: (h) => { headers = h; },
    onRow: (cells, row) => { rows.push(cells); rowNumbers.push(row); },
  }, opts);
  return { headers, rows, rowNumbers, detected };
}

/** Streams the table: detects its format, encoding, delimiter and header row (each overridable), then calls back. */
export async function streamTable(
  file: string,
  rawOptions: TableReadOptions,
  handler: TableHandler,
  opts: TaskOptions = {},
): Promise<{ detected: TableDetected; rowsRead: number }> {
  throwIfAborted(opts.signal);
  const options = normaliseOptions(rawOptions, file);
  if (layerFormat(file) && existsSync(file)) {
    // Loaded here only: the layer readers bring SQLite, which a plain table does not need.
    const { streamLayer } = await import('./layer-source');
    return streamLayer(file, options, handler, opts);
  }
  let size: number;
  try {
    size = statSync(file).size;
  } catch (e) {
    throw new ProspectError(`${file}, row 1, column 1: the file cannot be opened (${(e as Error).message}). Check the path.`,
      'FILE_NOT_FOUND', { file, row: 1, column: '1' });
  }
  const head = readHead(file, Math.min(size, SAMPLE_BYTES));
  const isZip = head[0] === 0x50 && head[1] === 0x4b;
  const isOle = head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0;
  const ext = path.extname(file).toLowerCase();
  const format = options.format ?? (isZip || isOle || ['.xlsx', '.xlsm', '.xls', '.ods'].includes(ext) ? 'xlsx' : 'csv');
  if (format === 'xlsx') {
    refuseUnsupportedWorkbook(file, head, ext);
    return readSheet(file, options, handler, opts);
  }

  if (size === 0 || (size <= 3 && head.every((b) => b === 0xef || b === 0xbb || b === 0xbf))) {
    throw new ProspectError(`${file}, row 1, column 1: the file is empty. Export the table again with its header row and data.`,
      'EMPTY_FILE', { file, row: 1, column: '1' });
  }
  const bomUtf8 = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  const bomUtf16 = head[0] === 0xff && head[1] === 0xfe;
  if (!bomUtf16) checkText(file, head);
  const encoding: TableEncoding = options.encoding ?? (bomUtf16 ? 'utf-16le' : bomUtf8 ? 'utf-8' : detectEncoding(head, size > head.length));
  const sampleText = stripBom(iconv.decode(head, encoding));
  if (sampleText.trim() === '') {
    throw new ProspectError(`${file}, row 1, column 1: the file holds only blank lines. Export the table again.`,
      'EMPTY_FILE', { file, row: 1, column: '1' });
  }
  const delimiter = options.delimiter ?? detectDelimiter(sampleText);
  const sampleRecords = parseSample(sampleText, delimiter, size > head.length);
  const headerRow = options.headerRow ?? detectHeaderRow(sampleRecords);
  const decimalComma = options.decimalComma ?? (delimiter !== ',' && detectDecimalComma(sampleRecords, headerRow));
  const detected: TableDetected = {
    format: 'csv', encoding, bom: bomUtf8 || bomUtf16, delimiter, decimalComma, headerRow, renamedHeaders: [],
  };

  const parser = new CsvParser(delimiter);
  let headers: string[] | undefined;
  let rowsRead = 0;
  const emit = (cells: string[], line: number): void => {
    if (line < headerRow) return;
    if (!headers) {
      headers = cleanHeaders(cells, detected.renamedHeaders);
      handler.onHeader?.(headers, detected);
      return;
    }
    if (cells.length === 1 && cells[0].trim() === '') return; // blank line
    rowsRead++;
    handler.onRow(cells, line);
  };

  const decoder = iconv.getDecoder(encoding);
  const stream = createReadStream(file, { highWaterMark: CHUNK_BYTES });
  let bytes = 0;
  let first = true;
  for await (const buf of stream as AsyncIterable<Buffer>) {
    throwIfAborted(opts.signal);
    bytes += buf.length;
    let text = decoder.write(buf);
    if (first) { text = stripBom(text); first = false; }
    parser.push(text, false, emit);
    opts.onProgress?.({ step: 'import', done: bytes, total: size, message: `reading ${path.basename(file)}` });
  }
  const tail = decoder.end() ?? '';
  try {
    parser.push(tail, true, emit);
  } catch (e) {
    if (e instanceof UnclosedQuote) {
      const column = headers?.[e.field] ?? `${e.field + 1}`;
      throw new ProspectError(
        `${file}, row ${e.line}, column '${column}': a quoted field opens here and is never closed, so the rest of the ` +
          'file would be read as one cell. The file is probably truncated or has a stray double quote: fix that cell.',
        'UNCLOSED_QUOTE', { file, row: e.line, column });
    }
    throw e;
  }
  if (!headers) {
    throw new ProspectError(`${file}, row ${headerRow}, column 1: no header row found (the file has fewer lines). ` +
      'Check the file or pass headerRow.', 'NO_HEADER', { file, row: headerRow, column: '1' });
  }
  return { detected, rowsRead };
}

const ENCODING_ALIASES: Record<string, TableEncoding> = {
  'utf-8': 'utf-8', utf8: 'utf-8', 'utf-8-bom': 'utf-8', gb18030: 'gb18030', gbk: 'gb18030', gb2312: 'gb18030', cp936: 'gb18030',
  'windows-1252': 'windows-1252', cp1252: 'windows-1252', latin1: 'latin1', 'iso-8859-1': 'latin1', 'utf-16le': 'utf-16le',
};
const DELIMITER_ALIASES: Record<string, TableDelimiter> = {
  ',': ',', comma: ',', ';': ';', semicolon: ';', '\t': '\t', '\\t': '\t', tab: '\t', '|': '|', pipe: '|',
};

/** Accepts the spellings a CLI user types ('gbk', 'tab') and rejects the rest with the accepted list. */
function normaliseOptions(o: TableReadOptions, file: string): TableReadOptions {
  const out = { ...o };
  if (o.encoding !== undefined) {
    const e = ENCODING_ALIASES[String(o.encoding).toLowerCase()];
    if (!e) {
      throw new ProspectError(`${file}, row 1, column 1: unknown encoding '${o.encoding}'. Use one of ` +
        `${Object.keys(ENCODING_ALIASES).join(', ')}.`, 'BAD_OPTION', { file, row: 1, column: '1' });
    }
    out.encoding = e;
  }
  if (o.delimiter !== undefined) {
    const d = DELIMITER_ALIASES[String(o.delimiter).toLowerCase()];
    if (!d) {
      throw new ProspectError(`${file}, row 1, column 1: unknown delimiter '${o.delimiter}'. Use comma, semicolon, tab or pipe.`,
        'BAD_OPTION', { file, row: 1, column: '1' });
    }
    out.delimiter = d;
  }
  if (typeof o.sheet === 'string' && /^\d+$/.test(o.sheet)) out.sheet = o.sheet; // a sheet may be named '1'
  return out;
}

function readHead(file: string, n: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const b = Buffer.alloc(n);
    const got = readSync(fd, b, 0, n, 0);
    return b.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** Rejects binary files early: a NUL byte or many control characters means it is not a text table. */
function checkText(file: string, head: Buffer): void {
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const b = head[i];
    if (b === 0) {
      throw new ProspectError(`${file}, row 1, column 1: this is not a text table (it contains binary bytes, e.g. NUL at byte ${i}). ` +
        'Export the data as CSV (UTF-8) or XLSX.', 'NOT_TEXT', { file, row: 1, column: '1' });
    }
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) control++;
  }
  if (control > Math.max(2, head.length * 0.01)) {
    throw new ProspectError(`${file}, row 1, column 1: this is not a text table (${control} control bytes in the first ` +
      `${head.length} bytes). Export the data as CSV (UTF-8) or XLSX.`, 'NOT_TEXT', { file, row: 1, column: '1' });
  }
}

/**
 * UTF-8 if the bytes are valid UTF-8; else GB18030 when the high bytes come in GBK double-byte pairs (Chinese Excel
 * exports); else Windows-1252 (a superset of Latin-1 as Excel writes it), whose accented letters are single bytes.
 */
export function detectEncoding(head: Buffer, truncated: boolean): TableEncoding {
  let end = head.length;
  if (truncated) {
    // Do not let a multi-byte character cut at the sample's end count against UTF-8.
    let k = end - 1;
    while (k > 0 && end - k < 4 && (head[k] & 0xc0) === 0x80) k--;
    if (head[k] >= 0xc0) end = k;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
    return 'utf-8';
  } catch {
    // not UTF-8
  }
  let high = 0, paired = 0;
  for (let i = 0; i < end; i++) {
    const b = head[i];
    if (b < 0x80) continue;
    const t = head[i + 1] ?? 0;
    const lead = b >= 0x81 && b <= 0xfe;
    if (lead && t >= 0x80 && t <= 0xfe) { high += 2; paired += 2; i++; continue; }
    // A GBK trail byte may be ASCII, but so is the letter after a Latin-1 accent: half evidence only.
    if (lead && t >= 0x40 && t <= 0x7e) { high += 1; paired += 0.5; i++; continue; }
    high += 1;
  }
  return high > 0 && paired / high >= 0.9 ? 'gb18030' : 'windows-1252';
}

const DELIMS: TableDelimiter[] = [',', ';', '\t', '|'];

/** The delimiter whose count per line is the most consistent (and non-zero) over the sample's first lines. */
export function detectDelimiter(text: string): TableDelimiter {
  const lines: string[] = [];
  let cur = '', inQ = false;
  for (let i = 0; i < text.length && lines.length < 60; i++) {
    const c = text[i];
    if (c === '"') inQ = !inQ;
    if (!inQ && (c === '\n' || c === '\r')) {
      if (cur.trim() !== '') lines.push(cur);
      cur = '';
      continue;
    }
    if (!inQ || c !== '"') cur += inQ ? ' ' : c; // characters inside quotes never count as delimiters
  }
  if (cur.trim() !== '' && lines.length < 2) lines.push(cur);
  let best: TableDelimiter = ',';
  let bestScore = -1;
  for (const d of DELIMS) {
    const counts = lines.map((l) => l.split(d).length - 1);
    const freq = new Map<number, number>();
    for (const c of counts) if (c > 0) freq.set(c, (freq.get(c) ?? 0) + 1);
    let mode = 0, modeN = 0;
    for (const [c, n] of freq) if (n > modeN || (n === modeN && c > mode)) { mode = c; modeN = n; }
    if (mode === 0) continue;
    const score = modeN / lines.length + Math.min(mode, 50) / 1000;
    if (score > bestScore) { bestScore = score; best = d; }
  }
  return best;
}

function parseSample(text: string, delimiter: TableDelimiter, truncated: boolean): RowSample[] {
  const out: RowSample[] = [];
  const p = new CsvParser(delimiter);
  try {
    p.push(text, !truncated, (cells, line) => { if (out.length < 200) out.push({ cells, line }); });
  } catch {
    // an unclosed quote in the sample: keep what parsed; the full pass reports it with its row
  }
  return out;
}

function detectDecimalComma(records: RowSample[], headerRow: number): boolean {
  let comma = 0, dot = 0;
  for (const r of records) {
    if (r.line <= headerRow) continue;
    for (const c of r.cells) {
      const t = c.trim();
      if (/^[<>]?-?\d*,\d+$/.test(t)) comma++;
      else if (/^[<>]?-?\d*\.\d+$/.test(t)) dot++;
    }
  }
  return comma > dot;
}

class UnclosedQuote extends Error {
  constructor(readonly line: number, readonly field: number) { super('unclosed quote'); }
}

/**
 * RFC 4180 parser fed with text chunks: quoted fields may hold delimiters, doubled quotes and newlines. An
 * incomplete last record is kept and re-parsed with the next chunk, so records may span chunk borders.
 */
class CsvParser {
  private rest = '';
  private line = 1; // physical line where `rest` starts
  private readonly d: number;
  constructor(delimiter: string) { this.d = delimiter.charCodeAt(0); }

  push(chunk: string, final: boolean, emit: (cells: string[], line: number) => void): void {
    const buf = this.rest.length ? this.rest + chunk : chunk;
    const n = buf.length;
    const D = this.d;
    let i = 0;
    let line = this.line;
    let recStart = 0, recLine = line;
    let cells: string[] = [];
    let fieldStart = 0;
    let quoted = false; // the current field began with a quote
    let inQ = false;
    let acc = ''; // text of a quoted field so far
    let segStart = 0;
    while (i < n) {
      const c = buf.charCodeAt(i);
      if (inQ) {
        if (c === 34) {
          if (i + 1 >= n && !final) break; // cannot tell "" from " yet
          if (buf.charCodeAt(i + 1) === 34) { acc += buf.slice(segStart, i + 1); i += 2; segStart = i; continue; }
          acc += buf.slice(segStart, i); inQ = false; i++; segStart = i; continue;
        }
        if (c === 10) line++;
        else if (c === 13 && buf.charCodeAt(i + 1) !== 10) line++;
        i++;
        continue;
      }
      if (c === D) {
        cells.push(quoted ? acc + buf.slice(segStart, i) : buf.slice(fieldStart, i));
        i++; fieldStart = i; quoted = false; acc = '';
        continue;
      }
      if (c === 10 || c === 13) {
        if (c === 13 && i + 1 >= n && !final) break; // a CR at the chunk end may be half of CRLF
        cells.push(quoted ? acc + buf.slice(segStart, i) : buf.slice(fieldStart, i));
        emit(cells, recLine);
        i += c === 13 && buf.charCodeAt(i + 1) === 10 ? 2 : 1;
        line++;
        cells = []; fieldStart = i; quoted = false; acc = ''; recStart = i; recLine = line;
        continue;
      }
      if (c === 34 && i === fieldStart) { quoted = true; inQ = true; acc = ''; i++; segStart = i; continue; }
      i++;
    }
    if (final) {
      if (inQ) throw new UnclosedQuote(recLine, cells.length);
      if (recStart < n) {
        cells.push(quoted ? acc + buf.slice(segStart, n) : buf.slice(fieldStart, n));
        emit(cells, recLine);
      }
      this.rest = '';
      this.line = line;
      return;
    }
    this.rest = buf.slice(recStart);
    this.line = recLine;
  }
}
