import { idwGrid } from '../grid/idw';
import { planGrid } from '../grid/plan';
import { fitTransforms } from '../grid/transform';
import type { GridResult, StepOutcome } from '../results';
import { depositCellsIfAny } from '../store/deposits-repo';
import { saveGrids, type StoredGrid } from '../store/grids-repo';
import { insertRun } from '../store/runs-repo';
import { loadSamplePoints } from '../store/samples-repo';
import { ProspectError, throwIfAborted } from '../types';
import type { StepContext } from './context';

/** IDW of every element onto one grid, transforms fitted, all written in one transaction. */
export async function gridStep(ctx: StepContext): Promise<StepOutcome<'grid'>> {
  const { project: p, config } = ctx;
  const g = config.grid;
  const pts = loadSamplePoints(p);
  if (pts.x.length === 0) {
    throw new ProspectError(`${p.path} has no samples; import them first ('prospect import --project ${p.path} --samples FILE').`, 'NO_SAMPLES');
  }
  const plan = planGrid(pts, g);
  const { spec, elements } = plan;
  // Deposits must sit on the grid before hours are spent on it.
  depositCellsIfAny(p, spec);

  const t0 = performance.now();
  const stack = await idwGrid(plan.points, spec, plan.idw, { signal: ctx.signal, onProgress: ctx.onProgress });
  const seconds = (performance.now() - t0) / 1000;
  throwIfAborted(ctx.signal);
  const transforms = fitTransforms(stack.bands, g.transform, elements);
  const params = { ...plan.idw, transform: g.transform };
  const grids: StoredGrid[] = elements.map((e, i) => ({
    element: e, source: 'idw', spec, params, raw: stack.bands[i], transform: transforms[i],
  }));
  const valid = stack.bands[0].reduce((n, v) => n + (Number.isNaN(v) ? 0 : 1), 0);
  const summary: GridResult = {
    elements, skipped: plan.skipped, width: spec.width, height: spec.height, cellX: spec.cellX, cellY: spec.cellY, crs: spec.crs,
    extent: plan.extent, samples: pts.x.length, validCells: valid, seconds,
  };
  const runId = p.transaction(() => {
    const id = insertRun(p, { step: 'grid', params: { ...params, size: g.size, cellSize: plan.cellSize, extent: plan.extent }, metrics: summary });
    saveGrids(p, grids, id);
    return id;
  });
  return { step: 'grid', runIds: [runId], summary, files: [] };
}
