// The target areas for a GPS and for Google Earth / phone maps: GPX waypoints at the peaks and KML polygons with
// peak placemarks, both in WGS84 as the formats require, each named by rank and class and carrying the verdict.
import type { FieldArea, VerdictNote } from '../evaluation/field-targets';
import { TRUST_ADVICE } from '../evaluation/field-targets';
import type { AreaGeometry } from '../targets-types';

const xml = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** The waypoint name a GPS shows: short (many units cut at 10-14 characters), rank first. */
export function waypointName(a: FieldArea): string {
  return `T${String(a.fieldRank).padStart(2, '0')} ${a.class}`;
}

function describe(a: FieldArea, scoreKind: 'probability' | 'score'): string {
  const near = a.deposits.length ? `holds ${a.deposits.join(' ')}` : a.nearestDeposit ? `nearest deposit ${a.nearestDeposit.id} at ${(a.nearestDeposit.distance / 1000).toFixed(1)} km` : '';
  return `Rank ${a.fieldRank}, ${a.class}; peak ${scoreKind} ${a.peakScore.toPrecision(3)}; ${a.areaKm2.toFixed(3)} km2${near ? `; ${near}` : ''}; peak x ${a.peak.x}, y ${a.peak.y} (map CRS).`;
}

export interface FieldFileInput {
  title: string;
  areas: FieldArea[];
  scoreKind: 'probability' | 'score';
  verdict: VerdictNote;
  /** When the files were written (ISO). */
  time: string;
}

/** GPX 1.1: one waypoint per kept area at its peak. */
export function targetsGpx(d: FieldFileInput): string {
  const sym: Record<FieldArea['class'], string> = { greenfield: 'Flag, Red', extension: 'Flag, Blue', known: 'Flag, Green' };
  const wpts = d.areas.map((a) => `<wpt lat="${a.lat.toFixed(7)}" lon="${a.lon.toFixed(7)}"><name>${xml(waypointName(a))}</name>` +
    `<cmt>${xml(`trust: ${d.verdict.trust}`)}</cmt><desc>${xml(`${describe(a, d.scoreKind)} Verdict (${d.verdict.trust}): ${d.verdict.sentence}`)}</desc>` +
    `<sym>${sym[a.class]}</sym><type>${a.class}</type></wpt>`).join('\n');
  return '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<gpx version="1.1" creator="Prospect Workstation" xmlns="http://www.topografix.com/GPX/1/1">\n' +
    `<metadata><name>${xml(d.title)}</name><desc>${xml(`Target peaks. Verdict (${d.verdict.trust}: ${TRUST_ADVICE[d.verdict.trust]}): ${d.verdict.sentence}`)}</desc><time>${xml(d.time)}</time></metadata>\n` +
    `${wpts}\n</gpx>\n`;
}

const COLOURS: Record<FieldArea['class'], string> = { greenfield: 'ff1e14c8', extension: 'ff1478e6', known: 'ffc85a28' }; // aabbggrr

function ringKml(ring: number[][], project: (x: number[], y: number[]) => { x: ArrayLike<number>; y: ArrayLike<number> }): string {
  const p = project(ring.map((c) => c[0]), ring.map((c) => c[1]));
  const pts: string[] = [];
  for (let i = 0; i < ring.length; i++) pts.push(`${p.x[i].toFixed(7)},${p.y[i].toFixed(7)},0`);
  return `<LinearRing><coordinates>${pts.join(' ')}</coordinates></LinearRing>`;
}

function polygonKml(rings: number[][][], project: Parameters<typeof ringKml>[1]): string {
  const [outer, ...holes] = rings;
  return `<Polygon><outerBoundaryIs>${ringKml(outer, project)}</outerBoundaryIs>${holes.map((h) => `<innerBoundaryIs>${ringKml(h, project)}</innerBoundaryIs>`).join('')}</Polygon>`;
}

function geometryKml(g: AreaGeometry, project: Parameters<typeof ringKml>[1]): string {
  return g.type === 'Polygon' ? polygonKml(g.coordinates, project) : `<MultiGeometry>${g.coordinates.map((r) => polygonKml(r, project)).join('')}</MultiGeometry>`;
}

/**
 * KML 2.2: a folder of the area polygons (outlined by class) and one of the peaks, each with its rank, class, score,
 * trust and the verdict. `project` maps the grid's coordinates to WGS84 lon/lat.
 */
export function targetsKml(d: FieldFileInput, project: Parameters<typeof ringKml>[1]): string {
  const data = (a: FieldArea) => '<ExtendedData>' + Object.entries({
    rank: a.fieldRank, area_id: a.id, class: a.class, [`peak_${d.scoreKind}`]: a.peakScore, area_km2: a.areaKm2.toFixed(3), trust: d.verdict.trust, verdict: d.verdict.sentence,
  }).map(([k, v]) => `<Data name="${k}"><value>${xml(v)}</value></Data>`).join('') + '</ExtendedData>';
  const styles = (Object.keys(COLOURS) as FieldArea['class'][]).map((c) =>
    `<Style id="area-${c}"><LineStyle><color>${COLOURS[c]}</color><width>2</width></LineStyle><PolyStyle><color>${COLOURS[c].replace(/^ff/, '40')}</color></PolyStyle></Style>` +
    `<Style id="peak-${c}"><IconStyle><color>${COLOURS[c]}</color></IconStyle></Style>`).join('');
  const polys = d.areas.map((a) => `<Placemark><name>${xml(waypointName(a))}</name><description>${xml(describe(a, d.scoreKind))}</description><styleUrl>#area-${a.class}</styleUrl>${data(a)}${geometryKml(a.geometry, project)}</Placemark>`).join('\n');
  const peaks = d.areas.map((a) => `<Placemark><name>${xml(waypointName(a))}</name><description>${xml(describe(a, d.scoreKind))}</description><styleUrl>#peak-${a.class}</styleUrl>${data(a)}` +
    `<Point><coordinates>${a.lon.toFixed(7)},${a.lat.toFixed(7)},0</coordinates></Point></Placemark>`).join('\n');
  return '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document>' +
    `<name>${xml(d.title)}</name><description>${xml(`Verdict (${d.verdict.trust}: ${TRUST_ADVICE[d.verdict.trust]}): ${d.verdict.sentence} Written ${d.time}.`)}</description>${styles}\n` +
    `<Folder><name>Target areas</name>\n${polys}\n</Folder>\n<Folder><name>Target peaks</name>\n${peaks}\n</Folder>\n</Document></kml>\n`;
}
