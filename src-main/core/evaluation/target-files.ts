// Target areas as files: the ranked CSV and GeoJSON a geologist takes to the field, each row with its class, area,
// score (named 'probability' only when calibrated as one), uncertainty, the drivers the model used there, and its
// sampling support: 'thin' when the peak rests on fewer than k samples (kth_sample_m beyond the sample spacing).
import type { DeliveredTargets, TargetAreaResult } from '../targets-types';
import type { FieldArea } from './field-targets';

const CLASS_ORDER = { greenfield: 0, extension: 1, known: 2 } as const;

/** Greenfield first (what the field plan is for), then extensions, then known; by peak score within each. */
export function orderForField(areas: TargetAreaResult[]): TargetAreaResult[] {
  return [...areas].sort((a, b) => CLASS_ORDER[a.class] - CLASS_ORDER[b.class] || b.peakScore - a.peakScore || a.id - b.id);
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const driversText = (a: TargetAreaResult) => a.drivers.slice(0, 5).map((d) => `${d.element}:${d.drop.toFixed(3)}`).join(' ');

const isField = (a: TargetAreaResult | FieldArea): a is FieldArea => 'fieldRank' in a;
const lonLat = (a: TargetAreaResult | FieldArea) => (isField(a) ? [a.lon.toFixed(6), a.lat.toFixed(6)] : []);

/**
 * The areas as rows, greenfield first. With `field` (the areas kept for the field, ordered, with lon/lat: see
 * field-targets.ts) only those, and their peaks in WGS84 besides the map's CRS.
 */
export function targetAreasCsv(t: DeliveredTargets, field?: FieldArea[]): string {
  const score = t.scoreKind === 'probability' ? 'probability' : 'score';
  const header = ['rank', 'area_id', 'class', `peak_${score}`, `mean_${score}`, 'uncertainty_sd', 'area_km2', 'cells', 'known_deposits', 'nearest_deposit', 'nearest_deposit_m', 'drivers', 'peak_x', 'peak_y',
    'support', 'kth_sample_m', ...(field ? ['peak_lon', 'peak_lat'] : [])];
  const rows = (field ?? orderForField(t.areas)).map((a, i) => [i + 1, a.id, a.class, a.peakScore.toFixed(4), a.meanScore.toFixed(4), a.meanUncertainty?.toFixed(4) ?? '', a.areaKm2.toFixed(3), a.cells,
    a.deposits.join(' '), a.nearestDeposit?.id ?? '', a.nearestDeposit ? Math.round(a.nearestDeposit.distance) : '', driversText(a), a.peak.x, a.peak.y, a.support?.support ?? '', a.support?.kthSampleM ?? '', ...lonLat(a)].map(csvCell).join(','));
  return [header.join(','), ...rows].join('\n') + '\n';
}

export function targetAreasGeoJson(t: DeliveredTargets, crs: string, field?: FieldArea[]): object {
  const epsg = /^EPSG:(\d+)$/.exec(crs)?.[1];
  return {
    type: 'FeatureCollection',
    ...(epsg ? { crs: { type: 'name', properties: { name: `urn:ogc:def:crs:EPSG::${epsg}` } } } : {}),
    features: (field ?? orderForField(t.areas)).map((a, i) => ({
      type: 'Feature', geometry: a.geometry,
      properties: {
        rank: i + 1, area_id: a.id, class: a.class, score_kind: t.scoreKind, peak_score: a.peakScore, mean_score: a.meanScore,
        uncertainty_sd: a.meanUncertainty, area_km2: a.areaKm2, known_deposits: a.deposits.join(' '), nearest_deposit: a.nearestDeposit?.id ?? null,
        nearest_deposit_m: a.nearestDeposit ? Math.round(a.nearestDeposit.distance) : null, drivers: driversText(a),
        support: a.support?.support ?? null, kth_sample_m: a.support?.kthSampleM ?? null,
        ...(isField(a) ? { peak_lon: +a.lon.toFixed(6), peak_lat: +a.lat.toFixed(6) } : {}),
      },
    })),
  };
}
