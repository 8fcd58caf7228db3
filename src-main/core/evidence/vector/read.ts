// Any vector evidence file by its extension: GeoPackage (a layer of it), shapefile, GeoJSON.
import { ProspectError } from '../../types';
import type { VectorLayer } from './geometry';
import { readGeoJson } from './read-geojson';
import { readGpkgVector } from './read-gpkg';
import { readShapefileVector } from './read-shapefile';

export const VECTOR_EXTENSIONS = /\.(gpkg|shp|geojson|json)$/i;

export function readVectorLayer(file: string, layer?: string, crs?: string): VectorLayer {
  const ext = VECTOR_EXTENSIONS.exec(file)?.[1].toLowerCase();
  if (!ext) {
    throw new ProspectError(`${file}: not a vector file this reads (GeoPackage .gpkg, shapefile .shp, GeoJSON .geojson/.json).`,
      'VECTOR_FORMAT', { file });
  }
  const l = ext === 'gpkg' ? readGpkgVector(file, layer) : ext === 'shp' ? readShapefileVector(file) : readGeoJson(file);
  return crs ? { ...l, crs } : l;
}
