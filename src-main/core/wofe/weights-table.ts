// A weights table per class: categorical (each class against the rest) or cumulative (the class and all below it,
// "ascending", or all above it, "descending"), laid out like GA's *_CT / *_CA / *_CD csv tables.
import { ProspectError } from '../types';
import { binaryWeights, ZERO_WEIGHTS, type BinaryWeights } from './binary-weights';
import type { ClassCounts } from './class-counts';

export type WofeType = 'categorical' | 'ascending' | 'descending';

export const WOFE_TYPES: readonly WofeType[] = ['categorical', 'ascending', 'descending'];

export interface WeightsRow extends BinaryWeights {
  class: number;
  /** Cells of this class alone. */
  cells: number;
  /** Area of this class alone, in unit cells (GA's CLASS_AREA). */
  area: number;
  /** Area of the pattern B the weights are for, in unit cells: the class, or the cumulated classes (GA's AREA_UNITS). */
  patternArea: number;
  /** Points in B: in the class, or cumulated (GA's NO_POINTS). */
  points: number;
  /** Points in this class alone. */
  classPoints: number;
  /** True for the missing-data class: zeros, and left out of the study area. */
  missing: boolean;
}

export interface WeightsTable {
  type: WofeType;
  rows: WeightsRow[];
  /** Study area in unit cells (without NoData and the missing-data class). */
  studyArea: number;
  /** Training points in the study area. */
  points: number;
  /** Unit cells per grid cell (cell area / unit area). */
  unitsPerCell: number;
  /** Points per unit cell over the study area. */
  priorProbability: number;
}

export interface WeightsOptions {
  /** Area of one grid cell and of the unit cell, in m^2. GA: 1 km^2. */
  cellArea: number;
  unitArea?: number;
  /**
   * A class that means "unknown" inside the study area (GA's "missing data value"): its row is zeros and its cells and
   * points leave the study area. GA's script keeps such points in its point total (nrow of the shapefile) and, in a
   * cumulative table, restarts the cumulation after the missing row; both are slips, not conventions, so not copied.
   */
  missingClass?: number;
}

export function weightsTable(counts: ClassCounts, type: WofeType, opts: WeightsOptions): WeightsTable {
  if (!WOFE_TYPES.includes(type)) {
    throw new ProspectError(`Unknown weights type '${String(type)}': use categorical, ascending or descending.`, 'BAD_ARGS', { column: 'type' });
  }
  const unitArea = opts.unitArea ?? 1e6;
  if (!(opts.cellArea > 0) || !(unitArea > 0)) {
    throw new ProspectError(`Cell area ${opts.cellArea} and unit area ${unitArea} must be positive.`, 'BAD_ARGS', { column: 'unitArea' });
  }
  const unitsPerCell = opts.cellArea / unitArea;
  const order = counts.classes.map((_, j) => j);
  if (type === 'descending') order.reverse();
  const isMissing = (j: number) => opts.missingClass !== undefined && counts.classes[j] === opts.missingClass;

  let s = 0;
  let ds = 0;
  for (const j of order) {
    if (isMissing(j)) continue;
    s += counts.cells[j] * unitsPerCell;
    ds += counts.points[j];
  }
  if (ds === 0) {
    throw new ProspectError('No training point falls on a cell with data in this layer: no weights can be computed.', 'WOFE_NO_POINTS');
  }
  if (s <= ds) {
    throw new ProspectError(`The study area is ${s} unit cells for ${ds} points: weights need more unit cells than points ` +
      '(choose a smaller unit area).', 'BAD_ARGS', { column: 'unitArea' });
  }
  const rows: WeightsRow[] = [];
  let cumArea = 0;
  let cumPoints = 0;
  for (const j of order) {
    const cls = counts.classes[j];
    const area = counts.cells[j] * unitsPerCell;
    if (isMissing(j)) {
      rows.push({ class: cls, cells: counts.cells[j], area, patternArea: 0, points: 0, classPoints: counts.points[j], missing: true, ...ZERO_WEIGHTS });
      continue;
    }
    // Cumulated in the same order as GA's script, so the floating sums agree to the last digits.
    cumArea = type === 'categorical' ? area : cumArea + area;
    cumPoints = type === 'categorical' ? counts.points[j] : cumPoints + counts.points[j];
    rows.push({
      class: cls, cells: counts.cells[j], area, patternArea: cumArea, points: cumPoints, classPoints: counts.points[j], missing: false,
      ...binaryWeights(cumArea, cumPoints, s, ds),
    });
  }
  return { type, rows, studyArea: s, points: ds, unitsPerCell, priorProbability: ds / s };
}
