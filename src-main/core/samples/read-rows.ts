// Stage 1 of the sample import: read the table, map its columns, and parse every cell of the rows that are not exact
// duplicates into compact columnar buffers (plus per-row records when asked for).
import { ProspectError, throwIfAborted, type TaskOptions } from '../types';
import { findCampaignColumn, type CampaignColumn } from './campaign-column';
import { mapColumns, TO_PPM, type ColumnMapping, type Unit } from './columns';
import type { SampleCell, SampleImportOptions, SampleRecord, SampleStatus } from './import-types';
import { streamTable, type TableDetected } from '../formats/table';
import { DEFAULT_MISSING_TOKENS, DEFAULT_SENTINELS, parseAssay, parseNumber, type CellFlag } from './values';
import { DEFAULT_CENSORED_RULE } from '../vocabulary';

export const FLAG_CODE: Record<CellFlag, number> = { ok: 0, censored: 1, missing: 2, sentinel: 3 };
export const CODE_MASK = 7;
export const NEG_DL_BIT = 8;
export const UNKNOWN_DL_BIT = 16;
/** The file holds an exact zero here. */
export const ZERO_BIT = 32;

/** Typed arrays that grow by doubling: compact storage for millions of rows. */
export class Grow<T extends Float64Array | Uint8Array | Int32Array> {
  length = 0;
  constructor(private make: (n: number) => T, public data: T = make(1024)) {}
  push(v: number): void {
    if (this.length === this.data.length) {
      const d = this.make(this.data.length * 2);
      d.set(this.data as never);
      this.data = d;
    }
    this.data[this.length++] = v;
  }
  view(): T { return this.data.subarray(0, this.length) as T; }
}
const f64 = (): Grow<Float64Array> => new Grow((n) => new Float64Array(n));
const u8 = (): Grow<Uint8Array> => new Grow((n) => new Uint8Array(n));
const i32 = (): Grow<Int32Array> => new Grow((n) => new Int32Array(n));

/** The rows as read: one entry per row that is not an exact duplicate, in file order. */
export interface ReadRows {
  file: string;
  detected: TableDetected;
  headers: string[];
  headerRow: number;
  map: ColumnMapping;
  units: Unit[];
  campaignColumn: CampaignColumn | null;
  /** Rows stored below. */
  n: number;
  X: Float64Array;
  Y: Float64Array;
  rowNo: Float64Array;
  /** Index into `records`, -1 without records. */
  recIdx: Int32Array;
  /** Per element: the value in the column's unit (NaN missing / sentinel / unknown DL) and its flag bits. */
  V: Float64Array[];
  F: Uint8Array[];
  /** Per row: index into campaignNames, -1 for none. */
  campaign: Int32Array;
  campaignNames: string[];
  /** Per element and campaign index (-1 keyed as 'none'): detection limits stated, in the column's unit. */
  dls: Map<number, Set<number>>[];
  records: SampleRecord[];
  rowsRead: number;
  duplicatesExact: number;
  shortRowsSkipped: number;
  longRowsSkipped: number;
  /** Columns compared for exact duplicates. */
  hashColumns: number;
}

/** Two 32-bit FNV-1a variants combined into one 53-bit number: a compact key for exact-duplicate detection. */
function hashCells(cells: string[], indices: number[]): number {
  let h1 = 0x811c9dc5, h2 = 0x01000193 ^ 0x5bd1e995;
  for (const i of indices) {
    const s = cells[i] ?? '';
    for (let k = 0; k < s.length; k++) {
      const c = s.charCodeAt(k);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    h1 = Math.imul(h1 ^ 0x1f, 0x01000193);
    h2 = Math.imul(h2 ^ 0x1f, 0x5bd1e995);
  }
  return (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
}

export function sentinelsFor(options: SampleImportOptions, element: string): readonly number[] {
  const s = options.sentinels;
  if (!s) return DEFAULT_SENTINELS;
  if (Array.isArray(s)) return s;
  return (s as Record<string, readonly number[]>)[element] ?? DEFAULT_SENTINELS;
}

/** Reads and parses every row; throws naming file, row and column on the first cell it cannot read. */
export async function readRows(file: string, options: SampleImportOptions, opts: TaskOptions): Promise<ReadRows> {
  const keepRecords = options.keepRecords ?? true;
  const rule = options.censoredRule ?? DEFAULT_CENSORED_RULE;
  const missingTokens = new Set([...DEFAULT_MISSING_TOKENS, ...(options.missingTokens ?? []).map((t) => t.trim().toLowerCase())]);
  const dupRule = options.duplicates ?? 'drop';

  let map!: ColumnMapping;
  let headers: string[] = [];
  let headerRow = 1;
  let decimalComma = false;
  let required: number[] = [];
  let maxReq = 0;
  let hashIdx: number[] = [];
  let campaignColumn: CampaignColumn | null = null;
  const seen = new Map<number, number>(); // hash -> first row
  const rawX = f64(), rawY = f64(), rowNo = f64(), recIdx = i32(), campaign = i32();
  const campaignIndex = new Map<string, number>();
  let values: Grow<Float64Array>[] = [];
  let flags: Grow<Uint8Array>[] = [];
  let dls: Map<number, Set<number>>[] = [];
  const records: SampleRecord[] = [];
  let rowsRead = 0, duplicatesExact = 0, shortRowsSkipped = 0, longRowsSkipped = 0;
  let sentinelLists: (readonly number[])[] = [];
  let units: Unit[] = [];

  const where = (row: number, column: string) => ({ file, row, column });

  const onHeader = (h: string[], det: TableDetected): void => {
    headers = h;
    headerRow = det.headerRow;
    decimalComma = det.decimalComma;
    map = mapColumns(h, options, file, det.headerRow);
    campaignColumn = findCampaignColumn(h, options.campaign, file, det.headerRow);
    units = map.elements.map((e) => e.unit ?? 'ppm');
    required = [map.x.index, map.y.index, ...map.elements.map((e) => e.index),
      ...map.elements.filter((e) => e.flagIndex !== undefined).map((e) => e.flagIndex as number)];
    // The campaign is not compared: the same sample re-reported by a later campaign is still a duplicate.
    hashIdx = [...new Set([map.x.index, map.y.index, ...map.analyteIndices, ...required])].sort((a, b) => a - b);
    if (campaignColumn?.how === 'given') required.push(campaignColumn.index);
    maxReq = required.length ? Math.max(...required) : 0;
    values = map.elements.map(() => f64());
    flags = map.elements.map(() => u8());
    dls = map.elements.map(() => new Map());
    sentinelLists = map.elements.map((e) => sentinelsFor(options, e.element));
  };

  /** True when the row is to be skipped; throws when it is to be refused. */
  const checkWidth = (cells: string[], row: number): boolean => {
    if (cells.length <= maxReq) {
      if (options.shortRows === 'skip') { shortRowsSkipped++; return true; }
      const firstMissing = required.filter((i) => i >= cells.length).sort((a, b) => a - b)[0];
      throw new ProspectError(
        `${file}, row ${row}, column '${headers[firstMissing]}': the row has ${cells.length} of ${headers.length} fields, ` +
          `so column '${headers[firstMissing]}' is missing. The file may be truncated or a delimiter lost: fix the row, ` +
          "or pass shortRows: 'skip' to leave such rows out.",
        'SHORT_ROW', where(row, headers[firstMissing]));
    }
    if (cells.length > headers.length) {
      // Trailing empty fields (a delimiter at the end of the line) are harmless; text there means shifted columns.
      let last = cells.length - 1;
      while (last >= headers.length && cells[last].trim() === '') last--;
      if (last >= headers.length) {
        if (options.longRows === 'skip') { longRowsSkipped++; return true; }
        throw new ProspectError(
          `${file}, row ${row}, column ${headers.length + 1}: the row has ${last + 1} fields but the header has ` +
            `${headers.length} ('${cells[headers.length].slice(0, 40)}' has no column), so its values may sit under the ` +
            'wrong columns: a delimiter inside an unquoted value (a decimal comma, a note) or a missing header name. ' +
            "Fix the row or the header, quote the value, or pass longRows: 'skip' to leave such rows out.",
          'LONG_ROW', { file, row, column: String(headers.length + 1) });
      }
    }
    return false;
  };

  const coord = (s: string, col: string, row: number): number => {
    if (missingTokens.has(s.trim().toLowerCase())) return NaN;
    const v = parseNumber(s, decimalComma);
    if (Number.isNaN(v)) {
      throw new ProspectError(`${file}, row ${row}, column '${col}': the coordinate '${s.slice(0, 40)}' is not a number. ` +
        'Coordinates must be decimal numbers (degrees or metres); convert degree-minute-second text first.',
      'BAD_COORDINATE', where(row, col));
    }
    return v;
  };

  const onRow = (cells: string[], row: number): void => {
    rowsRead++;
    if (rowsRead % 4096 === 0) throwIfAborted(opts.signal);
    if (checkWidth(cells, row)) return;
    // Coordinates: blank or a missing token is a bad coordinate (reported); other text is an error in the file.
    const x = coord(cells[map.x.index], map.x.column, row), y = coord(cells[map.y.index], map.y.column, row);

    let status: SampleStatus = 'kept';
    let duplicateOf: number | undefined;
    if (dupRule === 'drop') {
      const h = hashCells(cells, hashIdx);
      const first = seen.get(h);
      if (first !== undefined) { status = 'duplicate'; duplicateOf = first; duplicatesExact++; }
      else seen.set(h, row);
    }
    const store = status === 'kept';
    const campaignText = campaignColumn ? (cells[campaignColumn.index] ?? '').trim() : '';
    let c = -1;
    if (campaignText !== '') {
      c = campaignIndex.get(campaignText) ?? -1;
      if (c < 0) { c = campaignIndex.size; campaignIndex.set(campaignText, c); }
    }
    const recCells: SampleCell[] = [];
    for (let e = 0; e < map.elements.length; e++) {
      const ec = map.elements[e];
      const raw = cells[ec.index];
      const pc = parseAssay(raw, { decimalComma, censoredRule: rule, sentinels: sentinelLists[e], missingTokens },
        where(row, ec.column), ec.flagIndex !== undefined ? cells[ec.flagIndex] : undefined);
      if (store) {
        values[e].push(pc.value);
        flags[e].push(FLAG_CODE[pc.flag] | (pc.negativeDL ? NEG_DL_BIT : 0) |
          (pc.flag === 'censored' && Number.isNaN(pc.value) ? UNKNOWN_DL_BIT : 0) |
          (pc.flag === 'ok' && pc.value === 0 ? ZERO_BIT : 0));
        if (pc.flag === 'censored' && pc.dl !== undefined && Number.isFinite(pc.dl) && pc.dl > 0) {
          let set = dls[e].get(c);
          if (!set) dls[e].set(c, (set = new Set()));
          set.add(pc.dl);
        }
      }
      if (keepRecords) {
        recCells.push({ element: ec.element, value: Number.isFinite(pc.value) ? pc.value * TO_PPM[units[e]] : null,
          raw: ec.flagIndex !== undefined && cells[ec.flagIndex].trim() ? `${raw} [${ec.flagColumn}=${cells[ec.flagIndex].trim()}]` : raw,
          flag: pc.flag, unit: units[e] });
      }
    }
    if (keepRecords) {
      const rec: SampleRecord = { row, x: null, y: null, status, cells: recCells };
      if (map.sampleId) rec.sampleId = cells[map.sampleId.index];
      if (campaignText !== '') rec.campaign = campaignText;
      if (duplicateOf !== undefined) rec.duplicateOf = duplicateOf;
      records.push(rec);
    }
    if (store) {
      rawX.push(x); rawY.push(y); rowNo.push(row); recIdx.push(keepRecords ? records.length - 1 : -1); campaign.push(c);
    }
  };

  const { detected } = await streamTable(file, options, { onHeader, onRow }, opts);
  if (rowsRead === 0) {
    throw new ProspectError(`${file}, row ${headerRow + 1}, column '${headers[0] ?? '1'}': the table has a header row but no ` +
      'data rows. Check that the right sheet or file was chosen.', 'NO_DATA_ROWS', where(headerRow + 1, headers[0] ?? '1'));
  }
  return {
    file, detected, headers, headerRow, map, units, campaignColumn, n: rawX.length,
    X: rawX.view(), Y: rawY.view(), rowNo: rowNo.view(), recIdx: recIdx.view(),
    V: values.map((g) => g.view()), F: flags.map((g) => g.view()),
    campaign: campaign.view(), campaignNames: [...campaignIndex.keys()], dls, records,
    rowsRead, duplicatesExact, shortRowsSkipped, longRowsSkipped, hashColumns: hashIdx.length,
  };
}
