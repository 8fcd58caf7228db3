// What the grid step grids, and on which grid: the one rule used by the grid step and by `prospect grid` without a
// project, so both grid the same elements on the same cells.
import type { GridConfig } from '../config';
import { PAPER_ELEMENTS, ProspectError, type GridSpec, type SamplePoints } from '../types';
import { extentFromPoints, proposeCellSize, specFromExtent, type Extent } from './spec';
import type { IdwParams } from './idw';

/** Too few values to interpolate an element honestly: such an element is reported and left out of the stack. */
export const MIN_VALID_SAMPLES = 10;

export interface GridPlan {
  elements: string[];
  /** Elements left out for too few valid samples (positive ones under a log transform). */
  skipped: { element: string; valid: number }[];
  extent: Extent;
  /** The cell size in CRS units when the grid is sized by cell (undefined when sized by cell count). */
  cellSize?: number;
  spec: GridSpec;
  /** The samples restricted to the planned elements, in that order. */
  points: SamplePoints;
  idw: IdwParams;
}

/**
 * Elements (asked for, else the paper's 16 that were imported) with at least MIN_VALID_SAMPLES values, and the grid
 * from the configured extent (or the samples' extent plus margin) and size (or cell size, or one proposed from the
 * sample spacing).
 */
export function planGrid(pts: SamplePoints, g: GridConfig): GridPlan {
  const wanted = g.elements ?? pts.elements.filter((e) => (PAPER_ELEMENTS as readonly string[]).includes(e));
  const skipped: { element: string; valid: number }[] = [];
  const logged = g.transform !== 'none';
  const elements = wanted.filter((e) => {
    const i = pts.elements.indexOf(e);
    if (i < 0) {
      if (g.elements) throw new ProspectError(`Element ${e} was asked for but no imported sample has it.`, 'UNKNOWN_ELEMENT', { column: e });
      return false;
    }
    // Under a log transform only positive values carry information (the rest are floored to one value).
    const valid = pts.values[i].reduce((n, v) => n + (Number.isFinite(v) && (logged ? v > 0 : true) ? 1 : 0), 0);
    if (valid < MIN_VALID_SAMPLES) skipped.push({ element: e, valid });
    return valid >= MIN_VALID_SAMPLES;
  });
  if (elements.length === 0) throw new ProspectError('No element has enough valid samples to grid.', 'NO_ELEMENTS');
  const extent: Extent = g.extent ?? extentFromPoints(pts.x, pts.y, g.margin);
  const cellSize = g.size ? undefined : (g.cellSize ?? proposeCellSize(pts.x, pts.y));
  const spec = specFromExtent(extent, g.size ? { width: g.size[0], height: g.size[1] } : { cellSize: cellSize! }, pts.crs);
  return {
    elements, skipped, extent, cellSize, spec,
    points: { ...pts, elements, values: elements.map((e) => pts.values[pts.elements.indexOf(e)]) },
    idw: { power: g.power, maxPoints: g.maxPoints, radius: g.radius, minPoints: g.minPoints },
  };
}
