// Which grid cell each training point falls in, as GA's R scripts find it (terra::extract, method "simple": the cell
// that contains the point). Points off the grid get -1.
import type { GridSpec } from '../types';

export function cellsOfPoints(spec: GridSpec, xs: ArrayLike<number>, ys: ArrayLike<number>): Int32Array {
  const out = new Int32Array(xs.length);
  for (let i = 0; i < xs.length; i++) {
    const col = Math.floor((xs[i] - spec.xmin) / spec.cellX);
    const row = Math.floor((spec.ymax - ys[i]) / spec.cellY);
    const inside = Number.isFinite(col) && Number.isFinite(row) && col >= 0 && col < spec.width && row >= 0 && row < spec.height;
    out[i] = inside ? row * spec.width + col : -1;
  }
  return out;
}
