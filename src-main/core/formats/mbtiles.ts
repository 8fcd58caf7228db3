// An offline basemap from an MBTiles file of raster tiles (web-mercator, 256 px, TMS rows). The tiles are not
// decoded here: each goes to the renderer as its PNG/JPEG/WEBP bytes with its four corners taken into the project's
// CRS, and the renderer draws it as a textured quad. Within one tile the map from mercator to the project's CRS is
// affine to well under a pixel, so a quad puts every pixel where a full reprojection would.
import { closeSync, openSync, readSync } from 'node:fs';
import Database from 'better-sqlite3';
import { ProspectError, type GridSpec } from '../types';
import { makeTransformer } from '../util/crs';
import { tileQuads, type Corner } from './tile-quads';
import type { TileFormat, BasemapTile, TileBasemap } from '../view-types';
import { tileImageSize } from './tile-image-size';

export type { TileFormat, BasemapTile, TileBasemap };

export type { Corner };

const EARTH = 2 * Math.PI * 6378137;
const TILE_PX = 256;
/** A tenth of a tile pixel: below what a screen shows when the map is drawn at the tiles' scale. */
const TOLERANCE_PX = 0.1;
/** Edge points per side when the extent goes to mercator: its edges bow, so corners alone can miss a tile. */
const EDGE_POINTS = 32;

/** Whether `file` is an SQLite file (or named .mbtiles): such files are read as MBTiles. */
export function looksLikeMbtiles(file: string): boolean {
  if (/\.mbtiles$/i.test(file)) return true;
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const head = Buffer.alloc(16);
    return readSync(fd, head, 0, 16, 0) === 16 && head.toString('latin1') === 'SQLite format 3\0';
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The mercator box of a tile at XYZ (z, x, y). */
export function tileMercatorBounds(z: number, x: number, y: number): { xmin: number; ymin: number; xmax: number; ymax: number } {
  const span = EARTH / 2 ** z;
  return { xmin: -EARTH / 2 + x * span, xmax: -EARTH / 2 + (x + 1) * span, ymax: EARTH / 2 - y * span, ymin: EARTH / 2 - (y + 1) * span };
}

function formatOf(data: Uint8Array): TileFormat | 'gzip' | null {
  if (data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47) return 'png';
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'jpg';
  if (data.length >= 12 && Buffer.from(data.subarray(0, 4)).toString('latin1') === 'RIFF' &&
    Buffer.from(data.subarray(8, 12)).toString('latin1') === 'WEBP') return 'webp';
  if (data[0] === 0x1f && data[1] === 0x8b) return 'gzip';
  return null;
}

const vectorTiles = (file: string): ProspectError => new ProspectError(`${file} holds vector tiles (format pbf); a basemap ` +
  'needs raster tiles (PNG, JPEG or WEBP). Render them to a raster MBTiles or GeoTIFF first.', 'BASEMAP_VECTOR_TILES', { file });

/** The grid's extent and the mercator box that covers it, from its corners and points along its edges. */
function mercatorBox(spec: GridSpec, file: string) {
  const extent = { xmin: spec.xmin, ymin: spec.ymax - spec.height * spec.cellY, xmax: spec.xmin + spec.width * spec.cellX, ymax: spec.ymax };
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i <= EDGE_POINTS; i++) {
    const t = i / EDGE_POINTS;
    const x = extent.xmin + t * (extent.xmax - extent.xmin);
    const y = extent.ymin + t * (extent.ymax - extent.ymin);
    xs.push(x, x, extent.xmin, extent.xmax);
    ys.push(extent.ymin, extent.ymax, y, y);
  }
  const m = makeTransformer(spec.crs, 'EPSG:3857')(xs, ys);
  let xmin = Infinity, xmax = -Infinity, ymin = Infinity, ymax = -Infinity;
  for (let i = 0; i < m.x.length; i++) {
    if (!Number.isFinite(m.x[i]!) || !Number.isFinite(m.y[i]!)) continue;
    xmin = Math.min(xmin, m.x[i]!); xmax = Math.max(xmax, m.x[i]!); ymin = Math.min(ymin, m.y[i]!); ymax = Math.max(ymax, m.y[i]!);
  }
  if (!(xmin < xmax && ymin < ymax)) {
    throw new ProspectError(`The project's grid (${spec.crs}) cannot be placed in web mercator to lay ${file} under it.`, 'BASEMAP_NO_OVERLAP', { file });
  }
  return { extent, merc: { xmin, ymin, xmax, ymax } };
}

/**
 * The zoom whose pixels best match the grid drawn at `maxSize` pixels a side (nearest on a log scale), never above
 * the file's maxzoom; the nearest zoom the file holds when it lacks that one.
 */
export function chooseZoom(mercSpan: { width: number; height: number }, maxSize: number, zooms: number[], maxzoom?: number): number {
  const px = Math.max(mercSpan.width, mercSpan.height) / Math.max(1, Math.floor(maxSize));
  const wanted = Math.round(Math.log2(EARTH / (TILE_PX * px)));
  // Metadata whose maxzoom is below every zoom held is wrong about the file: the zooms held are what there is.
  const allowed = zooms.filter((z) => maxzoom === undefined || z <= maxzoom);
  const pool = allowed.length ? allowed : zooms;
  // Ties go to the finer zoom: the sharper map for the same distance in scale.
  const dist = (z: number) => Math.abs(z - wanted);
  return pool.reduce((best, z) => (dist(z) < dist(best) || (dist(z) === dist(best) && z > best) ? z : best));
}

/** The most tile bytes one basemap sends to the renderer, and the largest tile picture it lets the renderer decode. */
export const MBTILES_MAX_BYTES = 64 * 2 ** 20;
export const TILE_MAX_PX = 2048;

export interface MbtilesOptions {
  maxSize: number;
  /** Most tiles one basemap may send (the renderer holds each as a texture). */
  maxTiles?: number;
}

/** The tiles of MBTiles `file` over the grid `spec`. Errors name the file. */
export function readMbtilesBasemap(file: string, spec: GridSpec, opts: MbtilesOptions): TileBasemap {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new ProspectError(`Cannot open ${file} as an MBTiles basemap: ${(err as Error).message}.`, 'BASEMAP_OPEN', { file });
  }
  try {
    let tables: Set<string>;
    try {
      tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')").all() as { name: string }[]).map((r) => r.name));
    } catch (err) {
      throw new ProspectError(`Cannot open ${file} as an MBTiles basemap: ${(err as Error).message}.`, 'BASEMAP_OPEN', { file });
    }
    if (!tables.has('tiles') || !tables.has('metadata')) {
      throw new ProspectError(`${file} is an SQLite file but not MBTiles (it has no ${tables.has('tiles') ? "'metadata'" : "'tiles'"} table); ` +
        'a basemap is an MBTiles of raster tiles or a GeoTIFF (gdal_translate -of MBTILES makes one).', 'BASEMAP_NOT_MBTILES', { file });
    }
    const meta = new Map((db.prepare('SELECT name, value FROM metadata').all() as { name: string; value: string }[]).map((r) => [String(r.name), String(r.value)]));
    const declared = meta.get('format')?.toLowerCase();
    if (declared === 'pbf' || declared === 'mvt') throw vectorTiles(file);
    const zooms = (db.prepare('SELECT DISTINCT zoom_level AS z FROM tiles ORDER BY z').all() as { z: number }[]).map((r) => Number(r.z));
    if (!zooms.length) throw new ProspectError(`${file} holds no tiles.`, 'BASEMAP_NO_TILES', { file });
    const maxzoomText = meta.get('maxzoom');
    const maxzoom = maxzoomText !== undefined && /^\d+$/.test(maxzoomText.trim()) ? Number(maxzoomText) : undefined;
    const { extent, merc } = mercatorBox(spec, file);
    const zoom = chooseZoom({ width: merc.xmax - merc.xmin, height: merc.ymax - merc.ymin }, opts.maxSize, zooms, maxzoom);
    const n = 2 ** zoom;
    const span = EARTH / n;
    const clamp = (v: number) => Math.min(n - 1, Math.max(0, v));
    const x0 = clamp(Math.floor((merc.xmin + EARTH / 2) / span));
    const x1 = clamp(Math.floor((merc.xmax + EARTH / 2) / span));
    const y0 = clamp(Math.floor((EARTH / 2 - merc.ymax) / span));
    const y1 = clamp(Math.floor((EARTH / 2 - merc.ymin) / span));
    // The file counts rows from the south (TMS): XYZ row y is stored as n - 1 - y.
    const where = 'zoom_level = ? AND tile_column BETWEEN ? AND ? AND tile_row BETWEEN ? AND ?';
    const args = [zoom, x0, x1, n - 1 - y1, n - 1 - y0];
    const count = (db.prepare(`SELECT COUNT(*) AS c FROM tiles WHERE ${where}`).get(...args) as { c: number }).c;
    const fmtExtent = `${spec.crs}, x ${extent.xmin}..${extent.xmax}, y ${extent.ymin}..${extent.ymax}`;
    if (count === 0) {
      throw new ProspectError(`${file} has no tiles over the project's grid (${fmtExtent}) at zoom ${zoom} ` +
        `(zooms ${zooms.join(', ')}); choose a basemap of the study area.`, 'BASEMAP_NO_OVERLAP', { file, zoom });
    }
    const maxTiles = opts.maxTiles ?? 4 * (Math.ceil(opts.maxSize / TILE_PX) + 1) ** 2;
    if (count > maxTiles) {
      throw new ProspectError(`${file} would need ${count} tiles at zoom ${zoom} (the coarsest near the map's scale it holds; ` +
        `zooms ${zooms.join(', ')}) to cover the project's grid, more than ${maxTiles}; add coarser zooms (gdaladdo).`, 'BASEMAP_TOO_MANY_TILES', { file, zoom });
    }
    // Bytes before they are loaded: the tiles cross to the renderer, which decodes them.
    const bytes = (db.prepare(`SELECT COALESCE(SUM(length(tile_data)), 0) AS b FROM tiles WHERE ${where}`).get(...args) as { b: number }).b;
    if (bytes > MBTILES_MAX_BYTES) {
      throw new ProspectError(`${file}: the ${count} tiles over the project's grid at zoom ${zoom} hold ${(bytes / 2 ** 20).toFixed(0)} MB, more than the ` +
        `${MBTILES_MAX_BYTES / 2 ** 20} MB a basemap may send; add coarser zooms (gdaladdo) or recompress the tiles (JPEG).`, 'BASEMAP_TOO_LARGE', { file, zoom, bytes });
    }
    const rows = db.prepare(`SELECT tile_column AS c, tile_row AS r, tile_data AS d FROM tiles WHERE ${where} ORDER BY tile_row DESC, tile_column`)
      .all(...args) as { c: number; r: number; d: Buffer | null }[];
    const toProject = makeTransformer('EPSG:3857', spec.crs);
    const tiles: BasemapTile[] = [];
    let errorPx = 0;
    for (const row of rows) {
      if (!row.d || row.d.length === 0) continue;
      const x = Number(row.c), y = n - 1 - Number(row.r);
      const format = formatOf(row.d);
      if (format === 'gzip' && !declared) throw vectorTiles(file);
      if (format === null || format === 'gzip') {
        throw new ProspectError(`${file}: tile z ${zoom}, column ${x}, row ${row.r} is not a PNG, JPEG or WEBP image.`, 'BASEMAP_TILE_FORMAT', { file, zoom });
      }
      // The renderer decodes the tile: one declaring a huge picture in a few bytes is refused, not sent.
      const size = tileImageSize(row.d);
      if (!size || size.width > TILE_MAX_PX || size.height > TILE_MAX_PX || size.width === 0 || size.height === 0) {
        throw new ProspectError(`${file}: tile z ${zoom}, column ${x}, row ${row.r} declares ${size ? `${size.width} x ${size.height} pixels` : 'no readable size'}; ` +
          `a basemap tile is at most ${TILE_MAX_PX} x ${TILE_MAX_PX} pixels.`, 'BASEMAP_TILE_SIZE', { file, zoom });
      }
      const q = tileQuads(tileMercatorBounds(zoom, x, y), TILE_PX, toProject, TOLERANCE_PX);
      const d = q.divisions;
      const corners: BasemapTile['corners'] = [q.points[0]!, q.points[d * (d + 1)]!, q.points[(d + 1) ** 2 - 1]!, q.points[d]!];
      errorPx = Math.max(errorPx, q.errorPx);
      // A plain Uint8Array: Buffer is a subclass that the web bridge would not carry as bytes.
      const data = new Uint8Array(row.d.buffer, row.d.byteOffset, row.d.byteLength);
      tiles.push({ z: zoom, x, y, format, data, corners, divisions: d, points: q.points });
    }
    if (!tiles.length) {
      throw new ProspectError(`${file} has only empty tiles over the project's grid (${fmtExtent}) at zoom ${zoom}.`, 'BASEMAP_NO_OVERLAP', { file, zoom });
    }
    return { file, kind: 'tiles', crs: 'EPSG:3857', name: meta.get('name') ?? '', zoom, zooms, tiles, errorPx, extent };
  } catch (err) {
    if (err instanceof ProspectError) throw err;
    throw new ProspectError(`Cannot read ${file} as an MBTiles basemap: ${(err as Error).message}.`, 'BASEMAP_READ', { file });
  } finally {
    db.close();
  }
}
