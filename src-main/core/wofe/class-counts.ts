// Cells and training points per class of an integer-coded evidence raster: the frequency table both GA's R script
// (terra::freq + extract) and Bonham-Carter's tables start from. Typed arrays only: a 3 M cell raster is one pass.
import { ProspectError } from '../types';

export interface ClassCounts {
  /** Class codes, ascending. */
  classes: number[];
  /** Cells per class. */
  cells: Float64Array;
  /** Training points per class; a cell holding two points counts two, as GA counts them (one extract per point). */
  points: Float64Array;
  /** Points off the grid or on NoData cells: they are not training points of this layer. */
  pointsDropped: number;
}

/**
 * `values`: one class code per cell (NaN or `nodata` = no data). `pointCells`: the cell of each point (-1 = off grid).
 * `mask`: where non-zero, the cells of the study area (e.g. the training folds); all cells when absent.
 * Codes must be integers: weights of evidence classifies, it does not bin (GA's script refuses a non-integer raster too).
 */
export function countClasses(
  values: ArrayLike<number>, pointCells: ArrayLike<number>, nodata?: number | null, mask?: ArrayLike<number>,
): ClassCounts {
  if (mask && mask.length !== values.length) {
    throw new ProspectError(`The mask has ${mask.length} cells, the layer ${values.length}.`, 'BAD_ARGS', { column: 'mask' });
  }
  // Cells outside the mask (e.g. a held-out fold) are outside the study area, like NoData.
  const validAt = (i: number) => {
    const v = values[i];
    return v === v && v !== nodata && (!mask || mask[i] !== 0);
  };
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (!validAt(i)) continue;
    const v = values[i];
    if (!Number.isInteger(v)) {
      throw new ProspectError(`cell ${i} holds ${v}: weights of evidence needs integer class codes ` +
        '(classify a continuous layer into integer classes first).', 'WOFE_NOT_INTEGER', { row: i });
    }
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const empty = { classes: [], cells: new Float64Array(0), points: new Float64Array(0), pointsDropped: pointCells.length };
  if (lo > hi) return empty;
  const span = hi - lo + 1;
  // Codes are dense enough for a direct table in every layer seen (StratNo spans 81 k codes); a Map for the rest.
  if (span <= 1 << 24) {
    const cellsBy = new Float64Array(span);
    for (let i = 0; i < values.length; i++) if (validAt(i)) cellsBy[values[i] - lo]++;
    const pointsBy = new Float64Array(span);
    let dropped = 0;
    for (let k = 0; k < pointCells.length; k++) {
      const c = pointCells[k];
      if (c >= 0 && c < values.length && validAt(c)) pointsBy[values[c] - lo]++;
      else dropped++;
    }
    const classes: number[] = [];
    for (let j = 0; j < span; j++) if (cellsBy[j] > 0) classes.push(lo + j);
    return {
      classes,
      cells: Float64Array.from(classes, (c) => cellsBy[c - lo]),
      points: Float64Array.from(classes, (c) => pointsBy[c - lo]),
      pointsDropped: dropped,
    };
  }
  const cellMap = new Map<number, number>();
  for (let i = 0; i < values.length; i++) if (validAt(i)) cellMap.set(values[i], (cellMap.get(values[i]) ?? 0) + 1);
  const classes = [...cellMap.keys()].sort((a, b) => a - b);
  const index = new Map(classes.map((c, j) => [c, j]));
  const points = new Float64Array(classes.length);
  let dropped = 0;
  for (let k = 0; k < pointCells.length; k++) {
    const c = pointCells[k];
    const j = c >= 0 && c < values.length && validAt(c) ? index.get(values[c]) : undefined;
    if (j === undefined) dropped++;
    else points[j]++;
  }
  return { classes, cells: Float64Array.from(classes, (c) => cellMap.get(c)!), points, pointsDropped: dropped };
}
