// Seeded synthetic faults (lines) and geology (polygons) in GDA2020 / GA LCC over a Cloncurry-sized window, written as
// GeoJSON by us and converted to GeoPackage and shapefile by ogr2ogr: the Cloncurry data has no vectors.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gdal } from './gdal';

/** The test study grid: 250 m cells, 50 x 40 km. */
export const GRID = { crs: 'EPSG:7845', xmin: 600000, ymax: -2300000, cellX: 250, cellY: 250, width: 200, height: 160 };
export const TE = ['-te', '600000', '-2340000', '650000', '-2300000'];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => { s = (s + 0x6d2b79f5) >>> 0; let t = s; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

const crsMember = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::7845' } };

/** Polylines wandering across the window (some leaving it), with a numeric and a text attribute. */
export function faults(seed = 7) {
  const r = rng(seed);
  const features = Array.from({ length: 12 }, (_, i) => {
    let x = 595000 + r() * 60000, y = -2345000 + r() * 50000, a = r() * Math.PI * 2;
    const coords: [number, number][] = [[x, y]];
    for (let k = 0; k < 3 + Math.floor(r() * 8); k++) {
      a += (r() - 0.5) * 0.8; const step = 1000 + r() * 6000;
      x += Math.cos(a) * step; y += Math.sin(a) * step; coords.push([x, y]);
    }
    return { type: 'Feature', properties: { fault_no: i + 1, kind: i % 3 ? 'fault' : 'shear' }, geometry: { type: 'LineString', coordinates: coords } };
  });
  return { type: 'FeatureCollection', name: 'faults', crs: crsMember, features };
}

/** Star-shaped (so simple) polygons, overlapping, one with a hole; unit codes and names. */
export function geology(seed = 11) {
  const r = rng(seed);
  const star = (cx: number, cy: number, rad: number, n: number) => {
    const ring: [number, number][] = [];
    for (let k = 0; k < n; k++) { const a = (2 * Math.PI * k) / n; const d = rad * (0.5 + r() * 0.6); ring.push([cx + Math.cos(a) * d, cy + Math.sin(a) * d]); }
    ring.push(ring[0]);
    return ring;
  };
  const units = [4727, 42515, 79907, 7245, 585];
  const names = ['Corella', 'Boomarra', 'Soldiers Cap', 'Gin Creek', 'Kuridala'];
  const features = Array.from({ length: 15 }, (_, i) => {
    const cx = 600000 + r() * 50000, cy = -2340000 + r() * 40000, rad = 3000 + r() * 9000;
    const outer = star(cx, cy, rad, 7 + Math.floor(r() * 20));
    const rings = i === 3 ? [outer, star(cx, cy, rad * 0.3, 9).reverse()] : [outer];
    const u = Math.floor(r() * units.length);
    return { type: 'Feature', properties: { unit: units[u], name: names[u] }, geometry: { type: 'Polygon', coordinates: rings } };
  });
  return { type: 'FeatureCollection', name: 'geology', crs: crsMember, features };
}

/** The collection as .geojson, and ogr2ogr's .gpkg and .shp of it; returns the three paths. */
export function writeAll(dir: string, name: string, fc: object): { geojson: string; gpkg: string; shp: string } {
  const geojson = path.join(dir, `${name}.geojson`);
  writeFileSync(geojson, JSON.stringify(fc));
  const gpkg = path.join(dir, `${name}.gpkg`), shp = path.join(dir, `${name}.shp`);
  gdal('ogr2ogr', ['-f', 'GPKG', gpkg, geojson, '-nln', name]);
  gdal('ogr2ogr', ['-f', 'ESRI Shapefile', shp, geojson]);
  return { geojson, gpkg, shp };
}
