// A study grid for an area with evidence layers and no geochemistry: from the first raster (its lattice kept, so that a
// coarser cell nests whole source cells) or from the deposits' extent and a cell size.
import { extentFromPoints, specFromExtent } from '../grid/spec';
import { ProspectError, type GridSpec } from '../types';

/** The raster's own grid, or cells of `cellSize` on the same origin covering it (the last row and column may overhang). */
export function gridFromRaster(spec: GridSpec, cellSize?: number): GridSpec {
  if (cellSize === undefined) return { ...spec };
  if (!(cellSize > 0 && Number.isFinite(cellSize))) {
    throw new ProspectError(`The cell size must be a positive distance in map units, got ${cellSize}.`, 'GRID_BAD_SIZE', { column: '--cell' });
  }
  return {
    crs: spec.crs, xmin: spec.xmin, ymax: spec.ymax, cellX: cellSize, cellY: cellSize,
    width: Math.max(1, Math.ceil((spec.width * spec.cellX) / cellSize - 1e-9)),
    height: Math.max(1, Math.ceil((spec.height * spec.cellY) / cellSize - 1e-9)),
  };
}

/** Cells of `cellSize` over the deposits plus `margin` (default ten cells), edges on multiples of the cell size. */
export function gridFromDeposits(x: ArrayLike<number>, y: ArrayLike<number>, crs: string, cellSize: number, margin = 10 * cellSize): GridSpec {
  if (!(cellSize > 0 && Number.isFinite(cellSize))) {
    throw new ProspectError(`The cell size must be a positive distance in map units, got ${cellSize}.`, 'GRID_BAD_SIZE', { column: '--cell' });
  }
  return specFromExtent(extentFromPoints(x, y, margin, cellSize), { cellSize }, crs);
}
