// Known deposits from CSV/XLSX (through the sample table reader), GeoJSON, point shapefiles or a point layer of a
// GeoPackage, projected into the project's CRS. Deposits are few and each one is a label: a bad one is an error to fix, never silently skipped.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ProspectError, throwIfAborted, type Deposit, type TaskOptions } from '../types';
import { makeTransformer, parseCrs, type Crs } from '../util/crs';
import { guessCoordinateColumns } from '../samples/columns';
import { readTable, type TableReadOptions } from '../formats/table';
import { parseNumber } from '../samples/values';
import { describeLayers, pickLayer, readGpkgLayer } from '../formats/gpkg-layers';
import { prjCrs, readShapefilePoints } from '../formats/shapefile';
import { coincidentDeposits, coincidentNotes } from './accounting';
import { filterByType, type TypeFilterReport } from './type-filter';
import type { DepositReport } from '../results';

export type { DepositReport };

export interface DepositImportOptions extends TableReadOptions {
  x?: string;
  y?: string;
  /** CRS of the file; default: the .prj / GeoJSON crs member, else lon/lat when every point is a valid one. */
  crs?: string | number;
  /** The project's (projected) CRS. */
  targetCrs: string | number;
  nameColumn?: string;
  idColumn?: string;
  /** Keep only rows whose value in `typeColumn` is one of `types` (case-insensitive, trimmed), e.g. Mine, Deposit. */
  typeColumn?: string;
  types?: string[];
}

export interface DepositRecord extends Deposit {
  /** Row (CSV/XLSX line), feature index (GeoJSON, 1-based), record number (shapefile) or fid (GeoPackage). */
  row: number;
  lon?: number;
  lat?: number;
  attributes: Record<string, string>;
}

export interface DepositImport {
  deposits: DepositRecord[];
  report: DepositReport;
}

export interface RawPoint { row: number; x: number; y: number; attributes: Record<string, string>; idSuffix?: string }

const NAME_GUESS = ['name', 'site_title', 'short_name', 'deposit', 'deposit_name', 'nom_gite', 'site_name', 'title', '名称', '矿床'];
const ID_GUESS = ['id', 'site_code', 'dep_id', 'deposit_id', 'numr_gite', 'pointid', 'code', 'fid'];

function pick(fields: string[], wanted: string | undefined, guesses: string[], file: string, row: number, what: string): string | undefined {
  if (wanted) {
    const f = fields.find((h) => h === wanted) ?? fields.find((h) => h.toLowerCase() === wanted.toLowerCase());
    if (!f) {
      throw new ProspectError(`${file}, row ${row}, column '${wanted}': there is no ${what} column '${wanted}'. ` +
        `Columns: ${fields.join(', ')}.`, 'MISSING_COLUMN', { file, row, column: wanted });
    }
    return f;
  }
  const lower = fields.map((f) => f.toLowerCase());
  for (const g of guesses) {
    const i = lower.indexOf(g);
    if (i >= 0) return fields[i];
  }
  return undefined;
}

/** The name and id columns found by name, as the import would pick them. */
export function guessDepositColumns(fields: string[]): { name?: string; id?: string } {
  const name = pick(fields, undefined, NAME_GUESS, '', 0, 'name');
  const id = pick(fields, undefined, ID_GUESS, '', 0, 'id');
  return { ...(name ? { name } : {}), ...(id ? { id } : {}) };
}

/** The deposit points as the file holds them, before any CRS is applied. */
export interface DepositPoints {
  points: RawPoint[];
  format: DepositReport['format'];
  fields: string[];
  fileCrs?: string;
  xName: string;
  yName: string;
  /** The header row (1 for files without one). */
  firstRow: number;
  layer?: string;
  notes: string[];
}

/** Reads the points of any deposit format: coordinates from the geometry or the x/y columns, every attribute as text. */
export async function readDepositPoints(file: string, options: Omit<DepositImportOptions, 'targetCrs'>, opts: TaskOptions = {}): Promise<DepositPoints> {
  throwIfAborted(opts.signal);
  const ext = path.extname(file).toLowerCase();
  const notes: string[] = [];
  let points: RawPoint[];
  let format: DepositReport['format'];
  let xName = 'geometry', yName = 'geometry';
  let fileCrs: string | undefined;
  let fields: string[];
  let firstRow = 1;

  let layer: string | undefined;
  if (ext === '.gpkg') {
    format = 'geopackage';
    const l = readGpkgLayer(file, options.layer);
    layer = l.name;
    points = l.features.flatMap((f) => {
      if (f.points.length === 0) {
        throw new ProspectError(`${file}, layer '${l.name}', row ${f.fid} (fid), column '${l.geometryColumn}': the feature has no ` +
          'geometry. Give it a location or delete it.', 'BAD_COORDINATE', { file, row: f.fid, column: l.geometryColumn });
      }
      return f.points.map(([x, y], k) => ({ row: f.fid, x, y, attributes: f.attributes, ...(f.points.length > 1 ? { idSuffix: `-${k + 1}` } : {}) }));
    });
    fields = l.fields;
    fileCrs = l.crs;
  } else if (ext === '.shp') {
    format = 'shapefile';
    layer = path.basename(file, path.extname(file));
    const shp = readShapefilePoints(file);
    pickLayer(file, [layer], options.layer, () => describeLayers([{ name: layer!, geometryType: 'point', features: shp.points.length }]));
    points = shp.points.map((p) => ({ row: p.record, x: p.x, y: p.y, attributes: p.attributes, ...(p.part ? { idSuffix: `-${p.part + 1}` } : {}) }));
    fields = shp.fields;
    if (shp.prj) fileCrs = prjCrs(shp.prj, notes);
  } else if (ext === '.geojson' || ext === '.json') {
    format = 'geojson';
    const r = readGeoJson(file);
    points = r.points;
    fields = r.fields;
    fileCrs = r.crs;
  } else {
    const t = await readTable(file, options, opts);
    format = t.detected.format;
    fields = t.headers;
    firstRow = t.detected.headerRow;
    let xi: number, yi: number;
    if (options.x || options.y) {
      xi = t.headers.indexOf(pick(t.headers, options.x ?? 'X', [], file, firstRow, 'x') as string);
      yi = t.headers.indexOf(pick(t.headers, options.y ?? 'Y', [], file, firstRow, 'y') as string);
    } else {
      const g = guessCoordinateColumns(t.headers);
      if (!g) {
        throw new ProspectError(`${file}, row ${firstRow}, column 'X': no coordinate columns found (looked for X/Y, ` +
          'EASTING/NORTHING, LONGITUDE/LATITUDE, lon/lat ...). Pass x and y.', 'MISSING_COLUMN', { file, row: firstRow, column: 'X' });
      }
      xi = g.x; yi = g.y;
    }
    xName = t.headers[xi]; yName = t.headers[yi];
    points = t.rows.map((cells, k) => {
      const row = t.rowNumbers[k];
      const num = (i: number): number => {
        const v = parseNumber(cells[i] ?? '', t.detected.decimalComma);
        if (!Number.isFinite(v)) {
          throw new ProspectError(`${file}, row ${row}, column '${t.headers[i]}': the coordinate '${cells[i] ?? ''}' is not a ` +
            'number. Every deposit needs numeric coordinates: fix or delete the row.', 'BAD_COORDINATE', { file, row, column: t.headers[i] });
        }
        return v;
      };
      const attributes: Record<string, string> = {};
      t.headers.forEach((h, i) => { attributes[h] = cells[i] ?? ''; });
      return { row, x: num(xi), y: num(yi), attributes };
    });
  }
  if (points.length === 0) {
    throw new ProspectError(`${file}, row ${firstRow + 1}, column '${xName}': the file holds no deposits.`, 'NO_DATA_ROWS',
      { file, row: firstRow + 1, column: xName });
  }
  return { points, format, fields, ...(fileCrs ? { fileCrs } : {}), xName, yName, firstRow, ...(layer ? { layer } : {}), notes };
}

/** Reads deposits and projects them into `targetCrs`. Errors name the file, the row/feature and the column. */
export async function importDeposits(file: string, options: DepositImportOptions, opts: TaskOptions = {}): Promise<DepositImport> {
  const read = await readDepositPoints(file, options, opts);
  const { format, fields, fileCrs, xName, yName, firstRow, layer, notes } = read;
  let points = read.points;
  let typeFilter: TypeFilterReport | undefined;
  if (options.typeColumn || options.types?.length) {
    if (!options.typeColumn) {
      throw new ProspectError(`${file}, row ${firstRow}, column '(type)': types were given without the column that holds them. ` +
        'Name the type column too (--type-column COL).', 'BAD_ARGS', { file, row: firstRow, column: '(type)' });
    }
    const f = filterByType(points, fields, options.typeColumn, options.types, file, firstRow);
    points = f.kept;
    typeFilter = f.report;
    notes.push(`site types: kept ${typeFilter.types.join(', ')} of column '${typeFilter.column}' (${typeFilter.kept} rows); ` +
      `dropped ${typeFilter.dropped} of other types`);
  }

  const at = { file, row: firstRow, column: xName };
  let crs: Crs;
  if (options.crs != null && options.crs !== '') {
    crs = parseCrs(options.crs, at);
    if (fileCrs && fileCrs !== crs.code) notes.push(`crs ${crs.code} given; the file says ${fileCrs.slice(0, 60)} (ignored)`);
  } else if (fileCrs) {
    crs = parseCrs(fileCrs, at);
  } else {
    const bad = points.find((p) => Math.abs(p.x) > 180 || Math.abs(p.y) > 90);
    if (bad) {
      throw new ProspectError(`${file}, row ${bad.row}, column '${xName}': the coordinates look projected (${bad.x}, ${bad.y}) ` +
        "and the file states no CRS. Pass crs, e.g. 'EPSG:3067'.", 'CRS_REQUIRED', { file, row: bad.row, column: xName });
    }
    crs = parseCrs('EPSG:4326');
    notes.push('crs: not stated; every point is a valid longitude/latitude, so EPSG:4326 was assumed');
  }
  const target = parseCrs(options.targetCrs, at);
  const proj = makeTransformer(crs, target)(points.map((p) => p.x), points.map((p) => p.y));
  const nameColumn = pick(fields, options.nameColumn, NAME_GUESS, file, firstRow, 'name');
  const idColumn = pick(fields, options.idColumn, ID_GUESS, file, firstRow, 'id');
  const deposits: DepositRecord[] = points.map((p, i) => {
    if (!Number.isFinite(proj.x[i]) || !Number.isFinite(proj.y[i]) || (crs.geographic && (Math.abs(p.x) > 180 || Math.abs(p.y) > 90))) {
      throw new ProspectError(`${file}, row ${p.row}, column '${xName}': the point (${p.x}, ${p.y}) is not a valid position in ` +
        `${crs.code}. Check the coordinates and the CRS.`, 'BAD_COORDINATE', { file, row: p.row, column: xName });
    }
    const id = (idColumn && p.attributes[idColumn]) || `${format === 'shapefile' ? 'record' : format === 'geopackage' ? 'fid' : 'row'}-${p.row}`;
    const d: DepositRecord = { id: id + (p.idSuffix ?? ''), x: proj.x[i], y: proj.y[i], row: p.row, attributes: p.attributes };
    if (nameColumn && p.attributes[nameColumn]) d.name = p.attributes[nameColumn];
    if (crs.geographic) { d.lon = p.x; d.lat = p.y; }
    return d;
  });
  const ids = new Set<string>();
  for (const d of deposits) {
    if (ids.has(d.id)) { notes.push(`id '${d.id}' occurs more than once`); }
    ids.add(d.id);
  }
  const coincident = coincidentDeposits(deposits);
  notes.push(...coincidentNotes(coincident));
  opts.onProgress?.({ step: 'import', done: 1, total: 1, message: `${deposits.length} deposits` });
  return {
    deposits,
    report: {
      file: path.resolve(file), format, ...(layer ? { layer } : {}), count: deposits.length, crs: crs.code, targetCrs: target.code, x: xName, y: yName,
      ...(nameColumn ? { nameColumn } : {}), ...(idColumn ? { idColumn } : {}), ...(typeFilter ? { typeFilter } : {}),
      ...(coincident.length ? { coincident } : {}), notes,
    },
  };
}

function readGeoJson(file: string): { points: RawPoint[]; fields: string[]; crs?: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ProspectError(`${file}, row 1, column '(json)': not valid JSON (${(e as Error).message}).`, 'BAD_GEOJSON',
      { file, row: 1, column: '(json)' });
  }
  const o = doc as { type?: string; features?: unknown[]; crs?: { properties?: { name?: string } } };
  const features = o.type === 'FeatureCollection' ? (o.features ?? []) : o.type === 'Feature' ? [o] : [{ type: 'Feature', geometry: o, properties: {} }];
  let crs: string | undefined;
  const name = o.crs?.properties?.name;
  if (name) {
    const m = /EPSG:{1,2}(\d+)$/i.exec(name);
    crs = m ? `EPSG:${m[1]}` : /CRS84$/i.test(name) ? 'EPSG:4326' : name;
  }
  const fields = new Set<string>();
  const points: RawPoint[] = [];
  features.forEach((f, k) => {
    const feature = f as { geometry?: { type?: string; coordinates?: unknown }; properties?: Record<string, unknown> | null };
    const row = k + 1;
    const attributes: Record<string, string> = {};
    for (const [key, v] of Object.entries(feature.properties ?? {})) { fields.add(key); attributes[key] = v === null || v === undefined ? '' : String(v); }
    const g = feature.geometry;
    const where = { file, row, column: 'geometry' };
    if (!g) throw new ProspectError(`${file}, row ${row} (feature ${row}), column 'geometry': the feature has no geometry.`, 'BAD_GEOJSON', where);
    const pt = (c: unknown, suffix?: string): void => {
      const a = c as number[];
      if (!Array.isArray(a) || a.length < 2 || typeof a[0] !== 'number' || typeof a[1] !== 'number') {
        throw new ProspectError(`${file}, row ${row} (feature ${row}), column 'geometry': the coordinates ${JSON.stringify(c)?.slice(0, 60)} ` +
          'are not an [x, y] pair of numbers.', 'BAD_COORDINATE', where);
      }
      points.push({ row, x: a[0], y: a[1], attributes, ...(suffix ? { idSuffix: suffix } : {}) });
    };
    if (g.type === 'Point') pt(g.coordinates);
    else if (g.type === 'MultiPoint' && Array.isArray(g.coordinates)) g.coordinates.forEach((c, i) => pt(c, `-${i + 1}`));
    else {
      throw new ProspectError(`${file}, row ${row} (feature ${row}), column 'geometry': the geometry is a ${g.type}; deposits ` +
        'must be Point or MultiPoint features (use polygon centroids).', 'BAD_GEOJSON', where);
    }
  });
  return { points, fields: [...fields], crs };
}
