// Grid geometry: north-up specs, cell centres placed exactly as gdal_grid places them.
import { ProspectError, type ExtentTuple, type GridSpec } from '../types';

export type SpecSize = { width: number; height: number } | { cellSize: number } | { cellX: number; cellY: number };

/**
 * A spec over `extent`, either of a given size (cells are then extent / size, as gdal_grid -outsize does) or of a given
 * cell size (the extent then grows right and down to a whole number of cells; xmin and ymax stay put).
 */
export function specFromExtent(extent: ExtentTuple, size: SpecSize, crs: string): GridSpec {
  const [xmin, ymin, xmax, ymax] = extent;
  if (![xmin, ymin, xmax, ymax].every(Number.isFinite) || !(xmax > xmin) || !(ymax > ymin)) {
    throw new ProspectError(
      `The grid extent [${extent.join(', ')}] is empty or not finite: give xmin < xmax and ymin < ymax in map units.`,
      'GRID_BAD_EXTENT',
    );
  }
  if ('width' in size) {
    const { width, height } = size;
    if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) {
      throw new ProspectError(`The grid size ${width} x ${height} must be two positive whole numbers.`, 'GRID_BAD_SIZE');
    }
    return { crs, xmin, ymax, cellX: (xmax - xmin) / width, cellY: (ymax - ymin) / height, width, height };
  }
  const cellX = 'cellSize' in size ? size.cellSize : size.cellX;
  const cellY = 'cellSize' in size ? size.cellSize : size.cellY;
  if (!(cellX > 0 && cellY > 0 && Number.isFinite(cellX) && Number.isFinite(cellY))) {
    throw new ProspectError(`The cell size ${cellX} x ${cellY} must be positive map units (metres).`, 'GRID_BAD_SIZE');
  }
  // A hair of tolerance so an extent that is already a whole number of cells does not get one more.
  const width = Math.max(1, Math.ceil((xmax - xmin) / cellX - 1e-9));
  const height = Math.max(1, Math.ceil((ymax - ymin) / cellY - 1e-9));
  return { crs, xmin, ymax, cellX, cellY, width, height };
}

/** The extent of a spec. */
export function specExtent(spec: GridSpec): ExtentTuple {
  return [spec.xmin, spec.ymax - spec.height * spec.cellY, spec.xmin + spec.width * spec.cellX, spec.ymax];
}

/**
 * The bounding box of the finite points plus `margin` map units on every side. With `snap`, the box is widened outwards
 * to multiples of `snap`, so that cell centres are round numbers (which also makes them bit-identical to gdal_grid's).
 */
export function extentFromPoints(x: ArrayLike<number>, y: ArrayLike<number>, margin = 0, snap = 0): ExtentTuple {
  let xmin = Infinity, ymin = Infinity, xmax = -Infinity, ymax = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i], yi = y[i];
    if (!Number.isFinite(xi) || !Number.isFinite(yi)) continue;
    if (xi < xmin) xmin = xi;
    if (xi > xmax) xmax = xi;
    if (yi < ymin) ymin = yi;
    if (yi > ymax) ymax = yi;
  }
  if (!(xmax >= xmin)) {
    throw new ProspectError('No sample has finite coordinates: check the X/Y column mapping.', 'GRID_NO_POINTS');
  }
  xmin -= margin; ymin -= margin; xmax += margin; ymax += margin;
  if (snap > 0) {
    xmin = Math.floor(xmin / snap) * snap;
    ymin = Math.floor(ymin / snap) * snap;
    xmax = Math.ceil(xmax / snap) * snap;
    ymax = Math.ceil(ymax / snap) * snap;
  }
  if (xmax === xmin) xmax = xmin + Math.max(1, snap);
  if (ymax === ymin) ymax = ymin + Math.max(1, snap);
  return [xmin, ymin, xmax, ymax];
}

/** Median distance from each sample to its nearest other sample (duplicated locations skipped), by a bucket grid. */
export function medianNearestNeighbourDistance(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const ids: number[] = [];
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i]) && Number.isFinite(y[i])) ids.push(i);
  if (ids.length < 2) {
    throw new ProspectError('At least two samples with coordinates are needed to derive a cell size.', 'GRID_NO_POINTS');
  }
  const [xmin, ymin, xmax, ymax] = extentFromPoints(x, y);
  const w = Math.max(xmax - xmin, 1e-9), h = Math.max(ymax - ymin, 1e-9);
  // About two samples per bucket on average.
  const b = Math.max(Math.sqrt((w * h) / ids.length) * 1.5, 1e-9);
  const nx = Math.max(1, Math.ceil(w / b)), ny = Math.max(1, Math.ceil(h / b));
  const buckets = new Map<number, number[]>();
  const key = (i: number) => Math.min(ny - 1, Math.floor((y[i] - ymin) / b)) * nx + Math.min(nx - 1, Math.floor((x[i] - xmin) / b));
  for (const i of ids) {
    const k = key(i);
    const list = buckets.get(k);
    if (list) list.push(i); else buckets.set(k, [i]);
  }
  const d: number[] = [];
  for (const i of ids) {
    const bx = Math.min(nx - 1, Math.floor((x[i] - xmin) / b)), by = Math.min(ny - 1, Math.floor((y[i] - ymin) / b));
    let best = Infinity;
    for (let ring = 0; ring <= Math.max(nx, ny); ring++) {
      // Everything in ring r is at least (r - 1) * b away: stop once that exceeds the best found.
      if ((ring - 1) * b > best) break;
      for (let gy = by - ring; gy <= by + ring; gy++) {
        if (gy < 0 || gy >= ny) continue;
        for (let gx = bx - ring; gx <= bx + ring; gx++) {
          if (gx < 0 || gx >= nx) continue;
          if (Math.max(Math.abs(gx - bx), Math.abs(gy - by)) !== ring) continue;
          for (const j of buckets.get(gy * nx + gx) ?? []) {
            const dd = Math.hypot(x[j] - x[i], y[j] - y[i]);
            if (dd > 0 && dd < best) best = dd;
          }
        }
      }
    }
    if (best < Infinity) d.push(best);
  }
  if (d.length === 0) throw new ProspectError('All samples share one location: no cell size can be derived.', 'GRID_NO_POINTS');
  d.sort((a, b2) => a - b2);
  const m = d.length >> 1;
  return d.length % 2 ? d[m] : (d[m - 1] + d[m]) / 2;
}

/** The largest 1-2-5 x 10^n number not above v: cell sizes stay round, so centres are exact in binary. */
export function roundDownNice(v: number): number {
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const f of [5, 2, 1]) if (f * p <= v * (1 + 1e-12)) return f * p;
  return p;
}

/**
 * Rule: a quarter of the median nearest-neighbour distance between samples, rounded down to 1, 2 or 5 x 10^n map units.
 * IDW has no detail finer than the sample spacing; four cells per typical gap keep the anomaly shapes while keeping
 * every later step cheap (the paper's ~13 m cells for ~480 m spacing are 36 cells per gap and add nothing).
 */
export function proposeCellSize(x: ArrayLike<number>, y: ArrayLike<number>): number {
  return roundDownNice(medianNearestNeighbourDistance(x, y) / 4);
}

/** Centre of cell (row, col) as [x, y]. */
export function cellCenter(spec: GridSpec, row: number, col: number): [number, number] {
  return [spec.xmin + (col + 0.5) * spec.cellX, spec.ymax - (row + 0.5) * spec.cellY];
}

/** The cell holding the world point; `inside` is false when it falls off the grid (row/col are then out of range). */
export function worldToCell(spec: GridSpec, x: number, y: number): { row: number; col: number; inside: boolean } {
  const col = Math.floor((x - spec.xmin) / spec.cellX);
  const row = Math.floor((spec.ymax - y) / spec.cellY);
  return { row, col, inside: row >= 0 && col >= 0 && row < spec.height && col < spec.width };
}

/** Row-major index of (row, col) in a band. */
export function cellIndex(spec: GridSpec, row: number, col: number): number {
  return row * spec.width + col;
}

/** GDAL geotransform [xmin, cellX, 0, ymax, 0, -cellY]. */
export function geoTransform(spec: GridSpec): [number, number, number, number, number, number] {
  return [spec.xmin, spec.cellX, 0, spec.ymax, 0, -spec.cellY];
}

// Parsing a CRS string is the CRS helpers' business (util/crs.ts); re-exported for the grid's callers.
export { epsgCode } from '../util/crs';
