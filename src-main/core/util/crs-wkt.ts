// WKT 1 (OGC 01-009, as GDAL writes it) for the CRSs the app defines through proj4 (util/crs.ts): geographic,
// transverse Mercator (UTM, MGA, Gauss-Kruger), Lambert conformal conic (GA LCC) and spherical Mercator. GeoPackage
// and QGIS want WKT; we ship no EPSG database, so it is built from the same parameters the app projects with.
import { epsgCode, parseCrs } from './crs';

interface Ellipsoid { name: string; a: number; rf: number }
const WGS84: Ellipsoid = { name: 'WGS 84', a: 6378137, rf: 298.257223563 };
const GRS80: Ellipsoid = { name: 'GRS 1980', a: 6378137, rf: 298.257222101 };

function params(proj4: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const part of proj4.trim().split(/\s+/)) {
    const [k, v] = part.replace(/^\+/, '').split('=');
    m.set(k, v ?? '');
  }
  return m;
}

function ellipsoidOf(p: Map<string, string>): Ellipsoid {
  const e = p.get('ellps') ?? (p.get('datum') === 'WGS84' ? 'WGS84' : p.get('datum') === 'NAD83' ? 'GRS80' : undefined);
  return e === 'GRS80' ? GRS80 : WGS84;
}

function geogcs(p: Map<string, string>): string {
  const e = ellipsoidOf(p);
  const datum = e === WGS84 ? 'WGS_1984' : p.get('datum') === 'NAD83' ? 'North_American_Datum_1983' : 'GRS80 based';
  const towgs = p.has('towgs84') ? `,TOWGS84[${p.get('towgs84')}]` : '';
  return `GEOGCS["${e === WGS84 ? 'WGS 84' : 'GRS 1980 based'}",DATUM["${datum}",SPHEROID["${e.name}",${e.a},${e.rf}]${towgs}],` +
    'PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]';
}

const num = (p: Map<string, string>, k: string, dflt: number) => (p.has(k) ? Number(p.get(k)) : dflt);

/** WKT 1 of a CRS the app knows, with the EPSG authority when it is an EPSG code; null for projections not covered. */
export function crsWkt(crs: string): string | null {
  const def = parseCrs(crs);
  const p = params(def.proj4);
  const code = epsgCode(def.code);
  const auth = code !== null ? `,AUTHORITY["EPSG","${code}"]` : '';
  const name = code !== null ? def.code : 'Prospect Workstation CRS';
  const proj = p.get('proj');
  if (proj === 'longlat') return geogcs(p).replace(/\]$/, `${auth}]`);
  if (proj === 'utm' || proj === 'tmerc') {
    const zone = num(p, 'zone', 0);
    const south = p.has('south');
    const lon0 = proj === 'utm' ? zone * 6 - 183 : num(p, 'lon_0', 0);
    const k = proj === 'utm' ? 0.9996 : num(p, 'k', num(p, 'k_0', 1));
    const x0 = proj === 'utm' ? 500000 : num(p, 'x_0', 0);
    const y0 = proj === 'utm' ? (south ? 10000000 : 0) : num(p, 'y_0', 0);
    return `PROJCS["${name}",${geogcs(p)},PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",${num(p, 'lat_0', 0)}],` +
      `PARAMETER["central_meridian",${lon0}],PARAMETER["scale_factor",${k}],PARAMETER["false_easting",${x0}],` +
      `PARAMETER["false_northing",${y0}],UNIT["metre",1],AXIS["Easting",EAST],AXIS["Northing",NORTH]${auth}]`;
  }
  if (proj === 'lcc') {
    return `PROJCS["${code === 7845 ? 'GDA2020 / GA LCC' : name}",${geogcs(p)},PROJECTION["Lambert_Conformal_Conic_2SP"],` +
      `PARAMETER["latitude_of_origin",${num(p, 'lat_0', 0)}],PARAMETER["central_meridian",${num(p, 'lon_0', 0)}],` +
      `PARAMETER["standard_parallel_1",${num(p, 'lat_1', 0)}],PARAMETER["standard_parallel_2",${num(p, 'lat_2', num(p, 'lat_1', 0))}],` +
      `PARAMETER["false_easting",${num(p, 'x_0', 0)}],PARAMETER["false_northing",${num(p, 'y_0', 0)}],UNIT["metre",1],` +
      `AXIS["Easting",EAST],AXIS["Northing",NORTH]${auth}]`;
  }
  if (proj === 'merc' && code === 3857) {
    return 'PROJCS["WGS 84 / Pseudo-Mercator",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],' +
      'PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Mercator_1SP"],PARAMETER["central_meridian",0],' +
      'PARAMETER["scale_factor",1],PARAMETER["false_easting",0],PARAMETER["false_northing",0],UNIT["metre",1],' +
      'AXIS["Easting",EAST],AXIS["Northing",NORTH],EXTENSION["PROJ4","+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs"],AUTHORITY["EPSG","3857"]]';
  }
  return null;
}

/** The CRS's proj4 text (for QGIS project files, which carry both). */
export function crsProj4(crs: string): string {
  return parseCrs(crs).proj4;
}
