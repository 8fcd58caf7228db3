// A Float32 grid as a GeoPackage 2D gridded coverage (OGC 17-066r1): one zoom level of 256 x 256 TIFF tiles, tile
// statistics in the tile ancillary table, all-nodata tiles left out (readers fill them with data_null).
import { encodeFloatTile } from '../../grid/tiff-tile';
import type { GridSpec } from '../../types';
import type { Project } from '../project';
import { dropLayer, q } from './tables';

export const COVERAGE_TILE = 256;
/** Stored in nodata cells and declared as data_null (SQLite cannot hold NaN). */
export const COVERAGE_NODATA = -9999;
const COVERAGE_DEF = 'http://docs.opengeospatial.org/is/17-066r1/17-066r1.html';

export interface CoverageLayer {
  table: string;
  title: string;
  description: string;
  spec: GridSpec;
  band: Float32Array;
  /** Unit of the values (uom), e.g. 'ppm'; null when unitless. */
  uom: string | null;
  fieldName: string;
}

export function writeCoverageLayer(p: Project, srsId: number, c: CoverageLayer): void {
  const { spec, band, table } = c;
  const T = COVERAGE_TILE;
  const db = p.db;
  dropLayer(p, table);
  const mw = Math.ceil(spec.width / T), mh = Math.ceil(spec.height / T);
  const xmax = spec.xmin + spec.width * spec.cellX, ymin = spec.ymax - spec.height * spec.cellY;
  db.exec(`CREATE TABLE ${q(table)} (id INTEGER PRIMARY KEY AUTOINCREMENT, zoom_level INTEGER NOT NULL,
    tile_column INTEGER NOT NULL, tile_row INTEGER NOT NULL, tile_data BLOB NOT NULL, UNIQUE (zoom_level, tile_column, tile_row))`);
  db.prepare('INSERT INTO gpkg_contents(table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id) VALUES (?,?,?,?,?,?,?,?,?)')
    .run(table, '2d-gridded-coverage', c.title, c.description, spec.xmin, ymin, xmax, spec.ymax, srsId);
  // The tile matrix set covers whole tiles; the contents bounds above give readers the grid's own extent.
  db.prepare('INSERT INTO gpkg_tile_matrix_set VALUES (?,?,?,?,?,?)')
    .run(table, srsId, spec.xmin, spec.ymax - mh * T * spec.cellY, spec.xmin + mw * T * spec.cellX, spec.ymax);
  db.prepare('INSERT INTO gpkg_tile_matrix VALUES (?,0,?,?,?,?,?,?)').run(table, mw, mh, T, T, spec.cellX, spec.cellY);
  db.prepare("INSERT INTO gpkg_2d_gridded_coverage_ancillary(tile_matrix_set_name, datatype, scale, offset, precision, data_null, grid_cell_encoding, uom, field_name, quantity_definition) VALUES (?, 'float', 1.0, 0.0, 1.0, ?, 'grid-value-is-area', ?, ?, ?)")
    .run(table, COVERAGE_NODATA, c.uom, c.fieldName, c.title);
  db.prepare("INSERT INTO gpkg_extensions VALUES (?, 'tile_data', 'gpkg_2d_gridded_coverage', ?, 'read-write')").run(table, COVERAGE_DEF);
  const insTile = db.prepare(`INSERT INTO ${q(table)} (zoom_level, tile_column, tile_row, tile_data) VALUES (0, ?, ?, ?)`);
  const insAnc = db.prepare('INSERT INTO gpkg_2d_gridded_tile_ancillary(tpudt_name, tpudt_id, scale, offset, min, max, mean, std_dev) VALUES (?,?,1.0,0.0,?,?,?,?)');
  const tile = new Float32Array(T * T);
  for (let ty = 0; ty < mh; ty++) {
    for (let tx = 0; tx < mw; tx++) {
      tile.fill(COVERAGE_NODATA);
      let n = 0, sum = 0, sum2 = 0, min = Infinity, max = -Infinity;
      for (let r = 0; r < T && ty * T + r < spec.height; r++) {
        const row0 = (ty * T + r) * spec.width + tx * T;
        const cols = Math.min(T, spec.width - tx * T);
        for (let k = 0; k < cols; k++) {
          const v = band[row0 + k];
          if (v !== v) continue;
          tile[r * T + k] = v;
          n++; sum += v; sum2 += v * v;
          if (v < min) min = v;
          if (v > max) max = v;
        }
      }
      if (n === 0) continue;
      const id = Number(insTile.run(tx, ty, encodeFloatTile(tile, T, T)).lastInsertRowid);
      const mean = sum / n;
      insAnc.run(table, id, min, max, mean, Math.sqrt(Math.max(0, sum2 / n - mean * mean)));
    }
  }
}
