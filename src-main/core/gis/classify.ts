// What an exported file shows, from its name: the export step's names (probability.tif, targets.geojson, ...) and
// one GeoTIFF per element otherwise.
import { basename, extname } from 'node:path';
import type { LayerKind } from './layer-styles';

export interface ClassifiedFile { file: string; kind: LayerKind; raster: boolean; stem: string }

const VECTOR = new Set(['.geojson', '.json', '.shp', '.gpkg']);
const RASTER = new Set(['.tif', '.tiff']);

export function classifyFile(file: string): ClassifiedFile | null {
  const ext = extname(file).toLowerCase();
  const stem = basename(file, extname(file));
  const s = stem.toLowerCase();
  if (RASTER.has(ext)) {
    const kind: LayerKind = s.endsWith('_classes') ? 'classes' : s.includes('uncertainty') ? 'uncertainty' : s === 'sampling_support' ? 'support'
      : s.includes('probability') || s === 'score' ? 'probability' : 'element';
    return { file, kind, raster: true, stem };
  }
  if (VECTOR.has(ext)) {
    const kind: LayerKind | null = s.includes('target') ? 'targets' : s.includes('deposit') ? 'deposits'
      : s.includes('sample') ? 'samples' : s.includes('tile') ? 'tiles' : s.includes('window') ? 'windows' : null;
    return kind ? { file, kind, raster: false, stem } : null;
  }
  return null;
}
