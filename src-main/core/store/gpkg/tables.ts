// Feature and coverage tables as GeoPackage layers: creating, registering (contents, geometry columns, extensions,
// the R-tree index with its triggers) and dropping them. Callers run inside a transaction.
import type { Project } from '../project';

export type FieldType = 'TEXT' | 'INTEGER' | 'REAL';
export interface FieldDef { name: string; type: FieldType }
export type Cell = string | number | null;

export interface FeatureLayer {
  table: string;
  /** What QGIS shows as the layer's title (gpkg_contents.identifier). */
  title: string;
  description: string;
  geometry: 'POINT' | 'POLYGON';
  fields: FieldDef[];
  rows: { geom: Buffer | null; values: Cell[] }[];
  /** [minx, miny, maxx, maxy] of the features, or null when there are none. */
  bounds: [number, number, number, number] | null;
}

export const q = (id: string) => `"${id.replace(/"/g, '""')}"`;

const RTREE_DEF = 'http://www.geopackage.org/spec120/#extension_rtree';

/** Removes a layer (feature or coverage) and every row that registers it. */
export function dropLayer(p: Project, table: string): void {
  const db = p.db;
  db.exec(`DROP TABLE IF EXISTS ${q(table)}; DROP TABLE IF EXISTS ${q(`rtree_${table}_geom`)};`);
  db.prepare('DELETE FROM gpkg_2d_gridded_tile_ancillary WHERE tpudt_name = ?').run(table);
  db.prepare('DELETE FROM gpkg_2d_gridded_coverage_ancillary WHERE tile_matrix_set_name = ?').run(table);
  db.prepare('DELETE FROM gpkg_tile_matrix WHERE table_name = ?').run(table);
  db.prepare('DELETE FROM gpkg_tile_matrix_set WHERE table_name = ?').run(table);
  db.prepare('DELETE FROM gpkg_extensions WHERE table_name = ? OR table_name = ?').run(table, `rtree_${table}_geom`);
  db.prepare('DELETE FROM gpkg_geometry_columns WHERE table_name = ?').run(table);
  db.prepare('DELETE FROM layer_styles WHERE f_table_name = ?').run(table);
  db.prepare('DELETE FROM gpkg_contents WHERE table_name = ?').run(table);
}

/** The layer tables registered in gpkg_contents (features and coverages), for dropping ones no longer built. */
export function registeredLayers(p: Project): string[] {
  return (p.db.prepare("SELECT table_name FROM gpkg_contents WHERE data_type IN ('features', '2d-gridded-coverage') ORDER BY table_name").all() as { table_name: string }[])
    .map((r) => r.table_name);
}

/** Creates the table, fills it, and indexes it in an R-tree kept current by the standard's triggers. */
export function writeFeatureLayer(p: Project, srsId: number, layer: FeatureLayer): void {
  const { table } = layer;
  const db = p.db;
  dropLayer(p, table);
  const cols = layer.fields.map((f) => `${q(f.name)} ${f.type}`).join(', ');
  db.exec(`CREATE TABLE ${q(table)} (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom ${layer.geometry}${cols ? `, ${cols}` : ''})`);
  const names = ['geom', ...layer.fields.map((f) => q(f.name))];
  const ins = db.prepare(`INSERT INTO ${q(table)} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`);
  for (const r of layer.rows) ins.run(r.geom, ...r.values);
  const b = layer.bounds;
  db.prepare('INSERT INTO gpkg_contents(table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id) VALUES (?,?,?,?,?,?,?,?,?)')
    .run(table, 'features', layer.title, layer.description, b?.[0] ?? null, b?.[1] ?? null, b?.[2] ?? null, b?.[3] ?? null, srsId);
  db.prepare('INSERT INTO gpkg_geometry_columns VALUES (?,?,?,?,0,0)').run(table, 'geom', layer.geometry, srsId);
  createRtree(p, table);
}

function createRtree(p: Project, table: string): void {
  const t = q(table), r = q(`rtree_${table}_geom`);
  const env = (g: string) => `ST_MinX(${g}), ST_MaxX(${g}), ST_MinY(${g}), ST_MaxY(${g})`;
  const trig = (suffix: string) => q(`rtree_${table}_geom_${suffix}`);
  p.db.exec(`
    CREATE VIRTUAL TABLE ${r} USING rtree(id, minx, maxx, miny, maxy);
    INSERT INTO ${r} SELECT fid, ${env('geom')} FROM ${t} WHERE geom NOT NULL AND NOT ST_IsEmpty(geom);
    CREATE TRIGGER ${trig('insert')} AFTER INSERT ON ${t} WHEN (new.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom))
    BEGIN INSERT OR REPLACE INTO ${r} VALUES (NEW.fid, ${env('NEW.geom')}); END;
    CREATE TRIGGER ${trig('update1')} AFTER UPDATE OF geom ON ${t} WHEN OLD.fid = NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
    BEGIN INSERT OR REPLACE INTO ${r} VALUES (NEW.fid, ${env('NEW.geom')}); END;
    CREATE TRIGGER ${trig('update2')} AFTER UPDATE OF geom ON ${t} WHEN OLD.fid = NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
    BEGIN DELETE FROM ${r} WHERE id = OLD.fid; END;
    CREATE TRIGGER ${trig('update3')} AFTER UPDATE ON ${t} WHEN OLD.fid != NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
    BEGIN DELETE FROM ${r} WHERE id = OLD.fid; INSERT OR REPLACE INTO ${r} VALUES (NEW.fid, ${env('NEW.geom')}); END;
    CREATE TRIGGER ${trig('update4')} AFTER UPDATE ON ${t} WHEN OLD.fid != NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
    BEGIN DELETE FROM ${r} WHERE id IN (OLD.fid, NEW.fid); END;
    CREATE TRIGGER ${trig('delete')} AFTER DELETE ON ${t} WHEN old.geom NOT NULL
    BEGIN DELETE FROM ${r} WHERE id = OLD.fid; END;
  `);
  p.db.prepare("INSERT INTO gpkg_extensions VALUES (?, 'geom', 'gpkg_rtree_index', ?, 'write-only')").run(table, RTREE_DEF);
}
