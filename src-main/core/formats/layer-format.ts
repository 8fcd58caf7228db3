// Which GIS layer format a sample file is, by its extension: a module of its own, so that reading a plain table
// never loads the GeoPackage (SQLite) and shapefile readers.
import path from 'node:path';

export type LayerFormat = 'geopackage' | 'shapefile';

export function layerFormat(file: string): LayerFormat | null {
  const ext = path.extname(file).toLowerCase();
  return ext === '.gpkg' ? 'geopackage' : ext === '.shp' ? 'shapefile' : null;
}
