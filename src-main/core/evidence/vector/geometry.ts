// Vector evidence: features as plain coordinate arrays, whatever file they came from.
import { ProspectError } from '../../types';
import { makeTransformer } from '../../util/crs';

export type XY = [number, number];

export type VectorGeometry =
  | { type: 'points'; points: XY[] }
  | { type: 'lines'; lines: XY[][] }
  /** Each polygon: its rings (outer first, then holes); filled by the even-odd rule, as gdal_rasterize fills. */
  | { type: 'polygons'; polygons: XY[][][] };

export type GeometryType = VectorGeometry['type'];

export interface VectorFeature {
  /** The feature id a GIS shows (fid, 1-based shapefile record, 1-based GeoJSON feature number). */
  id: number;
  geometry: VectorGeometry | null;
  attributes: Record<string, string | number | null>;
}

export interface VectorLayer {
  file: string;
  name: string;
  /** 'EPSG:n' or a proj4/WKT text; undefined when the file does not say. */
  crs?: string;
  fields: string[];
  geometryType: GeometryType;
  features: VectorFeature[];
}

/** The one geometry type of a layer's features; a mix of points, lines and polygons is an error naming a feature. */
export function layerGeometryType(file: string, features: VectorFeature[]): GeometryType {
  let type: GeometryType | null = null;
  for (const f of features) {
    if (!f.geometry) continue;
    if (type === null) type = f.geometry.type;
    else if (f.geometry.type !== type) {
      throw new ProspectError(`${file}, row ${f.id}, column 'geometry': the feature is ${f.geometry.type} in a layer of ${type}; ` +
        'an evidence layer holds one kind of geometry (split it in your GIS).', 'VECTOR_MIXED', { file, row: f.id, column: 'geometry' });
    }
  }
  if (type === null) throw new ProspectError(`${file}: the layer has no feature with a geometry.`, 'VECTOR_EMPTY', { file });
  return type;
}

function mapCoords(g: VectorGeometry, f: (p: XY) => XY): VectorGeometry {
  if (g.type === 'points') return { type: 'points', points: g.points.map(f) };
  if (g.type === 'lines') return { type: 'lines', lines: g.lines.map((l) => l.map(f)) };
  return { type: 'polygons', polygons: g.polygons.map((p) => p.map((r) => r.map(f))) };
}

/** The layer's vertices projected into `crs` (segments stay straight between projected vertices). */
export function reprojectLayer(layer: VectorLayer, crs: string): VectorLayer {
  if (!layer.crs) {
    throw new ProspectError(`${layer.file}: the layer has no coordinate reference system; give it one (--crs EPSG:N) or ` +
      'save it from your GIS with its CRS.', 'VECTOR_NO_CRS', { file: layer.file });
  }
  if (layer.crs === crs) return layer;
  const t = makeTransformer(layer.crs, crs);
  const p = (q: XY): XY => { const r = t([q[0]], [q[1]]); return [r.x[0], r.y[0]]; };
  return { ...layer, crs, features: layer.features.map((f) => ({ ...f, geometry: f.geometry && mapCoords(f.geometry, p) })) };
}

/** Every segment of the lines (or polygon rings) as [x1, y1, x2, y2]; a point is a segment of length 0. */
export function segmentsOf(features: VectorFeature[]): Float64Array {
  const out: number[] = [];
  const path = (l: XY[]) => { for (let i = 1; i < l.length; i++) out.push(l[i - 1][0], l[i - 1][1], l[i][0], l[i][1]); if (l.length === 1) out.push(l[0][0], l[0][1], l[0][0], l[0][1]); };
  for (const f of features) {
    const g = f.geometry;
    if (!g) continue;
    if (g.type === 'points') for (const q of g.points) out.push(q[0], q[1], q[0], q[1]);
    else if (g.type === 'lines') g.lines.forEach(path);
    else g.polygons.forEach((poly) => poly.forEach(path));
  }
  return Float64Array.from(out);
}
