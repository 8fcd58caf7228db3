// A GeoPackage feature layer of any geometry into a vector layer (the store's reader takes points only).
import Database from 'better-sqlite3';
import { ProspectError } from '../../types';
import { readGpkgHeader } from '../../formats/gpkg-geometry';
import { describeLayers, listGpkgLayers, pickLayer } from '../../formats/gpkg-layers';
import { layerGeometryType, type VectorFeature, type VectorLayer } from './geometry';
import { parseWkb } from './wkb';

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

export function readGpkgVector(file: string, wanted?: string): VectorLayer {
  const layers = listGpkgLayers(file); // refuses what is not a GeoPackage, naming the file
  const name = pickLayer(file, layers.map((l) => l.name), wanted, () => describeLayers(layers));
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const info = db.prepare('SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?').get(name) as { column_name: string; srs_id: number };
    const srs = db.prepare('SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?').get(info.srs_id) as
      { organization: string; organization_coordsys_id: number; definition: string } | undefined;
    const crs = !srs || info.srs_id <= 0 ? undefined : srs.organization?.toUpperCase() === 'EPSG' ? `EPSG:${srs.organization_coordsys_id}`
      : srs.definition && srs.definition !== 'undefined' ? srs.definition : undefined;
    const columns = db.prepare('SELECT name, pk FROM pragma_table_info(?)').all(name) as { name: string; pk: number }[];
    const pk = columns.find((c) => c.pk === 1)?.name;
    const fields = columns.map((c) => c.name).filter((c) => c !== pk && c !== info.column_name);
    const features: VectorFeature[] = [];
    const select = `SELECT ${pk ? q(pk) : 'rowid'} AS fid__, ${q(info.column_name)} AS geom__${fields.map((f) => `, ${q(f)}`).join('')} FROM ${q(name)} ORDER BY 1`;
    for (const r of db.prepare(select).iterate() as IterableIterator<Record<string, unknown>>) {
      const id = Number(r.fid__);
      const attributes: VectorFeature['attributes'] = {};
      for (const f of fields) {
        const v = r[f];
        attributes[f] = v === null || v === undefined ? null : typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : String(v);
      }
      let geometry: VectorFeature['geometry'] = null;
      const g = r.geom__ as Buffer | null;
      if (g) {
        try {
          const h = readGpkgHeader(g);
          if (!h.empty) geometry = parseWkb(g, h.wkbOffset).geometry;
        } catch (e) {
          throw new ProspectError(`${file}, layer '${name}', row ${id} (fid), column '${info.column_name}': the geometry cannot be read ` +
            `(${(e as Error).message}).`, 'BAD_GEOMETRY', { file, row: id, column: info.column_name, layer: name });
        }
      }
      features.push({ id, geometry, attributes });
    }
    return { file, name, crs, fields, geometryType: layerGeometryType(file, features), features };
  } finally {
    db.close();
  }
}
