// Reading point layers out of any GeoPackage (a GIS office's, or one of ours): its feature layers, their CRS, and
// their features as points with their attributes as text, as a CSV export of the layer would hold them.
import Database from 'better-sqlite3';
import { ProspectError } from '../types';
import { readGpkgHeader, wkbPoints } from './gpkg-geometry';

export interface GpkgLayerInfo {
  name: string;
  geometryType: string;
  features: number;
}

export interface GpkgFeature {
  /** The feature id (the layer's integer primary key), which GIS tools show as fid. */
  fid: number;
  /** The points of a point or multipoint geometry; empty for an empty or null geometry. */
  points: [number, number][];
  attributes: Record<string, string>;
}

export interface GpkgLayer {
  name: string;
  /** Attribute columns in table order (not the fid, not the geometry). */
  fields: string[];
  geometryColumn: string;
  /** 'EPSG:n' when the layer's SRS is an EPSG code, else its WKT definition; undefined when undefined (srs_id 0, -1). */
  crs?: string;
  features: GpkgFeature[];
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

function open(file: string): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.prepare("SELECT 1 FROM gpkg_contents WHERE data_type = 'features' LIMIT 1").get();
  } catch (e) {
    throw new ProspectError(`${file}, row 1, column '--layer': this is not a GeoPackage with feature layers ` +
      `(${(e as Error).message}). Export the layer from your GIS as a GeoPackage, a shapefile or CSV.`, 'NOT_GEOPACKAGE',
    { file, row: 1, column: '--layer' });
  }
  return db;
}

function layerRows(db: Database.Database): { table_name: string; column_name: string; geometry_type_name: string; srs_id: number }[] {
  return db.prepare(`SELECT c.table_name, g.column_name, g.geometry_type_name, g.srs_id FROM gpkg_contents c
    JOIN gpkg_geometry_columns g ON g.table_name = c.table_name WHERE c.data_type = 'features' ORDER BY c.table_name`).all() as never;
}

/** The feature layers of a GeoPackage, with their geometry type and feature count. */
export function listGpkgLayers(file: string): GpkgLayerInfo[] {
  const db = open(file);
  try {
    return layerRows(db).map((r) => ({
      name: r.table_name, geometryType: r.geometry_type_name,
      features: (db.prepare(`SELECT count(*) AS n FROM ${q(r.table_name)}`).get() as { n: number }).n,
    }));
  } finally {
    db.close();
  }
}

/** The layers as the errors list them: name, geometry type and count. */
export function describeLayers(layers: GpkgLayerInfo[]): string {
  return layers.map((l) => `'${l.name}' (${l.features} ${l.geometryType.toLowerCase()} features)`).join(', ');
}

/**
 * Picks the layer named `wanted` (exactly, else the one name equal ignoring case), or the only feature layer when
 * none is named; an unknown or ambiguous name, or several layers and no name, is an error listing the layers.
 */
export function pickLayer(file: string, names: string[], wanted: string | undefined, list: () => string): string {
  const at = { file, row: 1, column: '--layer' };
  if (wanted === undefined || wanted === '') {
    if (names.length === 1) return names[0];
    throw new ProspectError(names.length === 0
      ? `${file}: the file holds no feature layer.`
      : `${file}: the file holds ${names.length} layers; choose one with --layer NAME. Layers: ${list()}.`, 'LAYER_REQUIRED', at);
  }
  if (names.includes(wanted)) return wanted;
  const same = names.filter((n) => n.toLowerCase() === wanted.toLowerCase());
  if (same.length === 1) return same[0];
  throw new ProspectError(same.length > 1
    ? `${file}: --layer '${wanted}' matches ${same.map((n) => `'${n}'`).join(' and ')}, which differ only in case: give the exact name. Layers: ${list()}.`
    : `${file}: there is no layer '${wanted}'. Layers: ${list()}.`, same.length > 1 ? 'LAYER_AMBIGUOUS' : 'NO_LAYER', at);
}

function layerCrs(db: Database.Database, srsId: number): string | undefined {
  const r = db.prepare('SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?').get(srsId) as
    { organization: string; organization_coordsys_id: number; definition: string } | undefined;
  if (!r || srsId <= 0) return undefined;
  if (r.organization?.toUpperCase() === 'EPSG') return `EPSG:${r.organization_coordsys_id}`;
  return r.definition && r.definition !== 'undefined' ? r.definition : undefined;
}

function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (Buffer.isBuffer(v)) return v.toString('hex');
  return String(v);
}

/** Reads one layer (see pickLayer) with every feature; a geometry that is not a point is an error naming its fid. */
export function readGpkgLayer(file: string, wanted?: string): GpkgLayer {
  const db = open(file);
  try {
    const rows = layerRows(db);
    const name = pickLayer(file, rows.map((r) => r.table_name), wanted, () => describeLayers(listGpkgLayers(file)));
    const info = rows.find((r) => r.table_name === name)!;
    const columns = db.prepare(`SELECT name, pk FROM pragma_table_info(?)`).all(name) as { name: string; pk: number }[];
    const pk = columns.find((c) => c.pk === 1)?.name;
    const fields = columns.map((c) => c.name).filter((c) => c !== pk && c !== info.column_name);
    const features: GpkgFeature[] = [];
    const select = `SELECT ${pk ? q(pk) : 'rowid'} AS fid__, ${q(info.column_name)} AS geom__${fields.map((f) => `, ${q(f)}`).join('')} FROM ${q(name)} ORDER BY 1`;
    for (const r of db.prepare(select).iterate() as IterableIterator<Record<string, unknown>>) {
      const fid = Number(r.fid__);
      const attributes: Record<string, string> = {};
      for (const f of fields) attributes[f] = text(r[f]);
      const g = r.geom__ as Buffer | null;
      let points: [number, number][] = [];
      if (g) {
        const where = { file, row: fid, column: info.column_name, layer: name };
        let h;
        try {
          h = readGpkgHeader(g);
        } catch (e) {
          throw new ProspectError(`${file}, layer '${name}', row ${fid} (fid), column '${info.column_name}': the geometry cannot be read ` +
            `(${(e as Error).message}).`, 'BAD_GEOMETRY', where);
        }
        if (!h.empty) {
          points = wkbPoints(g, h.wkbOffset);
          if (points.length === 0) {
            throw new ProspectError(`${file}, layer '${name}', row ${fid} (fid), column '${info.column_name}': the feature is a ` +
              `${info.geometry_type_name.toLowerCase()}, not a point. Use a point layer (in QGIS: Vector > Geometry Tools > Centroids).`,
            'NOT_POINTS', where);
          }
        }
      }
      features.push({ fid, points, attributes });
    }
    return { name, fields, geometryColumn: info.column_name, crs: layerCrs(db, info.srs_id), features };
  } finally {
    db.close();
  }
}
