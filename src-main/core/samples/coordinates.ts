// Stage 3 of the sample import: the file's CRS (stated or recognised as lon/lat), a check that the coordinates fit
// it, bad coordinates, the target CRS, the projection and the extent filter.
import { ProspectError, throwIfAborted, type TaskOptions } from '../types';
import { checkCoordinatesFitCrs, finiteExtent, makeTransformer, parseCrs, utmZoneFor, type Crs } from '../util/crs';
import type { ImportReport, SampleImportOptions } from './import-types';
import type { ReadRows } from './read-rows';

export const STATUS = { kept: 0, duplicate: 1, bad: 2, outside: 3 } as const;

export interface Placed {
  crs: Crs;
  target: Crs;
  /** Projected coordinates, one per read row. */
  px: Float64Array;
  py: Float64Array;
  /** Per read row: a STATUS value. */
  status: Uint8Array;
  reprojection: ImportReport['reprojection'];
}

function fileCrs(rows: ReadRows, options: SampleImportOptions, notes: string[]): Crs {
  const { file, headerRow, map, X, Y, n } = rows;
  const at = { file, row: headerRow, column: map.x.column };
  if (options.crs != null && options.crs !== '' && String(options.crs).toLowerCase() !== 'auto') {
    const crs = parseCrs(options.crs, at);
    checkCoordinatesFitCrs(crs, X, Y, at);
    return crs;
  }
  let allLonLat = true;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(X[i]) || !Number.isFinite(Y[i])) continue;
    if (Math.abs(X[i]) > 180 || Math.abs(Y[i]) > 90) allLonLat = false;
  }
  const ext = finiteExtent(X, Y);
  if (ext && !allLonLat && !map.namedLonLat) {
    throw new ProspectError(`${file}, row ${headerRow}, column '${map.x.column}': the coordinates look projected ` +
      `(x ${ext.xmin}..${ext.xmax}, y ${ext.ymin}..${ext.ymax}) and no CRS was given. Pass crs, e.g. 'EPSG:32635' for UTM 35N ` +
      "or 'EPSG:3067' for TM35FIN.", 'CRS_REQUIRED', at);
  }
  const crs = parseCrs('EPSG:4326', at);
  checkCoordinatesFitCrs(crs, X, Y, at);
  notes.push('crs: not given; every coordinate is a valid longitude/latitude, so EPSG:4326 was assumed');
  return crs;
}

function targetCrs(rows: ReadRows, crs: Crs, status: Uint8Array, options: SampleImportOptions, notes: string[]): Crs {
  const { file, headerRow, map, X, Y, n } = rows;
  const at = { file, row: headerRow, column: map.x.column };
  let text: string;
  if (options.targetCrs != null && options.targetCrs !== '') {
    text = parseCrs(options.targetCrs, at).code;
  } else if (crs.geographic) {
    const lons: number[] = [], lats: number[] = [];
    for (let i = 0; i < n; i++) if (status[i] === STATUS.kept) { lons.push(X[i]); lats.push(Y[i]); }
    if (lons.length === 0) {
      throw new ProspectError(`${file}, row ${headerRow + 1}, column '${map.x.column}': no row has usable coordinates.`,
        'NO_COORDINATES', { file, row: headerRow + 1, column: map.x.column });
    }
    const med = (a: number[]): number => a.sort((p, q) => p - q)[a.length >> 1];
    text = utmZoneFor(med(lons), med(lats));
    notes.push(`targetCrs: not given; ${text}, the UTM zone of the samples' median position, was proposed`);
  } else {
    text = crs.code;
  }
  const target = parseCrs(text, at);
  if (target.geographic) {
    throw new ProspectError(`${file}, row ${headerRow}, column '${map.x.column}': the target CRS ${target.code} is in ` +
      'degrees; grids need metres. Choose a projected CRS such as the UTM zone of the area.', 'CRS_NOT_PROJECTED', at);
  }
  return target;
}

/** Decides every row's place: kept, bad coordinates, or outside the extent; duplicates are marked later. */
export function placeRows(rows: ReadRows, options: SampleImportOptions, notes: string[], opts: TaskOptions): Placed {
  const { X, Y, n } = rows;
  const status = new Uint8Array(n);
  const crs = fileCrs(rows, options, notes);
  // Bad coordinates: blanks, out-of-range degrees, and (0, 0), which survey exports use for "unknown".
  for (let i = 0; i < n; i++) {
    const bad = !Number.isFinite(X[i]) || !Number.isFinite(Y[i]) || (X[i] === 0 && Y[i] === 0) ||
      (crs.geographic && (Math.abs(X[i]) > 180 || Math.abs(Y[i]) > 90));
    if (bad) status[i] = STATUS.bad;
  }
  const target = targetCrs(rows, crs, status, options, notes);
  throwIfAborted(opts.signal);
  const proj = makeTransformer(crs, target)(X, Y);
  for (let i = 0; i < n; i++) {
    if (status[i] === STATUS.kept && (!Number.isFinite(proj.x[i]) || !Number.isFinite(proj.y[i]))) status[i] = STATUS.bad;
  }
  const ext = options.extent;
  if (ext) {
    for (let i = 0; i < n; i++) {
      if (status[i] === STATUS.kept && (proj.x[i] < ext.xmin || proj.x[i] > ext.xmax || proj.y[i] < ext.ymin || proj.y[i] > ext.ymax)) {
        status[i] = STATUS.outside;
      }
    }
  }
  const good = (i: number): boolean => status[i] === STATUS.kept;
  const reprojection = { from: crs.code, to: target.code, source: finiteExtent(X, Y, good), target: finiteExtent(proj.x, proj.y, good) };
  if (crs.code !== target.code && reprojection.source && reprojection.target) {
    const s = reprojection.source, t = reprojection.target;
    const r = (v: number): number => +v.toPrecision(8);
    notes.push(`reprojected ${crs.code} -> ${target.code}: x ${r(s.xmin)}..${r(s.xmax)}, y ${r(s.ymin)}..${r(s.ymax)} -> ` +
      `x ${Math.round(t.xmin)}..${Math.round(t.xmax)}, y ${Math.round(t.ymin)}..${Math.round(t.ymax)} m`);
  }
  return { crs, target, px: proj.x, py: proj.y, status, reprojection };
}
