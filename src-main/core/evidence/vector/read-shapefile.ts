// ESRI shapefiles of points, lines (PolyLine) or polygons, with their .dbf attributes and .prj CRS.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { dbfEncoding, prjCrs, readDbf } from '../../formats/shapefile';
import { ProspectError } from '../../types';
import { layerGeometryType, type VectorFeature, type VectorGeometry, type VectorLayer, type XY } from './geometry';

const POINT = [1, 11, 21], MULTIPOINT = [8, 18, 28], LINE = [3, 13, 23], POLYGON = [5, 15, 25];

function sibling(shp: string, ext: string): string | undefined {
  const base = shp.replace(/\.shp$/i, '');
  for (const e of [ext, ext.toUpperCase()]) if (existsSync(base + e)) return base + e;
  return undefined;
}

export function readShapefileVector(file: string): VectorLayer {
  const bad = (msg: string, row = 0): ProspectError =>
    new ProspectError(`${file}, row ${row}, column 'geometry': ${msg}`, 'BAD_SHAPEFILE', { file, row, column: 'geometry' });
  const shp = readFileSync(file);
  if (shp.length < 100 || shp.readInt32BE(0) !== 9994) throw bad('this is not an ESRI shapefile (.shp header missing).');
  const dbf = sibling(file, '.dbf');
  const cpg = sibling(file, '.cpg');
  const prj = sibling(file, '.prj');
  const { fields, rows } = dbf ? readDbf(dbf, dbfEncoding(cpg ? readFileSync(cpg, 'latin1').trim() : undefined)) : { fields: [], rows: [] };
  const features: VectorFeature[] = [];
  const end = Math.min(shp.length, shp.readInt32BE(24) * 2);
  let off = 100, rec = 0;
  while (off + 8 <= end) {
    rec++;
    const len = shp.readInt32BE(off + 4) * 2;
    const c = off + 8;
    if (c + len > shp.length || len < 4) throw bad('the .shp file is truncated inside this record.', rec);
    const type = shp.readInt32LE(c);
    let geometry: VectorGeometry | null = null;
    const xy = (o: number): XY => [shp.readDoubleLE(o), shp.readDoubleLE(o + 8)];
    if (POINT.includes(type)) geometry = { type: 'points', points: [xy(c + 4)] };
    else if (MULTIPOINT.includes(type)) {
      const n = shp.readInt32LE(c + 36);
      if (40 + n * 16 > len) throw bad('the MultiPoint record is shorter than its point count says.', rec);
      geometry = { type: 'points', points: Array.from({ length: n }, (_, k) => xy(c + 40 + k * 16)) };
    } else if (LINE.includes(type) || POLYGON.includes(type)) {
      const nParts = shp.readInt32LE(c + 36), nPoints = shp.readInt32LE(c + 40);
      const p0 = c + 44 + 4 * nParts;
      if (nParts < 0 || nPoints < 0 || 44 + 4 * nParts + 16 * nPoints > len) throw bad('the record is shorter than its part and point counts say.', rec);
      const parts: XY[][] = [];
      for (let k = 0; k < nParts; k++) {
        const s = shp.readInt32LE(c + 44 + 4 * k), e = k + 1 < nParts ? shp.readInt32LE(c + 48 + 4 * k) : nPoints;
        if (s < 0 || e > nPoints || s > e) throw bad(`part ${k + 1} points outside the record.`, rec);
        parts.push(Array.from({ length: e - s }, (_, j) => xy(p0 + (s + j) * 16)));
      }
      // A shapefile polygon lists all rings of all its polygons; filled by even-odd they need no grouping.
      geometry = LINE.includes(type) ? { type: 'lines', lines: parts } : { type: 'polygons', polygons: [parts] };
    } else if (type !== 0) {
      throw bad(`the feature is a shape of type ${type} (MultiPatch and others are not read).`, rec);
    }
    features.push({ id: rec, geometry, attributes: rows[rec - 1] ?? {} });
    off = c + len;
  }
  const notes: string[] = [];
  return {
    file, name: path.basename(file).replace(/\.shp$/i, ''), crs: prj ? prjCrs(readFileSync(prj, 'latin1').trim(), notes) : undefined,
    fields, geometryType: layerGeometryType(file, features), features,
  };
}
