import { extentFromPoints, proposeCellSize, specFromExtent, type Extent } from '../grid/spec';
import { idwGrid } from '../grid/idw';
import { fitTransforms } from './transforms';
import { saveGrids, type StoredGrid } from '../store/grids-repo';
import { insertRun } from '../store/runs-repo';
import { loadSamplePoints } from '../store/samples-repo';
import { PAPER_ELEMENTS, ProspectError, throwIfAborted } from '../types';
import type { StepContext, StepOutcome } from './context';
import { projectDepositCells } from './deposit-cells';

/** Too few values to interpolate an element honestly: such an element is reported and left out of the stack. */
const MIN_VALID_SAMPLES = 10;

/** IDW of every element onto one grid, transforms fitted, all written in one transaction. */
export async function gridStep(ctx: StepContext): Promise<StepOutcome> {
  const { project: p, config } = ctx;
  const g = config.grid;
  const pts = loadSamplePoints(p);
  if (pts.x.length === 0) {
    throw new ProspectError(`${p.path} has no samples; import them first ('prospect import --project ${p.path} --samples FILE').`, 'NO_SAMPLES');
  }
  const wanted = g.elements ?? pts.elements.filter((e) => (PAPER_ELEMENTS as readonly string[]).includes(e));
  const skipped: { element: string; valid: number }[] = [];
  const elements = wanted.filter((e) => {
    const i = pts.elements.indexOf(e);
    if (i < 0) {
      if (g.elements) throw new ProspectError(`Element ${e} was asked for but no imported sample has it.`, 'UNKNOWN_ELEMENT', { column: e });
      return false;
    }
    const valid = pts.values[i].reduce((n, v) => n + (Number.isFinite(v) ? 1 : 0), 0);
    if (valid < MIN_VALID_SAMPLES) skipped.push({ element: e, valid });
    return valid >= MIN_VALID_SAMPLES;
  });
  if (elements.length === 0) throw new ProspectError('No element has enough valid samples to grid.', 'NO_ELEMENTS');

  const extent: Extent = g.extent ?? extentFromPoints(pts.x, pts.y, g.margin);
  const cell = g.size ? undefined : (g.cellSize ?? proposeCellSize(pts.x, pts.y));
  const spec = specFromExtent(extent, g.size ? { width: g.size[0], height: g.size[1] } : { cellSize: cell! }, pts.crs);
  // Deposits must sit on the grid before hours are spent on it.
  const hasDeposits = (p.db.prepare('SELECT count(*) AS n FROM deposits').get() as { n: number }).n > 0;
  if (hasDeposits) projectDepositCells(p, spec);

  const sub = { ...pts, elements, values: elements.map((e) => pts.values[pts.elements.indexOf(e)]) };
  const t0 = performance.now();
  const stack = await idwGrid(sub, spec, { power: g.power, maxPoints: g.maxPoints, radius: g.radius, minPoints: g.minPoints },
    { signal: ctx.signal, onProgress: ctx.onProgress });
  const seconds = (performance.now() - t0) / 1000;
  throwIfAborted(ctx.signal);
  const transforms = fitTransforms(stack.bands, g.transform);
  const params = { power: g.power, maxPoints: g.maxPoints, radius: g.radius, minPoints: g.minPoints, transform: g.transform };
  const grids: StoredGrid[] = elements.map((e, i) => ({
    element: e, source: 'idw', spec, params, raw: stack.bands[i], transform: transforms[i],
  }));
  const valid = stack.bands[0].reduce((n, v) => n + (Number.isNaN(v) ? 0 : 1), 0);
  const summary = {
    elements, skipped, width: spec.width, height: spec.height, cellX: spec.cellX, cellY: spec.cellY, crs: spec.crs,
    extent, samples: pts.x.length, validCells: valid, seconds,
  };
  const runId = p.transaction(() => {
    const id = insertRun(p, { step: 'grid', params: { ...params, size: g.size, cellSize: cell, extent }, metrics: summary });
    saveGrids(p, grids, id);
    return id;
  });
  return { step: 'grid', runIds: [runId], summary, files: [] };
}
