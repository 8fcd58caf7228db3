// What the coordinate numbers say about their CRS, in words a geologist can check: degrees or metres, and for degrees
// the projected zone the samples fall in, which is what the grids will need.
import { parseCrs, utmZoneFor } from '../util/crs';
import type { CrsGuess } from '../view-types';

export type { CrsGuess };

const median = (a: number[]): number => a.sort((p, q) => p - q)[a.length >> 1];
const r = (v: number, d = 4): number => +v.toFixed(d);

/** Datums whose lon/lat a file in this region is likely to carry, after WGS 84. */
function regionalDatums(lon: number, lat: number): { codes: string[]; words: string } {
  if (lon >= 108 && lon <= 160 && lat >= -45 && lat <= -8) return { codes: ['EPSG:7844', 'EPSG:4283'], words: 'GDA2020 (EPSG:7844) or GDA94 (EPSG:4283)' };
  if (lon >= 73 && lon <= 135 && lat >= 18 && lat <= 54) return { codes: ['EPSG:4490'], words: 'CGCS2000 (EPSG:4490)' };
  if (lon >= -32 && lon <= 45 && lat >= 34 && lat <= 72) return { codes: ['EPSG:4258'], words: 'ETRS89 (EPSG:4258)' };
  if (lon >= -170 && lon <= -50 && lat >= 14 && lat <= 84) return { codes: ['EPSG:4269'], words: 'NAD83 (EPSG:4269)' };
  return { codes: [], words: '' };
}

function lonLatGuess(lon: number, lat: number, extent: CrsGuess['extent']): CrsGuess {
  const utm = utmZoneFor(lon, lat);
  const zone = Number(utm.slice(-2));
  const south = lat < 0;
  const datums = regionalDatums(lon, lat);
  const australia = datums.codes.includes('EPSG:4283');
  const targets = australia ? [`EPSG:${28300 + zone}`, `EPSG:${7800 + zone}`, utm] : [utm];
  const zoneWords = australia
    ? `MGA zone ${zone} (GDA94 EPSG:${28300 + zone}, GDA2020 EPSG:${7800 + zone}), the same as WGS 84 UTM zone ${zone}S (${utm})`
    : `WGS 84 UTM zone ${zone}${south ? 'S' : 'N'} (${utm})`;
  return {
    kind: 'lonlat', crs: 'EPSG:4326', candidates: ['EPSG:4326', ...datums.codes], targets, autoTarget: utm, extent, centre: { x: lon, y: lat },
    hint: `The coordinates lie within ±180 / ±90, so they look like longitude / latitude in degrees: WGS 84 (EPSG:4326)` +
      `${datums.words ? ` or, here, ${datums.words}, the same within a metre or so` : ''}. Their centre (${r(lon)}, ${r(lat)}) falls in ` +
      `${zoneWords}: a likely target CRS, since grids need metres.`,
  };
}

function projectedGuess(x: number, y: number, extent: NonNullable<CrsGuess['extent']>): CrsGuess {
  const range = `x ${Math.round(extent.xmin)}..${Math.round(extent.xmax)}, y ${Math.round(extent.ymin)}..${Math.round(extent.ymax)}`;
  // Chinese Gauss-Kruger tables prefix the zone number to the easting: the zone can be read from the numbers.
  const prefix = Math.floor(x / 1e6);
  const gk = extent.xmin >= 1.3e7 && Math.floor(extent.xmax / 1e6) === prefix
    ? (prefix >= 13 && prefix <= 23 ? 4491 + prefix - 13 : prefix >= 25 && prefix <= 45 ? 4513 + prefix - 25 : null) : null;
  if (gk) {
    const code = `EPSG:${gk}`;
    return {
      kind: 'projected', crs: code, candidates: [code], targets: [code], autoTarget: code, extent, centre: { x, y },
      hint: `The coordinates (${range}) look like projected metres with the zone number ${prefix} before the easting, as ` +
        `Chinese Gauss-Kruger tables write them: CGCS2000 / ${prefix > 23 ? '3-degree ' : ''}Gauss-Kruger zone ${prefix} (${code}).`,
    };
  }
  const utmLike = extent.xmin >= 1e5 && extent.xmax <= 9e5 && Math.abs(extent.ymin) <= 1e7 && Math.abs(extent.ymax) <= 1e7;
  return {
    kind: 'projected', crs: null, candidates: [], targets: [], autoTarget: null, extent, centre: { x, y },
    hint: `The coordinates (${range}) are too large for degrees, so they look like projected metres. ` +
      (utmLike ? 'Eastings of 100,000-900,000 m fit a UTM or MGA zone, but the numbers do not say which: ' : 'The numbers do not say which system: ') +
      'choose the CRS the survey states (for example WGS 84 UTM zone 35N EPSG:32635, MGA zone 50 EPSG:28350, TM35FIN EPSG:3067).',
  };
}

/**
 * The CRS a file's coordinates are likely in. A CRS the file states wins; else values within ±180 / ±90 read as
 * lon/lat (the centre naming the zone to project to), larger ones as metres of a zone the user must name.
 */
export function guessCrs(xs: ArrayLike<number>, ys: ArrayLike<number>, stated?: string, namedLonLat = false): CrsGuess {
  const lons: number[] = [], lats: number[] = [];
  let allDegrees = true;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i], y = ys[i];
    // (0, 0) is how survey exports write "no position"; it says nothing about the CRS.
    if (!Number.isFinite(x) || !Number.isFinite(y) || (x === 0 && y === 0)) continue;
    lons.push(x); lats.push(y);
    if (Math.abs(x) > 180 || Math.abs(y) > 90) allDegrees = false;
  }
  let extent: CrsGuess['extent'] = null;
  for (let i = 0; i < lons.length; i++) {
    extent ??= { xmin: Infinity, xmax: -Infinity, ymin: Infinity, ymax: -Infinity };
    extent.xmin = Math.min(extent.xmin, lons[i]); extent.xmax = Math.max(extent.xmax, lons[i]);
    extent.ymin = Math.min(extent.ymin, lats[i]); extent.ymax = Math.max(extent.ymax, lats[i]);
  }
  if (stated) {
    let code = stated;
    try { code = parseCrs(stated).code; } catch { /* a definition we cannot read is still what the file states */ }
    const c = lons.length ? { x: median(lons), y: median(lats) } : null;
    return { kind: 'stated', crs: code, candidates: [code], targets: [], autoTarget: null, extent, centre: c, hint: `The file states its CRS: ${code.slice(0, 80)}.` };
  }
  if (!extent) {
    return { kind: 'unknown', crs: null, candidates: [], targets: [], autoTarget: null, extent: null, centre: null, hint: 'No row has numeric coordinates in the chosen columns.' };
  }
  const cx = median(lons), cy = median(lats);
  if (allDegrees || (namedLonLat && Math.abs(cx) <= 180 && Math.abs(cy) <= 90)) return lonLatGuess(cx, cy, extent);
  return projectedGuess(cx, cy, extent);
}
