// What goes to the field from the delivered target areas: areas too small for the data to resolve are dropped (a
// sliver of a few cells rests on one sample at most), each kept area gets its peak in WGS84 lon/lat for a GPS, and
// every file that lists them carries the held-out verdict, so a target never travels without what it is worth.
import type { Verdict, VerdictTrust } from '../results';
import type { TargetAreaResult } from '../targets-types';
import type { GridSpec } from '../types';

/** The fewest grid cells a field target may hold whatever the sample spacing (a 2 x 2 block). */
export const MIN_AREA_CELLS = 4;

export interface MinimumArea {
  km2: number;
  cells: number;
  reason: string;
}

/**
 * The smallest target area worth walking: one sample spacing squared (the ground one sample stands for; a smaller
 * area is an interpolation detail, not a target the survey resolved), and never under MIN_AREA_CELLS cells.
 * `spacing` is the median distance from a sample to its 4th nearest neighbour (grid/radius.ts), in CRS metres; null
 * (imported grids, no samples) leaves the cell floor.
 */
export function minimumArea(spec: GridSpec, spacing: number | null, overrideKm2?: number): MinimumArea {
  const cellKm2 = (spec.cellX * spec.cellY) / 1e6;
  if (overrideKm2 !== undefined) {
    return { km2: overrideKm2, cells: Math.ceil(overrideKm2 / cellKm2 - 1e-9), reason: `set to ${fmtKm2(overrideKm2)}` };
  }
  const floor = MIN_AREA_CELLS * cellKm2;
  const bySpacing = spacing !== null && Number.isFinite(spacing) && spacing > 0 ? (spacing * spacing) / 1e6 : 0;
  const km2 = Math.max(floor, bySpacing);
  const reason = bySpacing > floor
    ? `one sample spacing squared (${Math.round(spacing!)} m x ${Math.round(spacing!)} m, the median distance from a sample to its 4th nearest neighbour): a smaller area rests on at most one sample`
    : `${MIN_AREA_CELLS} grid cells of ${spec.cellX} x ${spec.cellY} m${bySpacing ? ` (more than the sample spacing squared, ${fmtKm2(bySpacing)})` : ''}: a smaller area is a sliver of the grid`;
  return { km2, cells: Math.ceil(km2 / cellKm2 - 1e-9), reason };
}

export function fmtKm2(km2: number): string {
  return km2 >= 1 ? `${km2.toFixed(2)} km2` : `${+(km2 * 100).toPrecision(3)} ha`;
}

export interface FieldArea extends TargetAreaResult {
  /** Rank among the kept areas, greenfield first (the order of every field file). */
  fieldRank: number;
  /** The peak cell's centre in WGS84 degrees. */
  lon: number;
  lat: number;
}

export interface FieldAreas {
  kept: FieldArea[];
  /** Areas below the minimum, by id, and their total area. */
  dropped: { count: number; km2: number; ids: number[] };
  minimum: MinimumArea;
}

/**
 * Keeps the areas of at least the minimum area (in the given field order) and puts their peaks in lon/lat.
 * `toLonLat` projects map coordinates to WGS84 (util/crs makeTransformer(crs, 'EPSG:4326')).
 */
export function fieldAreas(ordered: TargetAreaResult[], minimum: MinimumArea,
  toLonLat: (x: number[], y: number[]) => { x: ArrayLike<number>; y: ArrayLike<number> }): FieldAreas {
  const keep = ordered.filter((a) => a.cells >= minimum.cells);
  const drop = ordered.filter((a) => a.cells < minimum.cells);
  const ll = toLonLat(keep.map((a) => a.peak.x), keep.map((a) => a.peak.y));
  return {
    kept: keep.map((a, i) => ({ ...a, fieldRank: i + 1, lon: ll.x[i], lat: ll.y[i] })),
    dropped: { count: drop.length, km2: drop.reduce((s, a) => s + a.areaKm2, 0), ids: drop.map((a) => a.id) },
    minimum,
  };
}

/** The verdict as every target file carries it. */
export interface VerdictNote {
  trust: VerdictTrust;
  sentence: string;
}

export const NO_VERDICT = 'No held-out verdict: these targets are untested (run the evaluate step).';

export function verdictNote(v: Verdict | null | undefined): VerdictNote {
  if (!v) return { trust: 'unknown', sentence: NO_VERDICT };
  return { trust: v.trust ?? 'unknown', sentence: v.sentence };
}

/** What each trust level tells the person in the field, in a few words. */
export const TRUST_ADVICE: Record<VerdictTrust, string> = {
  act: 'validated: the held-out map beats chance and the best single element',
  element: "not better than one element's grid held out: map that element instead",
  chance: 'do not take to the field: the held-out map is no better than chance',
  unknown: 'untested: no held-out verdict',
};

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A CSV with `trust` and `verdict` columns appended to every row (so a row copied elsewhere keeps them). */
export function withVerdictColumns(csv: string, note: VerdictNote): string {
  const lines = csv.replace(/\n$/, '').split('\n');
  const extra = [note.trust, note.sentence].map(csvCell).join(',');
  return [`${lines[0]},trust,verdict`, ...lines.slice(1).map((l) => `${l},${extra}`)].join('\n') + '\n';
}

/** A FeatureCollection with the verdict as a top-level member and as `trust` / `verdict` properties of each feature. */
export function withVerdictProperties<T extends { features: { properties: Record<string, unknown> | null }[] }>(fc: T, note: VerdictNote): T & { verdict: VerdictNote } {
  return {
    ...fc, verdict: note,
    features: fc.features.map((f) => ({ ...f, properties: { ...(f.properties ?? {}), trust: note.trust, verdict: note.sentence } })),
  };
}
