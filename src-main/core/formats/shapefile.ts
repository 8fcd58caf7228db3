// A small reader for ESRI Shapefile points (.shp + .dbf, optional .prj/.cpg): deposit lists come as shapefiles
// from GIS offices, and the points case is a few dozen lines, so no dependency is needed.
import { existsSync, readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { ProspectError } from '../types';

export interface ShapePoint {
  /** 1-based record (feature) number in the .shp. */
  record: number;
  /** Index within a MultiPoint record (0 for Point). */
  part: number;
  x: number;
  y: number;
  attributes: Record<string, string>;
}

export interface Shapefile {
  points: ShapePoint[];
  fields: string[];
  /** Text of the .prj file, when there is one. */
  prj?: string;
  encoding: string;
}

const SHAPE_NAMES: Record<number, string> = {
  0: 'Null', 1: 'Point', 3: 'PolyLine', 5: 'Polygon', 8: 'MultiPoint', 11: 'PointZ', 13: 'PolyLineZ', 15: 'PolygonZ',
  18: 'MultiPointZ', 21: 'PointM', 23: 'PolyLineM', 25: 'PolygonM', 28: 'MultiPointM', 31: 'MultiPatch',
};

function sibling(shp: string, ext: string): string | undefined {
  const base = shp.replace(/\.shp$/i, '');
  for (const e of [ext, ext.toUpperCase()]) if (existsSync(base + e)) return base + e;
  return undefined;
}

export function readShapefilePoints(shpFile: string): Shapefile {
  const bad = (msg: string, record = 0, column = 'geometry'): ProspectError =>
    new ProspectError(`${shpFile}, row ${record}, column '${column}': ${msg}`, 'BAD_SHAPEFILE', { file: shpFile, row: record, column });
  const shp = readFileSync(shpFile);
  if (shp.length < 100 || shp.readInt32BE(0) !== 9994) {
    throw bad('this is not an ESRI shapefile (.shp header missing). Export the deposits as a point shapefile, GeoJSON or CSV.');
  }
  const fileType = shp.readInt32LE(32);
  if (![0, 1, 8, 11, 18, 21, 28].includes(fileType)) {
    throw bad(`the shapefile holds ${SHAPE_NAMES[fileType] ?? `type ${fileType}`} shapes; deposits must be points ` +
      '(convert polygons to their centroids in a GIS first).');
  }
  const dbfFile = sibling(shpFile, '.dbf');
  const cpgFile = sibling(shpFile, '.cpg');
  const prjFile = sibling(shpFile, '.prj');
  const cpg = cpgFile ? readFileSync(cpgFile, 'latin1').trim() : undefined;
  const encoding = dbfEncoding(cpg);
  const { fields, rows } = dbfFile ? readDbf(dbfFile, encoding) : { fields: [], rows: [] as Record<string, string>[] };

  const points: ShapePoint[] = [];
  const end = Math.min(shp.length, shp.readInt32BE(24) * 2);
  let off = 100;
  let rec = 0;
  while (off + 8 <= end) {
    rec++;
    const len = shp.readInt32BE(off + 4) * 2;
    const c = off + 8;
    if (c + len > shp.length || len < 4) throw bad('the .shp file is truncated inside this record.', rec);
    const type = shp.readInt32LE(c);
    const attributes = rows[rec - 1] ?? {};
    if (type === 0) throw bad('the feature has no geometry (a null shape). Give it a location or delete it.', rec);
    if (type === 1 || type === 11 || type === 21) {
      points.push({ record: rec, part: 0, x: shp.readDoubleLE(c + 4), y: shp.readDoubleLE(c + 12), attributes });
    } else if (type === 8 || type === 18 || type === 28) {
      const n = shp.readInt32LE(c + 36);
      if (c + 40 + n * 16 > c + len) throw bad('the MultiPoint record is shorter than its point count says.', rec);
      for (let k = 0; k < n; k++) {
        points.push({ record: rec, part: k, x: shp.readDoubleLE(c + 40 + k * 16), y: shp.readDoubleLE(c + 48 + k * 16), attributes });
      }
    } else {
      throw bad(`the feature is a ${SHAPE_NAMES[type] ?? `type ${type}`}, not a point.`, rec);
    }
    off = c + len;
  }
  return { points, fields, prj: prjFile ? readFileSync(prjFile, 'latin1').trim() : undefined, encoding };
}

export function dbfEncoding(cpg: string | undefined): string {
  if (!cpg) return 'utf-8'; // GDAL writes UTF-8 and a .cpg; without one, try UTF-8 and fall back per file
  const c = cpg.toLowerCase().replace(/^ansi\s*/, 'cp');
  if (c.includes('utf')) return 'utf-8';
  if (/^(cp)?936$|gbk|gb2312|gb18030/.test(c)) return 'gb18030';
  if (/^\d+$/.test(c)) return `cp${c}`;
  return iconv.encodingExists(c) ? c : 'latin1';
}

export function readDbf(file: string, encoding: string): { fields: string[]; rows: Record<string, string>[] } {
  const b = readFileSync(file);
  if (b.length < 32) throw new ProspectError(`${file}, row 0, column '(header)': the .dbf file is truncated.`, 'BAD_SHAPEFILE', { file, row: 0, column: '(header)' });
  const n = b.readUInt32LE(4);
  const headerLen = b.readUInt16LE(8);
  const recLen = b.readUInt16LE(10);
  const fields: { name: string; offset: number; length: number }[] = [];
  let fo = 1;
  for (let p = 32; p + 32 <= headerLen && b[p] !== 0x0d; p += 32) {
    const nameEnd = b.indexOf(0, p);
    const name = b.subarray(p, Math.min(nameEnd < 0 ? p + 11 : nameEnd, p + 11)).toString('latin1');
    const length = b[p + 16];
    fields.push({ name, offset: fo, length });
    fo += length;
  }
  let enc = encoding;
  if (enc === 'utf-8') {
    try { new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(headerLen)); } catch { enc = 'latin1'; }
  }
  const rows: Record<string, string>[] = [];
  for (let r = 0; r < n; r++) {
    const o = headerLen + r * recLen;
    if (o + recLen > b.length) {
      throw new ProspectError(`${file}, row ${r + 1}, column '${fields[0]?.name ?? '?'}': the .dbf file is truncated.`,
        'BAD_SHAPEFILE', { file, row: r + 1, column: fields[0]?.name ?? '?' });
    }
    const row: Record<string, string> = {};
    for (const f of fields) row[f.name] = iconv.decode(b.subarray(o + f.offset, o + f.offset + f.length), enc).trim();
    rows.push(row);
  }
  return { fields: fields.map((f) => f.name), rows };
}

/** EPSG code of the common .prj texts, else the WKT itself for proj4 to read. */
export function prjCrs(wkt: string, notes: string[]): string {
  const m = /AUTHORITY\["EPSG",\s*"?(\d+)"?\]\s*\]\s*$/i.exec(wkt) ?? /ID\["EPSG",\s*(\d+)\]\s*\]\s*$/i.exec(wkt);
  if (m) return `EPSG:${m[1]}`;
  const name = /^(?:PROJCS|GEOGCS|PROJCRS|GEOGCRS)\["([^"]+)"/i.exec(wkt)?.[1] ?? '';
  const utm = /WGS[_ ]?(?:19)?84[_ /]+UTM[_ ]zone[_ ](\d+)([NS])/i.exec(name);
  if (utm) return `EPSG:${utm[2].toUpperCase() === 'N' ? 326 : 327}${utm[1].padStart(2, '0')}`;
  if (/TM35FIN/i.test(name)) return 'EPSG:3067';
  if (/^GCS_WGS_1984$|^WGS 84$/i.test(name)) return 'EPSG:4326';
  if (/^GCS_GDA_1994$|^GDA94$/i.test(name)) return 'EPSG:4283';
  const mga = /GDA(?:_19)?94[_ /]+MGA[_ ]zone[_ ](\d+)/i.exec(name);
  if (mga) return `EPSG:283${mga[1]}`;
  const mga20 = /GDA2020[_ /]+MGA[_ ]zone[_ ](\d+)/i.exec(name);
  if (mga20) return `EPSG:78${mga20[1]}`;
  if (/^GDA2020[_ /]+GA[_ ]LCC$/i.test(name)) return 'EPSG:7845';
  notes.push(`crs read from the .prj WKT '${name}' by proj4`);
  return wkt;
}
