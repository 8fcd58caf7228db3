// Coordinate reference systems through proj4, with the EPSG codes a survey file is likely to carry defined from
// their parameters (we ship no EPSG database: the app is offline and proj4 knows only a handful of codes).
import proj4 from 'proj4';
import { ProspectError, type CrsEntry, type Extent } from '../types';

export type { CrsEntry };

export interface Crs {
  /** Normalised name: 'EPSG:N' for a known code, else the proj4/WKT text as given. */
  code: string;
  /** The proj4 definition used. */
  proj4: string;
  geographic: boolean;
}

const WGS84_GEO = '+proj=longlat +datum=WGS84 +no_defs';
const GRS80_GEO = '+proj=longlat +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +no_defs';

/** The fixed codes we define; ranges (UTM, MGA, ETRS89-UTM, CGCS2000 Gauss-Kruger) are computed in `definitionFor`. */
const FIXED: Record<number, string> = {
  4326: WGS84_GEO,
  4283: GRS80_GEO, // GDA94: identical to WGS84 within the metre or so that matters here
  7844: GRS80_GEO, // GDA2020
  4258: GRS80_GEO, // ETRS89
  4269: '+proj=longlat +datum=NAD83 +no_defs',
  4490: GRS80_GEO, // CGCS2000 (its ellipsoid differs from GRS80 by 0.1 mm in the semi-minor axis)
  3067: '+proj=utm +zone=35 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs', // ETRS89 / TM35FIN(E,N)
  // GDA2020 / GA LCC: Geoscience Australia's national Lambert conformal conic (its deposit and geology compilations).
  7845: '+proj=lcc +lat_0=0 +lon_0=134 +lat_1=-18 +lat_2=-36 +x_0=0 +y_0=0 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  3857: '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs',
};

const GRS80_TM = (lon0: number, x0: number): string =>
  `+proj=tmerc +lat_0=0 +lon_0=${lon0} +k=1 +x_0=${x0} +y_0=0 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs`;

function definitionFor(n: number): string | undefined {
  if (FIXED[n]) return FIXED[n];
  if (n >= 32601 && n <= 32660) return `+proj=utm +zone=${n - 32600} +datum=WGS84 +units=m +no_defs`;
  if (n >= 32701 && n <= 32760) return `+proj=utm +zone=${n - 32700} +south +datum=WGS84 +units=m +no_defs`;
  // ETRS89 / UTM zones 28N-38N
  if (n >= 25828 && n <= 25838) return `+proj=utm +zone=${n - 25800} +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs`;
  // GDA94 / MGA zones 46-59 and GDA2020 / MGA zones 46-59 (Western Australia is MGA 50-51)
  if (n >= 28346 && n <= 28359) return `+proj=utm +zone=${n - 28300} +south +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs`;
  if (n >= 7846 && n <= 7859) return `+proj=utm +zone=${n - 7800} +south +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs`;
  // CGCS2000 Gauss-Kruger: 6-degree zones 13-23 (zone number prefixed to the easting) and by central meridian,
  // 3-degree zones 25-45 (prefixed) and by central meridian. Chinese survey tables use these.
  if (n >= 4491 && n <= 4501) { const z = n - 4491 + 13; return GRS80_TM(6 * z - 3, z * 1e6 + 500000); }
  if (n >= 4502 && n <= 4512) return GRS80_TM(75 + 6 * (n - 4502), 500000);
  if (n >= 4513 && n <= 4533) { const z = n - 4513 + 25; return GRS80_TM(3 * z, z * 1e6 + 500000); }
  if (n >= 4534 && n <= 4554) return GRS80_TM(75 + 3 * (n - 4534), 500000);
  return undefined;
}

export const SUPPORTED_CODES_TEXT =
  'EPSG:4326 (WGS84 lon/lat), 4283 (GDA94), 7844 (GDA2020), 4258 (ETRS89), 4269 (NAD83), 4490 (CGCS2000), ' +
  '3067 (TM35FIN), 7845 (GDA2020 / GA LCC), 3857, 32601-32660 / 32701-32760 (WGS84 UTM N/S), 25828-25838 (ETRS89 UTM), ' +
  '28346-28359 (GDA94 MGA), 7846-7859 (GDA2020 MGA), 4491-4554 (CGCS2000 Gauss-Kruger)';

const cache = new Map<string, Crs>();

/** Parses 'EPSG:N', 'N', a number, or a proj4 string ('+proj=...') / WKT text. Unknown codes throw CRS_UNKNOWN. */
export function parseCrs(input: string | number, where: { file?: string; row?: number; column?: string } = {}): Crs {
  const text = String(input).trim();
  const at = where.file ? `${where.file}${where.row ? `, row ${where.row}` : ''}${where.column ? `, column '${where.column}'` : ''}: ` : '';
  const hit = cache.get(text);
  if (hit) return hit;
  let crs: Crs;
  const m = /^(?:EPSG\s*:\s*)?(\d{4,5})$/i.exec(text);
  if (m) {
    const n = Number(m[1]);
    const def = definitionFor(n);
    if (!def) {
      throw new ProspectError(
        `${at}unknown coordinate reference system '${text}'. Codes that work: ` +
          `${SUPPORTED_CODES_TEXT}. For any other system pass its proj4 string instead, e.g. ` +
          `'+proj=utm +zone=50 +south +ellps=GRS80 +units=m' (see epsg.io for the proj4 text of a code).`,
        'CRS_UNKNOWN', { ...where, crs: text },
      );
    }
    crs = { code: `EPSG:${n}`, proj4: def, geographic: def.includes('+proj=longlat') };
  } else if (text.startsWith('+') || /^(PROJCS|GEOGCS|PROJCRS|GEOGCRS)\[/i.test(text)) {
    let geographic: boolean;
    try {
      const conv = proj4(text, WGS84_GEO);
      geographic = text.startsWith('+') ? /\+proj=(longlat|latlong|lonlat|latlon)\b/.test(text) : /^GEOG/i.test(text);
      void conv;
    } catch (e) {
      throw new ProspectError(
        `${at}the coordinate reference system '${text.slice(0, 80)}' could not be read by proj4 ` +
          `(${(e as Error).message}). Pass 'EPSG:N' for one of ${SUPPORTED_CODES_TEXT}, or a valid proj4 string.`,
        'CRS_UNKNOWN', { ...where, crs: text },
      );
    }
    crs = { code: text, proj4: text, geographic };
  } else {
    throw new ProspectError(
      `${at}unknown coordinate reference system '${text}'. Pass 'EPSG:N' ` +
        `(codes that work: ${SUPPORTED_CODES_TEXT}) or a proj4 string starting with '+proj='.`,
      'CRS_UNKNOWN', { ...where, crs: text },
    );
  }
  cache.set(text, crs);
  return crs;
}

export function isGeographic(crs: string | number | Crs): boolean {
  return (typeof crs === 'object' ? crs : parseCrs(crs)).geographic;
}

/** The WGS84 UTM zone of a lon/lat point, with the Norway and Svalbard exceptions. */
export function utmZoneFor(lon: number, lat: number): string {
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lat) > 90) {
    throw new ProspectError(`utmZoneFor: (${lon}, ${lat}) is not a longitude/latitude pair.`, 'BAD_COORDINATES');
  }
  const l = ((((lon + 180) % 360) + 360) % 360) - 180;
  let zone = Math.min(60, Math.floor((l + 180) / 6) + 1);
  if (lat >= 56 && lat < 64 && l >= 3 && l < 12) zone = 32;
  if (lat >= 72 && lat < 84) {
    if (l >= 0 && l < 9) zone = 31;
    else if (l >= 9 && l < 21) zone = 33;
    else if (l >= 21 && l < 33) zone = 35;
    else if (l >= 33 && l < 42) zone = 37;
  }
  return `EPSG:${lat >= 0 ? 326 : 327}${String(zone).padStart(2, '0')}`;
}

export interface Projected {
  x: Float64Array;
  y: Float64Array;
}

/** Projects arrays of coordinates; NaN in gives NaN out. Non-finite results (outside the projection) are NaN. */
export type Projector = (x: ArrayLike<number>, y: ArrayLike<number>) => Projected;

export function makeTransformer(from: string | number | Crs, to: string | number | Crs): Projector {
  const a = typeof from === 'object' ? from : parseCrs(from);
  const b = typeof to === 'object' ? to : parseCrs(to);
  if (a.proj4 === b.proj4) {
    return (x, y) => ({ x: Float64Array.from(x), y: Float64Array.from(y) });
  }
  const conv = proj4(a.proj4, b.proj4);
  return (x, y) => {
    const n = x.length;
    const ox = new Float64Array(n);
    const oy = new Float64Array(n);
    const p = [0, 0];
    for (let i = 0; i < n; i++) {
      const xi = x[i], yi = y[i];
      if (!Number.isFinite(xi) || !Number.isFinite(yi)) { ox[i] = NaN; oy[i] = NaN; continue; }
      p[0] = xi; p[1] = yi;
      // proj4 mutates and returns the array it is given for array input; reuse one to avoid garbage.
      const r = conv.forward(p);
      ox[i] = Number.isFinite(r[0]) ? r[0] : NaN;
      oy[i] = Number.isFinite(r[1]) ? r[1] : NaN;
    }
    return { x: ox, y: oy };
  };
}

const range = (lo: number, hi: number): string => `${+lo.toPrecision(7)}..${+hi.toPrecision(7)}`;

/**
 * Refuses coordinates that cannot be in the CRS they are declared in: degrees under a projected CRS (declared so,
 * a whole survey lands within a few hundred metres of the projection's origin) or metres under a geographic one.
 * Blank and (0, 0) coordinates are left to the caller, which reports them as bad rows.
 */
export function checkCoordinatesFitCrs(
  crs: Crs,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  where: { file: string; row: number; column: string },
): void {
  let n = 0, deg = 0;
  let xmin = Infinity, xmax = -Infinity, ymin = Infinity, ymax = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i], yi = y[i];
    if (!Number.isFinite(xi) || !Number.isFinite(yi) || (xi === 0 && yi === 0)) continue;
    n++;
    if (Math.abs(xi) <= 180 && Math.abs(yi) <= 90) deg++;
    xmin = Math.min(xmin, xi); xmax = Math.max(xmax, xi); ymin = Math.min(ymin, yi); ymax = Math.max(ymax, yi);
  }
  if (n === 0) return;
  const at = `${where.file}, row ${where.row}, column '${where.column}'`;
  const extent = `x ${range(xmin, xmax)}, y ${range(ymin, ymax)}`;
  if (!crs.geographic && deg >= 0.9 * n) {
    throw new ProspectError(
      `${at}: the coordinates look like degrees (${extent}) but ${crs.code} is a projected CRS in metres, so the ` +
        `${n} samples would lie within ${Math.ceil(Math.hypot(xmax - xmin, ymax - ymin))} m of each other. If the file ` +
        `holds longitude/latitude, declare it as such (crs EPSG:4326, or the datum's own, e.g. EPSG:4283 for GDA94, ` +
        `EPSG:7844 for GDA2020) and give ${crs.code} as the target CRS (--target-crs ${crs.code}) to reproject into it.`,
      'CRS_LOOKS_GEOGRAPHIC', { ...where, crs: crs.code });
  }
  if (crs.geographic && deg < 0.5 * n) {
    throw new ProspectError(
      `${at}: the coordinates look like metres (${extent}) but ${crs.code} is longitude/latitude in degrees. Declare ` +
        'the projected CRS the file is in, e.g. EPSG:327NN (WGS84 / UTM zone NN south), EPSG:326NN (north) or ' +
        'EPSG:283NN (GDA94 / MGA zone NN).', 'CRS_LOOKS_PROJECTED', { ...where, crs: crs.code });
  }
}

/** Extent of the finite coordinate pairs, null when there are none. */
export function finiteExtent(x: ArrayLike<number>, y: ArrayLike<number>, use?: (i: number) => boolean):
  Extent | null {
  let xmin = Infinity, xmax = -Infinity, ymin = Infinity, ymax = -Infinity;
  for (let i = 0; i < x.length; i++) {
    if (use && !use(i)) continue;
    const xi = x[i], yi = y[i];
    if (!Number.isFinite(xi) || !Number.isFinite(yi)) continue;
    xmin = Math.min(xmin, xi); xmax = Math.max(xmax, xi); ymin = Math.min(ymin, yi); ymax = Math.max(ymax, yi);
  }
  return xmin <= xmax ? { xmin, ymin, xmax, ymax } : null;
}

const FIXED_NAMES: Record<number, string> = {
  4326: 'WGS 84 (longitude/latitude)', 4283: 'GDA94 (longitude/latitude)', 7844: 'GDA2020 (longitude/latitude)',
  4258: 'ETRS89 (longitude/latitude)', 4269: 'NAD83 (longitude/latitude)', 4490: 'CGCS2000 (longitude/latitude)',
  3067: 'ETRS89 / TM35FIN(E,N) (Finland)', 7845: 'GDA2020 / GA LCC (Australia)', 3857: 'WGS 84 / Pseudo-Mercator (web maps)',
};

/** Every code `parseCrs` knows, each with the name a GIS shows for it: what a searchable CRS picker lists. */
export function listCrs(): CrsEntry[] {
  const out: CrsEntry[] = [];
  const add = (n: number, name: string): void => {
    out.push({ code: `EPSG:${n}`, name, geographic: definitionFor(n)!.includes('+proj=longlat') });
  };
  for (const [n, name] of Object.entries(FIXED_NAMES)) add(Number(n), name);
  for (let z = 1; z <= 60; z++) add(32600 + z, `WGS 84 / UTM zone ${z}N`);
  for (let z = 1; z <= 60; z++) add(32700 + z, `WGS 84 / UTM zone ${z}S`);
  for (let z = 28; z <= 38; z++) add(25800 + z, `ETRS89 / UTM zone ${z}N`);
  for (let z = 46; z <= 59; z++) add(28300 + z, `GDA94 / MGA zone ${z}`);
  for (let z = 46; z <= 59; z++) add(7800 + z, `GDA2020 / MGA zone ${z}`);
  for (let z = 13; z <= 23; z++) add(4491 + z - 13, `CGCS2000 / Gauss-Kruger zone ${z}`);
  for (let k = 0; k <= 10; k++) add(4502 + k, `CGCS2000 / Gauss-Kruger CM ${75 + 6 * k}E`);
  for (let z = 25; z <= 45; z++) add(4513 + z - 25, `CGCS2000 / 3-degree Gauss-Kruger zone ${z}`);
  for (let k = 0; k <= 20; k++) add(4534 + k, `CGCS2000 / 3-degree Gauss-Kruger CM ${75 + 3 * k}E`);
  return out;
}

/** EPSG code of a 'EPSG:32635'-style CRS string, or null. */
export function epsgCode(crs: string): number | null {
  const m = /^\s*EPSG\s*:\s*(\d+)\s*$/i.exec(crs);
  return m ? Number(m[1]) : null;
}
