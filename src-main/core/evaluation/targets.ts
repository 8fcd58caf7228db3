// Prospecting targets from the tile prediction: tiles predicted ore, ranked by probability, split into
// confirmations (a known deposit lies in the tile) and new targets (none does: the paper's tiles 9, 38, 40, ...),
// each with the elements that drive it.
import { bandsOf } from '../dataset/cells';
import type { GridStack } from '../types';
import type { TargetTile, TargetDriver, Target } from '../result-parts';

export type { TargetTile, TargetDriver, Target };

export interface TargetOptions {
  /** Probability at or above which a tile is a target. Default 0.5. */
  threshold?: number;
  /** How many driving elements to list. Default 3. */
  drivers?: number;
}

/** Mean z-score of each element over a tile's valid cells (NaN when the tile has none). */
export function tileMeans(stack: GridStack, elements: string[], t: Pick<TargetTile, 'row0' | 'col0' | 'rows' | 'cols'>): number[] {
  const W = stack.spec.width;
  return bandsOf(stack, elements).map((b) => {
    let s = 0;
    let n = 0;
    for (let r = t.row0; r < t.row0 + t.rows; r++) {
      for (let c = t.col0; c < t.col0 + t.cols; c++) {
        const v = b[r * W + c];
        if (!Number.isNaN(v)) (s += v), n++;
      }
    }
    return n ? s / n : NaN;
  });
}

/**
 * Ranks the tiles predicted as ore (probability >= threshold), best first (ties by tile number). `stack` holds the
 * z-scored grids of the selected elements; the drivers are those with the highest mean z-score in the tile.
 */
export function rankTargets(tiles: TargetTile[], stack: GridStack, elements: string[], opts: TargetOptions = {}): Target[] {
  const threshold = opts.threshold ?? 0.5;
  const nDrivers = opts.drivers ?? 3;
  return tiles
    .filter((t) => t.prob !== null && t.prob >= threshold)
    .sort((a, b) => b.prob! - a.prob! || a.number - b.number)
    .map((t, i) => {
      const means = tileMeans(stack, elements, t);
      const drivers = elements
        .map((element, k) => ({ element, meanZ: means[k] }))
        .filter((d) => !Number.isNaN(d.meanZ))
        .sort((a, b) => b.meanZ - a.meanZ)
        .slice(0, nDrivers);
      const area = ((t.extent.xmax - t.extent.xmin) * (t.extent.ymax - t.extent.ymin)) / 1e6;
      return {
        rank: i + 1, tile: t.number, tileRow: t.tileRow + 1, tileCol: t.tileCol + 1, probability: t.prob!,
        kind: t.label === 1 ? 'confirmation' : 'new-target', knownDeposits: t.deposits,
        areaKm2: area, surveyedAreaKm2: area * t.validFraction, extent: t.extent, drivers,
      } satisfies Target;
    });
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One line per target; drivers as "As:2.31 Sb:1.80". */
export function targetsCsv(targets: Target[]): string {
  const header = ['rank', 'tile', 'tile_row', 'tile_col', 'probability', 'kind', 'known_deposits', 'area_km2', 'surveyed_area_km2', 'drivers', 'xmin', 'ymin', 'xmax', 'ymax'];
  const lines = targets.map((t) => [t.rank, t.tile, t.tileRow, t.tileCol, t.probability.toFixed(4), t.kind, t.knownDeposits.join(' '),
    t.areaKm2.toFixed(3), t.surveyedAreaKm2.toFixed(3), t.drivers.map((d) => `${d.element}:${d.meanZ.toFixed(2)}`).join(' '),
    t.extent.xmin, t.extent.ymin, t.extent.xmax, t.extent.ymax].map(csvCell).join(','));
  return [header.join(','), ...lines].join('\n') + '\n';
}

/** A GeoJSON FeatureCollection of tile polygons in the grid's CRS (named with the legacy `crs` member GDAL reads). */
export function targetsGeoJson(targets: Target[], crs: string): object {
  return {
    type: 'FeatureCollection',
    name: 'targets',
    crs: { type: 'name', properties: { name: `urn:ogc:def:crs:${crs.replace(':', '::')}` } },
    features: targets.map((t) => {
      const e = t.extent;
      return {
        type: 'Feature',
        properties: {
          rank: t.rank, tile: t.tile, probability: t.probability, kind: t.kind, new_target: t.kind === 'new-target',
          known_deposits: t.knownDeposits.join(' '), area_km2: t.areaKm2, surveyed_area_km2: t.surveyedAreaKm2,
          drivers: t.drivers.map((d) => `${d.element}:${d.meanZ.toFixed(2)}`).join(' '),
        },
        geometry: { type: 'Polygon', coordinates: [[[e.xmin, e.ymin], [e.xmax, e.ymin], [e.xmax, e.ymax], [e.xmin, e.ymax], [e.xmin, e.ymin]]] },
      };
    }),
  };
}
