// GeoJSON (RFC 7946, and the 2008 form with a "crs" member that GDAL writes for projected data) into a vector layer.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ProspectError } from '../../types';
import { layerGeometryType, type VectorFeature, type VectorGeometry, type VectorLayer, type XY } from './geometry';

type Json = Record<string, unknown>;

/** 'EPSG:n' from a named crs member; RFC 7946 files have none and are WGS84 longitude/latitude. */
function crsOf(doc: Json): string {
  const name = ((doc.crs as Json | undefined)?.properties as Json | undefined)?.name;
  if (typeof name !== 'string') return 'EPSG:4326';
  if (/CRS84$/i.test(name)) return 'EPSG:4326';
  const m = /EPSG:*(\d+)$/i.exec(name);
  return m ? `EPSG:${m[1]}` : name;
}

function geometryOf(g: Json | null | undefined, bad: (msg: string) => Error): VectorGeometry | null {
  if (!g) return null;
  const pt = (c: unknown): XY => {
    if (!Array.isArray(c) || c.length < 2 || !Number.isFinite(c[0]) || !Number.isFinite(c[1])) throw bad(`bad position ${JSON.stringify(c)?.slice(0, 40)}`);
    return [c[0] as number, c[1] as number];
  };
  const arr = (c: unknown): unknown[] => { if (!Array.isArray(c)) throw bad('coordinates are not an array'); return c; };
  const c = g.coordinates;
  switch (g.type) {
    case 'Point': return { type: 'points', points: [pt(c)] };
    case 'MultiPoint': return { type: 'points', points: arr(c).map(pt) };
    case 'LineString': return { type: 'lines', lines: [arr(c).map(pt)] };
    case 'MultiLineString': return { type: 'lines', lines: arr(c).map((l) => arr(l).map(pt)) };
    case 'Polygon': return { type: 'polygons', polygons: [arr(c).map((r) => arr(r).map(pt))] };
    case 'MultiPolygon': return { type: 'polygons', polygons: arr(c).map((p) => arr(p).map((r) => arr(r).map(pt))) };
    case 'GeometryCollection': {
      const parts = arr(g.geometries).map((x) => geometryOf(x as Json, bad)).filter((x): x is VectorGeometry => x !== null);
      if (parts.length === 0) return null;
      if (parts.some((p) => p.type !== parts[0].type)) throw bad('a geometry collection mixing points, lines and polygons');
      const t = parts[0].type;
      if (t === 'points') return { type: t, points: parts.flatMap((p) => (p as { points: XY[] }).points) };
      if (t === 'lines') return { type: t, lines: parts.flatMap((p) => (p as { lines: XY[][] }).lines) };
      return { type: t, polygons: parts.flatMap((p) => (p as { polygons: XY[][][] }).polygons) };
    }
    default: throw bad(`unknown geometry type '${String(g.type)}'`);
  }
}

export function readGeoJson(file: string): VectorLayer {
  let doc: Json;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8')) as Json;
  } catch (e) {
    throw new ProspectError(`${file}, row 1, column 'geometry': not a GeoJSON file (${(e as Error).message}).`, 'BAD_GEOJSON', { file, row: 1, column: 'geometry' });
  }
  const raw: Json[] = doc.type === 'FeatureCollection' ? (Array.isArray(doc.features) ? doc.features as Json[] : [])
    : doc.type === 'Feature' ? [doc] : [{ type: 'Feature', geometry: doc, properties: {} }];
  const fields = new Set<string>();
  const features: VectorFeature[] = raw.map((f, i) => {
    const bad = (msg: string) => new ProspectError(`${file}, row ${i + 1}, column 'geometry': ${msg}.`, 'BAD_GEOJSON', { file, row: i + 1, column: 'geometry' });
    const attributes: VectorFeature['attributes'] = {};
    for (const [k, v] of Object.entries((f.properties as Json | null) ?? {})) {
      fields.add(k);
      attributes[k] = v === null || v === undefined ? null : typeof v === 'number' || typeof v === 'string' ? v : JSON.stringify(v);
    }
    return { id: i + 1, geometry: geometryOf(f.geometry as Json | null, bad), attributes };
  });
  return {
    file, name: typeof doc.name === 'string' ? doc.name : path.basename(file).replace(/\.(geo)?json$/i, ''),
    crs: crsOf(doc), fields: [...fields], geometryType: layerGeometryType(file, features), features,
  };
}
