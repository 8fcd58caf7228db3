// The project's CRS as a gpkg_spatial_ref_sys row. EPSG codes keep their number as srs_id (GDAL then takes the
// definition from its own EPSG database); a proj4/WKT CRS gets an id above the EPSG range.
import { epsgCode } from '../../util/crs';
import { crsWkt, crsProj4 } from '../../util/crs-wkt';
import type { Project } from '../project';

const USER_SRS_BASE = 100000;

/** The srs_id of `crs`, inserting its row when the file has none yet. */
export function ensureSrs(p: Project, crs: string): number {
  const code = epsgCode(crs);
  const def = crsWkt(crs) ?? crsProj4(crs);
  if (code !== null) {
    p.db.prepare('INSERT OR IGNORE INTO gpkg_spatial_ref_sys(srs_name, srs_id, organization, organization_coordsys_id, definition, description) VALUES (?,?,?,?,?,?)')
      .run(crs, code, 'EPSG', code, def, `${crs}, the project's CRS`);
    return code;
  }
  const found = p.db.prepare("SELECT srs_id FROM gpkg_spatial_ref_sys WHERE organization = 'NONE' AND description = ?").get(crs) as { srs_id: number } | undefined;
  if (found) return found.srs_id;
  const next = (p.db.prepare('SELECT max(srs_id) AS m FROM gpkg_spatial_ref_sys').get() as { m: number }).m;
  const id = Math.max(USER_SRS_BASE, next + 1);
  p.db.prepare('INSERT INTO gpkg_spatial_ref_sys(srs_name, srs_id, organization, organization_coordsys_id, definition, description) VALUES (?,?,?,?,?,?)')
    .run('Project CRS', id, 'NONE', id, def, crs);
  return id;
}
