// What an evidence layer became on the study grid: the object `prospect evidence-check --json` prints (and the evidence import will).
import type { GridSpec } from '../types';
import { cellsOfPoints } from '../wofe/points';
import type { AlignmentReport } from './alignment';
import type { EvidenceKind, ResampleMethod } from './types';
import type { ClassLegend } from './vector/rasterise';

export interface ClassSummary {
  code: number;
  label: string;
  cells: number;
  areaKm2: number;
  /** Deposits in the class, when deposits were given. */
  deposits?: number;
}

export interface EvidenceSummary {
  layer: string;
  file: string;
  source: {
    format: 'geotiff' | 'gpkg' | 'shapefile' | 'geojson';
    crs: string | null;
    /** Rasters. */
    cellX?: number; cellY?: number; width?: number; height?: number;
    /** Vectors. */
    geometryType?: string; features?: number;
  };
  kind: EvidenceKind;
  /** True when the kind was guessed (then `kindReason` says why), false when the user gave it. */
  kindGuessed: boolean;
  kindReason: string;
  /** The attribute holding the classes (polygons). */
  field?: string;
  resampled: { method: ResampleMethod | 'array-index'; reason: string };
  grid: { crs: string; cellX: number; cellY: number; width: number; height: number };
  cells: { total: number; covered: number; share: number };
  /** 'm' for distances, 'km/km2' or 'points/km2' for densities; null when the source does not say (rasters). */
  units: string | null;
  values?: { min: number; max: number; mean: number; median: number };
  classes?: ClassSummary[];
  deposits?: { total: number; onGrid: number; onLayer: number };
  alignment?: Omit<AlignmentReport, 'deposits'> & { deposits: Omit<NonNullable<AlignmentReport['deposits']>, 'tried'> | null };
  warnings: string[];
}

/** Covered cells, value statistics (continuous kinds) or the class table (categorical), and deposit counts. */
export function summariseValues(
  values: Float32Array, grid: GridSpec, kind: EvidenceKind, legend: ClassLegend[] | null,
  deposits?: { x: ArrayLike<number>; y: ArrayLike<number> },
): Pick<EvidenceSummary, 'cells' | 'values' | 'classes' | 'deposits'> {
  const total = values.length;
  const valid: number[] = [];
  for (const v of values) if (!Number.isNaN(v)) valid.push(v);
  const out: Pick<EvidenceSummary, 'cells' | 'values' | 'classes' | 'deposits'> = {
    cells: { total, covered: valid.length, share: total ? valid.length / total : 0 },
  };
  const cellKm2 = (grid.cellX * grid.cellY) / 1e6;
  const cells = deposits ? cellsOfPoints(grid, deposits.x, deposits.y) : null;
  if (cells) {
    let onGrid = 0, onLayer = 0;
    for (const c of cells) if (c >= 0) { onGrid++; if (!Number.isNaN(values[c])) onLayer++; }
    out.deposits = { total: cells.length, onGrid, onLayer };
  }
  if (kind === 'categorical') {
    const count = new Map<number, number>();
    for (const v of valid) count.set(v, (count.get(v) ?? 0) + 1);
    const dep = new Map<number, number>();
    if (cells) for (const c of cells) if (c >= 0 && !Number.isNaN(values[c])) dep.set(values[c], (dep.get(values[c]) ?? 0) + 1);
    const label = new Map((legend ?? []).map((l) => [l.code, l.label]));
    out.classes = [...count.keys()].sort((a, b) => a - b).map((code) => ({
      code, label: label.get(code) ?? String(code), cells: count.get(code)!, areaKm2: count.get(code)! * cellKm2,
      ...(cells ? { deposits: dep.get(code) ?? 0 } : {}),
    }));
  } else if (valid.length) {
    valid.sort((a, b) => a - b);
    const m = valid.length >> 1;
    out.values = {
      min: valid[0], max: valid[valid.length - 1], mean: valid.reduce((s, v) => s + v, 0) / valid.length,
      median: valid.length % 2 ? valid[m] : (valid[m - 1] + valid[m]) / 2,
    };
  }
  return out;
}
