import { idwGrid } from '../../grid/idw';
import { planGrid } from '../../grid/plan';
import { fitTransforms } from '../../grid/transform';
import type { GridResult, StepOutcome } from '../../results';
import { depositCellsIfAny } from '../deposit-cells';
import { saveGrids, type StoredGrid } from '../../store/grids-repo';
import { insertRun } from '../../store/runs-repo';
import { listImports, loadSampleCampaigns, loadSamplePoints } from '../../store/samples-repo';
import { loadElementQuality } from '../element-quality';
import type { CampaignReport, CampaignSummary } from '../../quality/types';
import { ProspectError, throwIfAborted } from '../../types';
import type { StepContext } from './context';

/**
 * IDW of every element fit to grid (the coverage gate, unless forced) onto one grid, from the samples of the chosen
 * campaigns levelled by campaign; transforms fitted; all written in one transaction.
 */
export async function gridStep(ctx: StepContext): Promise<StepOutcome<'grid'>> {
  const { project: p, config } = ctx;
  const g = config.grid;
  const pts = loadSamplePoints(p);
  if (pts.x.length === 0) {
    throw new ProspectError(`${p.path} has no samples; import them first ('prospect import --project ${p.path} --samples FILE').`, 'NO_SAMPLES');
  }
  // The data-quality gate: coverage per element, the samples' campaigns, and what the user forced past it.
  const summaries: CampaignSummary[] = listImports(p)
    .filter((i) => i.kind === 'samples')
    .flatMap((i) => (i.report as { campaigns?: CampaignReport } | null)?.campaigns?.campaigns ?? []);
  const plan = planGrid(pts, g, {
    quality: loadElementQuality(p), campaigns: loadSampleCampaigns(p), campaignSummaries: summaries, force: config.select.force,
  });
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
    elements, skipped: plan.skipped, excluded: plan.excluded, warnings: plan.warnings, levelling: plan.levelling,
    ...(plan.campaigns ? { campaigns: plan.campaigns } : {}), width: spec.width, height: spec.height, cellX: spec.cellX, cellY: spec.cellY, crs: spec.crs,
    extent: plan.extent, samples: plan.points.x.length, validCells: valid, searchRadius: plan.searchRadius, seconds,
  };
  const runId = p.transaction(() => {
    const id = insertRun(p, { step: 'grid', params: {
      ...params, size: g.size, cellSize: plan.cellSize, extent: plan.extent, minCoverage: g.minCoverage,
      levelling: plan.levelling?.method ?? 'none', campaigns: plan.campaigns,
    }, metrics: summary });
    saveGrids(p, grids, id);
    return id;
  });
  return { step: 'grid', runIds: [runId], summary, files: [] };
}
