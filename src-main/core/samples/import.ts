// Sample table -> projected points in ppm, per-row records for the project store, and a report of every decision
// (duplicates, censored values, sentinels, units, CRS) so that the user can check what was done to the data.
import path from 'node:path';
import { ProspectError, throwIfAborted, type SamplePoints, type TaskOptions } from '../types';
import { makeTransformer, parseCrs, utmZoneFor } from '../util/crs';
import { mapColumns, TO_PPM, type ColumnMapping, type Unit } from './columns';
import { streamTable, type TableReadOptions } from './table';
import { DEFAULT_MISSING_TOKENS, DEFAULT_SENTINELS, parseAssay, parseNumber, substituteCensored, type CellFlag, type CensoredRule } from './values';

export interface Extent { xmin: number; ymin: number; xmax: number; ymax: number }

export interface SampleImportOptions extends TableReadOptions {
  /** Coordinate columns; guessed from the names when left out. */
  x?: string;
  y?: string;
  /** CRS of the file's coordinates. Default 'auto': EPSG:4326 when every coordinate is a valid lon/lat, else an error. */
  crs?: string | number;
  /** CRS of the result (projected, metres). Default: the file's CRS, or the UTM zone of the samples' median for lon/lat. */
  targetCrs?: string | number;
  /** { element: column } overriding the automatic match, e.g. { Sn: 'Sn_INAA' }. */
  elements?: Record<string, string>;
  /** Elements looked for automatically (default the paper's 16). */
  wanted?: readonly string[];
  /** Units where the header states none or the wrong one, e.g. { Au: 'ppb' }. */
  units?: Record<string, Unit>;
  /** { element: column } of separate '<' qualifier columns, when not found by name. */
  flagColumns?: Record<string, string>;
  sampleId?: string;
  /** Substitute for below-detection values: DL/2 ('half'), DL/sqrt(2) ('sqrt2', default), 0.65*DL ('0.65'). */
  censoredRule?: CensoredRule;
  /** Numbers meaning "no value": one list for all elements or per element (default ±9999, ±99999, ±999999, -999). */
  sentinels?: readonly number[] | Record<string, readonly number[]>;
  /** Detection limits for cells flagged '<' whose value column gives none; default the element's smallest value. */
  detectionLimits?: Record<string, number>;
  /** Extra cell texts meaning "missing". */
  missingTokens?: readonly string[];
  /** Rows identical in coordinates and every analyte column: 'drop' (default) or 'keep'. */
  duplicates?: 'drop' | 'keep';
  /** Rows at the same coordinates with different values: 'keep' (default), 'first', or 'mean' (per element). */
  duplicateCoordinates?: 'keep' | 'first' | 'mean';
  /** In the target CRS: samples outside are reported and left out. */
  extent?: Extent;
  /** Rows with too few fields: 'error' (default) or 'skip' (counted in the report). */
  shortRows?: 'error' | 'skip';
  /** Build the per-row records (default true). Turn off for very large files: they cost ~1 KB a row. */
  keepRecords?: boolean;
}

export type SampleStatus = 'kept' | 'duplicate' | 'bad-coordinates' | 'outside';

export interface SampleCell {
  element: string;
  /** In ppm, after substitution of below-detection values; null where missing or a sentinel. */
  value: number | null;
  raw: string;
  flag: CellFlag;
  /** The unit of the file's column (the value is converted from it to ppm). */
  unit: Unit;
}

export interface SampleRecord {
  /** Row in the file (text line or sheet row). */
  row: number;
  sampleId?: string;
  /** Projected, target CRS; null when the coordinates are bad. */
  x: number | null;
  y: number | null;
  lon?: number;
  lat?: number;
  status: SampleStatus;
  /** For duplicates: the row this one duplicates. */
  duplicateOf?: number;
  cells: SampleCell[];
}

export interface ElementReport {
  element: string;
  column: string;
  unitOriginal: Unit;
  /** Counts over kept samples. */
  censored: number;
  missing: number;
  sentinel: number;
  /** Censored values coded as negative numbers (included in `censored`). */
  negativeDL: number;
  /** Kept samples with a value (including substituted censored values). */
  kept: number;
  flagColumn?: string;
}

export interface ImportReport {
  file: string;
  format: 'csv' | 'xlsx';
  encoding: string;
  delimiter: string;
  decimalComma: boolean;
  headerRow: number;
  sheet?: string;
  rowsRead: number;
  rowsKept: number;
  duplicatesExact: number;
  /** Rows sharing coordinates with an earlier kept row but with different values. */
  duplicateCoordinates: number;
  duplicateCoordinatesRule: 'keep' | 'first' | 'mean';
  badCoordinates: number;
  outside: number;
  shortRowsSkipped: number;
  crs: string;
  targetCrs: string;
  censoredRule: CensoredRule;
  x: string;
  y: string;
  perElement: ElementReport[];
  notes: string[];
}

export interface SampleImport {
  points: SamplePoints;
  samples: SampleRecord[];
  report: ImportReport;
}

const FLAG_CODE: Record<CellFlag, number> = { ok: 0, censored: 1, missing: 2, sentinel: 3 };
const NEG_DL_BIT = 8;
const UNKNOWN_DL_BIT = 16;

/** Float64 / Uint8 arrays that grow by doubling: compact storage for millions of rows. */
class Grow<T extends Float64Array | Uint8Array | Int32Array> {
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

/** Imports a sample table: see SampleImportOptions for every choice and ImportReport for what is reported. */
export async function importSamples(file: string, options: SampleImportOptions = {}, opts: TaskOptions = {}): Promise<SampleImport> {
  const keepRecords = options.keepRecords ?? true;
  const rule = options.censoredRule ?? 'sqrt2';
  const missingTokens = new Set([...DEFAULT_MISSING_TOKENS, ...(options.missingTokens ?? []).map((t) => t.trim().toLowerCase())]);
  const dupRule = options.duplicates ?? 'drop';
  const coordRule = options.duplicateCoordinates ?? 'keep';
  const sentinelsFor = (el: string): readonly number[] => {
    const s = options.sentinels;
    if (!s) return DEFAULT_SENTINELS;
    if (Array.isArray(s)) return s;
    return (s as Record<string, readonly number[]>)[el] ?? DEFAULT_SENTINELS;
  };

  let map!: ColumnMapping;
  let headers: string[] = [];
  let headerRow = 1;
  let decimalComma = false;
  let required: number[] = [];
  let hashIdx: number[] = [];
  const seen = new Map<number, number>(); // hash -> first row
  const rawX = f64(), rawY = f64(), rowNo = f64(), recIdx = i32();
  let values: Grow<Float64Array>[] = [];
  let flags: Grow<Uint8Array>[] = [];
  const records: SampleRecord[] = [];
  let rowsRead = 0, duplicatesExact = 0, badCoordinates = 0, shortRowsSkipped = 0;
  let sentinelLists: (readonly number[])[] = [];
  let units: Unit[] = [];

  const where = (row: number, column: string) => ({ file, row, column });

  const { detected } = await streamTable(file, options, {
    onHeader: (h, det) => {
      headers = h;
      headerRow = det.headerRow;
      decimalComma = det.decimalComma;
      map = mapColumns(h, options, file, det.headerRow);
      units = map.elements.map((e) => e.unit ?? 'ppm');
      required = [map.x.index, map.y.index, ...map.elements.map((e) => e.index),
        ...map.elements.filter((e) => e.flagIndex !== undefined).map((e) => e.flagIndex as number)];
      hashIdx = [...new Set([map.x.index, map.y.index, ...map.analyteIndices, ...required])].sort((a, b) => a - b);
      values = map.elements.map(() => f64());
      flags = map.elements.map(() => u8());
      sentinelLists = map.elements.map((e) => sentinelsFor(e.element));
    },
    onRow: (cells, row) => {
      rowsRead++;
      if (rowsRead % 4096 === 0) throwIfAborted(opts.signal);
      const maxReq = required.length ? Math.max(...required) : 0;
      if (cells.length <= maxReq) {
        if (options.shortRows === 'skip') { shortRowsSkipped++; return; }
        const firstMissing = required.filter((i) => i >= cells.length).sort((a, b) => a - b)[0];
        throw new ProspectError(
          `${file}, row ${row}, column '${headers[firstMissing]}': the row has ${cells.length} of ${headers.length} fields, ` +
            `so column '${headers[firstMissing]}' is missing. The file may be truncated or a delimiter lost: fix the row, ` +
            "or pass shortRows: 'skip' to leave such rows out.",
          'SHORT_ROW', where(row, headers[firstMissing]));
      }
      // Coordinates: blank or a missing token is a bad coordinate (reported); other text is an error in the file.
      const xs = cells[map.x.index], ys = cells[map.y.index];
      const coord = (s: string, col: string): number => {
        if (missingTokens.has(s.trim().toLowerCase())) return NaN;
        const v = parseNumber(s, decimalComma);
        if (Number.isNaN(v)) {
          throw new ProspectError(`${file}, row ${row}, column '${col}': the coordinate '${s.slice(0, 40)}' is not a number. ` +
            'Coordinates must be decimal numbers (degrees or metres); convert degree-minute-second text first.',
          'BAD_COORDINATE', where(row, col));
        }
        return v;
      };
      const x = coord(xs, map.x.column), y = coord(ys, map.y.column);

      let status: SampleStatus = 'kept';
      let duplicateOf: number | undefined;
      if (dupRule === 'drop') {
        const h = hashCells(cells, hashIdx);
        const first = seen.get(h);
        if (first !== undefined) { status = 'duplicate'; duplicateOf = first; duplicatesExact++; }
        else seen.set(h, row);
      }
      const recCells: SampleCell[] = [];
      const store = status === 'kept';
      for (let e = 0; e < map.elements.length; e++) {
        const ec = map.elements[e];
        const raw = cells[ec.index];
        const pc = parseAssay(raw, { decimalComma, censoredRule: rule, sentinels: sentinelLists[e], missingTokens },
          where(row, ec.column), ec.flagIndex !== undefined ? cells[ec.flagIndex] : undefined);
        if (store) {
          values[e].push(pc.value);
          flags[e].push(FLAG_CODE[pc.flag] | (pc.negativeDL ? NEG_DL_BIT : 0) |
            (pc.flag === 'censored' && Number.isNaN(pc.value) ? UNKNOWN_DL_BIT : 0));
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
        if (duplicateOf !== undefined) rec.duplicateOf = duplicateOf;
        records.push(rec);
      }
      if (store) {
        rawX.push(x); rawY.push(y); rowNo.push(row); recIdx.push(keepRecords ? records.length - 1 : -1);
      }
    },
  }, opts);

  if (rowsRead === 0) {
    throw new ProspectError(`${file}, row ${headerRow + 1}, column '${headers[0] ?? '1'}': the table has a header row but no ` +
      'data rows. Check that the right sheet or file was chosen.', 'NO_DATA_ROWS', where(headerRow + 1, headers[0] ?? '1'));
  }
  const notes = [...map.notes];
  if (detected.renamedHeaders.length) notes.push(`renamed headers: ${detected.renamedHeaders.join('; ')}`);
  const n = rawX.length;
  const X = rawX.view(), Y = rawY.view();
  const status = new Uint8Array(n); // 0 kept, 1 duplicate, 2 bad, 3 outside

  // CRS of the file: stated, or lon/lat when every coordinate is a valid one.
  const at = { file, row: headerRow, column: map.x.column };
  let crsText: string;
  if (options.crs != null && options.crs !== '' && String(options.crs).toLowerCase() !== 'auto') {
    crsText = parseCrs(options.crs, at).code;
  } else {
    let allLonLat = true, any = false;
    let xmin = Infinity, xmax = -Infinity, ymin = Infinity, ymax = -Infinity;
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(X[i]) || !Number.isFinite(Y[i])) continue;
      any = true;
      xmin = Math.min(xmin, X[i]); xmax = Math.max(xmax, X[i]); ymin = Math.min(ymin, Y[i]); ymax = Math.max(ymax, Y[i]);
      if (Math.abs(X[i]) > 180 || Math.abs(Y[i]) > 90) allLonLat = false;
    }
    if (any && !allLonLat && !map.namedLonLat) {
      throw new ProspectError(`${file}, row ${headerRow}, column '${map.x.column}': the coordinates look projected ` +
        `(x ${xmin}..${xmax}, y ${ymin}..${ymax}) and no CRS was given. Pass crs, e.g. 'EPSG:32635' for UTM 35N ` +
        "or 'EPSG:3067' for TM35FIN.", 'CRS_REQUIRED', at);
    }
    crsText = 'EPSG:4326';
    notes.push('crs: not given; every coordinate is a valid longitude/latitude, so EPSG:4326 was assumed');
  }
  const crs = parseCrs(crsText, at);

  // Bad coordinates: blanks, out-of-range degrees, and (0, 0), which survey exports use for "unknown".
  for (let i = 0; i < n; i++) {
    const bad = !Number.isFinite(X[i]) || !Number.isFinite(Y[i]) || (X[i] === 0 && Y[i] === 0) ||
      (crs.geographic && (Math.abs(X[i]) > 180 || Math.abs(Y[i]) > 90));
    if (bad) status[i] = 2;
  }

  let targetText: string;
  if (options.targetCrs != null && options.targetCrs !== '') {
    targetText = parseCrs(options.targetCrs, at).code;
  } else if (crs.geographic) {
    const lons: number[] = [], lats: number[] = [];
    for (let i = 0; i < n; i++) if (status[i] === 0) { lons.push(X[i]); lats.push(Y[i]); }
    if (lons.length === 0) {
      throw new ProspectError(`${file}, row ${headerRow + 1}, column '${map.x.column}': no row has usable coordinates.`,
        'NO_COORDINATES', where(headerRow + 1, map.x.column));
    }
    const med = (a: number[]): number => a.sort((p, q) => p - q)[a.length >> 1];
    targetText = utmZoneFor(med(lons), med(lats));
    notes.push(`targetCrs: not given; ${targetText}, the UTM zone of the samples' median position, was proposed`);
  } else {
    targetText = crs.code;
  }
  const target = parseCrs(targetText, at);
  if (target.geographic) {
    throw new ProspectError(`${file}, row ${headerRow}, column '${map.x.column}': the target CRS ${target.code} is in ` +
      'degrees; grids need metres. Choose a projected CRS such as the UTM zone of the area.', 'CRS_NOT_PROJECTED', at);
  }
  throwIfAborted(opts.signal);
  const proj = makeTransformer(crs, target)(X, Y);
  for (let i = 0; i < n; i++) {
    if (status[i] === 0 && (!Number.isFinite(proj.x[i]) || !Number.isFinite(proj.y[i]))) status[i] = 2;
  }
  const ext = options.extent;
  if (ext) {
    for (let i = 0; i < n; i++) {
      if (status[i] === 0 && (proj.x[i] < ext.xmin || proj.x[i] > ext.xmax || proj.y[i] < ext.ymin || proj.y[i] > ext.ymax)) status[i] = 3;
    }
  }

  const ne = map.elements.length;
  const V = values.map((g) => g.view());
  const F = flags.map((g) => g.view());

  // Censored cells whose detection limit the file does not give ('<' flag over 0.0).
  for (let e = 0; e < ne; e++) {
    let unknown = 0;
    for (let i = 0; i < n; i++) if (F[e][i] & UNKNOWN_DL_BIT) unknown++;
    if (!unknown) continue;
    let dl = options.detectionLimits?.[map.elements[e].element];
    let how = 'given';
    if (dl === undefined) {
      dl = Infinity;
      for (let i = 0; i < n; i++) if ((F[e][i] & 7) === 0 && V[e][i] > 0 && V[e][i] < dl) dl = V[e][i];
      how = 'estimated as the smallest measured value';
    }
    if (Number.isFinite(dl)) {
      const v = substituteCensored(dl, rule);
      for (let i = 0; i < n; i++) {
        if (!(F[e][i] & UNKNOWN_DL_BIT)) continue;
        V[e][i] = v;
        const r = recIdx.data[i];
        if (r >= 0) {
          const cell = records[r].cells[e];
          cell.value = v * TO_PPM[units[e]];
        }
      }
    }
    notes.push(`${map.elements[e].element}: ${unknown} cells flagged '<' without a detection limit; DL ${dl} ${units[e]} (${how}) used`);
  }

  // Same coordinates, different values: sort by raw coordinates and walk the runs.
  let duplicateCoordinates = 0;
  {
    const order: number[] = [];
    for (let i = 0; i < n; i++) if (status[i] === 0) order.push(i);
    order.sort((a, b) => X[a] - X[b] || Y[a] - Y[b] || a - b);
    for (let s = 0; s < order.length;) {
      let t = s + 1;
      while (t < order.length && X[order[t]] === X[order[s]] && Y[order[t]] === Y[order[s]]) t++;
      if (t - s > 1) {
        duplicateCoordinates += t - s - 1;
        const first = order[s];
        if (coordRule !== 'keep') {
          for (let k = s + 1; k < t; k++) status[order[k]] = 1;
        }
        if (coordRule === 'mean') {
          for (let e = 0; e < ne; e++) {
            let sum = 0, cnt = 0;
            for (let k = s; k < t; k++) { const v = V[e][order[k]]; if (Number.isFinite(v)) { sum += v; cnt++; } }
            V[e][first] = cnt ? sum / cnt : NaN;
          }
        }
        if (keepRecords && coordRule !== 'keep') {
          for (let k = s + 1; k < t; k++) records[recIdx.data[order[k]]].duplicateOf = rowNo.data[first];
        }
      }
      s = t;
    }
  }
  if (duplicateCoordinates) {
    notes.push(`${duplicateCoordinates} rows share coordinates with another row but differ in values: rule '${coordRule}'` +
      (coordRule === 'mean' ? ' (the first row carries the per-element mean; the others are marked duplicate)' : ''));
  }
  if (dupRule === 'drop' && duplicatesExact) {
    notes.push(`${duplicatesExact} exact duplicate rows dropped (same coordinates and the same text in all ${hashIdx.length - 2} analyte columns)`);
  }

  // Collect kept samples, in ppm.
  let kept = 0;
  for (let i = 0; i < n; i++) if (status[i] === 0) kept++;
  const px = new Float64Array(kept), py = new Float64Array(kept);
  const pv = map.elements.map(() => new Float64Array(kept));
  const perElement: ElementReport[] = map.elements.map((ec, e) => ({
    element: ec.element, column: ec.column, unitOriginal: units[e], censored: 0, missing: 0, sentinel: 0, negativeDL: 0, kept: 0,
    ...(ec.flagColumn ? { flagColumn: ec.flagColumn } : {}),
  }));
  let badCount = 0, outside = 0;
  for (let i = 0, k = 0; i < n; i++) {
    const r = recIdx.data[i];
    if (r >= 0) {
      const rec = records[r];
      if (status[i] !== 2) { rec.x = proj.x[i]; rec.y = proj.y[i]; }
      if (crs.geographic && status[i] !== 2) { rec.lon = X[i]; rec.lat = Y[i]; }
      rec.status = status[i] === 0 ? 'kept' : status[i] === 1 ? 'duplicate' : status[i] === 2 ? 'bad-coordinates' : 'outside';
    }
    if (status[i] === 2) { badCount++; continue; }
    if (status[i] === 3) { outside++; continue; }
    if (status[i] !== 0) continue;
    px[k] = proj.x[i]; py[k] = proj.y[i];
    for (let e = 0; e < ne; e++) {
      const v = V[e][i];
      pv[e][k] = v * TO_PPM[units[e]];
      const f = F[e][i];
      const code = f & 7;
      const pe = perElement[e];
      if (code === 1) pe.censored++;
      else if (code === 2) pe.missing++;
      else if (code === 3) pe.sentinel++;
      if (f & NEG_DL_BIT) pe.negativeDL++;
      if (Number.isFinite(v)) pe.kept++;
    }
    k++;
  }
  badCoordinates = badCount;
  if (coordRule === 'mean' && keepRecords) notes.push('records keep each row\'s own values; points carry the means');

  const report: ImportReport = {
    file: path.resolve(file), format: detected.format, encoding: detected.encoding, delimiter: detected.delimiter,
    decimalComma: detected.decimalComma, headerRow: detected.headerRow, ...(detected.sheet ? { sheet: detected.sheet } : {}),
    rowsRead, rowsKept: kept, duplicatesExact, duplicateCoordinates, duplicateCoordinatesRule: coordRule,
    badCoordinates, outside, shortRowsSkipped, crs: crs.code, targetCrs: target.code, censoredRule: rule,
    x: map.x.column, y: map.y.column, perElement, notes,
  };
  opts.onProgress?.({ step: 'import', done: 1, total: 1, message: `${kept} samples kept of ${rowsRead} rows` });
  return {
    points: { crs: target.code, x: px, y: py, elements: map.elements.map((e) => e.element), values: pv },
    samples: records,
    report,
  };
}
