// Where the study grid's cells fall in a source raster, in the source's pixel coordinates (x to the right, y down,
// integers on pixel edges): what gdalwarp's kernels compute before they sample.
import type { GridSpec } from '../types';
import { makeTransformer } from '../util/crs';

/** The same CRS and a north-up grid: pixel coordinates are affine and need no projection. */
function sameCrs(a: GridSpec, b: GridSpec): boolean {
  return a.crs === b.crs;
}

/**
 * Source pixel coordinates of target points given in target pixel coordinates (px, py): target pixel -> target map
 * -> source map (proj4, exact: gdalwarp is compared with `-et 0`) -> source pixel. NaN where the projection fails.
 */
export function targetToSourcePixels(target: GridSpec, source: GridSpec, px: Float64Array, py: Float64Array): { sx: Float64Array; sy: Float64Array } {
  const n = px.length;
  const mx = new Float64Array(n), my = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    mx[i] = target.xmin + px[i] * target.cellX;
    my[i] = target.ymax - py[i] * target.cellY;
  }
  const p = sameCrs(target, source) ? { x: mx, y: my } : makeTransformer(target.crs, source.crs)(mx, my);
  const sx = new Float64Array(n), sy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    sx[i] = (p.x[i] - source.xmin) / source.cellX;
    sy[i] = (source.ymax - p.y[i]) / source.cellY;
  }
  return { sx, sy };
}

/** Rows of target cells handled at once: bounds the lattice memory on large grids. */
export const STRIP_ROWS = 256;

/**
 * Source pixel coordinates of the corners of target rows r0..r1-1: (width + 1) x (r1 - r0 + 1), row-major, the first
 * lattice row being the top edge of row r0.
 */
export function cornerLattice(target: GridSpec, source: GridSpec, r0 = 0, r1 = target.height): { sx: Float64Array; sy: Float64Array; stride: number } {
  const w = target.width + 1, h = r1 - r0 + 1;
  const px = new Float64Array(w * h), py = new Float64Array(w * h);
  for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) { px[r * w + c] = c; py[r * w + c] = r0 + r; }
  return { ...targetToSourcePixels(target, source, px, py), stride: w };
}

/** Source pixel coordinates of the centres of target rows r0..r1-1, row-major. */
export function centreLattice(target: GridSpec, source: GridSpec, r0 = 0, r1 = target.height): { sx: Float64Array; sy: Float64Array } {
  const w = target.width, h = r1 - r0;
  const px = new Float64Array(w * h), py = new Float64Array(w * h);
  for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) { px[r * w + c] = c + 0.5; py[r * w + c] = r0 + r + 0.5; }
  return targetToSourcePixels(target, source, px, py);
}

/**
 * The source's cell size measured on the target grid: the mean side, in target map units, of a source pixel near the
 * middle of the target (projected both ways). Decides averaging (finer source) against bilinear (coarser source).
 */
export function sourceCellInTargetUnits(target: GridSpec, source: GridSpec): number {
  if (sameCrs(target, source)) return Math.sqrt(source.cellX * source.cellY);
  const { sx, sy } = targetToSourcePixels(target, source, Float64Array.of(target.width / 2), Float64Array.of(target.height / 2));
  const cx = source.xmin + sx[0] * source.cellX, cy = source.ymax - sy[0] * source.cellY;
  const back = makeTransformer(source.crs, target.crs)(
    [cx, cx + source.cellX, cx], [cy, cy, cy - source.cellY]);
  const dx = Math.hypot(back.x[1] - back.x[0], back.y[1] - back.y[0]);
  const dy = Math.hypot(back.x[2] - back.x[0], back.y[2] - back.y[0]);
  return Math.sqrt(dx * dy);
}
