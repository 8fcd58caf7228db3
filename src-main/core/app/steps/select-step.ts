import { accountDeposits } from '../../deposits/accounting';
import { campaignDrivenByElement } from '../../selection/campaign-selection';
import { samplesOfCampaigns } from '../../quality/levelling';
import { fallbackElements } from '../../selection/fallback';
import { excludeElements, forceElements } from '../../selection/force';
import { selectElements } from '../../selection/select';
import type { SelectResult, StepOutcome } from '../../results';
import { projectDepositCells } from '../deposit-cells';
import { listGridElements } from '../../store/grids-repo';
import { loadGridStack } from '../grid-stack';
import type { Project } from '../../store/project';
import { insertRun, latestRun } from '../../store/runs-repo';
import { loadSampleCampaigns, loadSamplePoints } from '../../store/samples-repo';
import { saveSelection } from '../../store/selection-repo';
import { ProspectError } from '../../types';
import type { StepContext } from './context';

/** The grid run's account of the elements it left out, and the samples (with campaigns) it interpolated. */
function gridProvenance(p: Project) {
  const run = latestRun(p, 'grid');
  const imported = run?.params.imported !== undefined;
  const m = run?.metrics ?? undefined;
  const gridded = m && !imported && 'excluded' in m ? m : undefined;
  return {
    notGridded: gridded?.excluded ?? [],
    samples: (): { x: Float64Array; y: Float64Array; campaigns: (string | null)[] } | null => {
      if (imported) return null;
      const pts = loadSamplePoints(p);
      const campaigns = loadSampleCampaigns(p);
      if (!gridded?.campaigns) return { x: pts.x, y: pts.y, campaigns };
      const idx = samplesOfCampaigns(campaigns, gridded.campaigns);
      return { x: Float64Array.from(idx, (i) => pts.x[i]), y: Float64Array.from(idx, (i) => pts.y[i]), campaigns: Array.from(idx, (i) => campaigns[i]) };
    },
  };
}

/**
 * Per-element AUC and the configured test (criterion, Holm, least deposit cells) of the z-scored grids at deposit cells
 * against every other valid cell; forced elements kept, excluded ones never selected; each element checked for an AUC
 * carried by a survey-campaign boundary when the grids come from samples with campaigns.
 */
export async function selectStep(ctx: StepContext): Promise<StepOutcome<'select'>> {
  const { project: p, config } = ctx;
  const s = config.select;
  const elements = listGridElements(p);
  if (elements.length === 0) throw new ProspectError(`${p.path} has no grids yet; run the grid step first.`, 'NO_GRIDS');
  const stack = loadGridStack(p, elements, 'z');
  const cells = projectDepositCells(p, stack.spec);
  const grid = gridProvenance(p);
  ctx.onProgress?.({ step: 'select', done: 0, total: elements.length });
  // Forcing elements is the user taking the decision: selection then runs below minDeposits, with the warning kept.
  const rows = selectElements(stack, cells, {
    threshold: s.threshold, twoSided: s.twoSided, criterion: s.criterion, holm: s.holm, minDeposits: s.minDeposits,
    allowFewDeposits: (s.force?.length ?? 0) > 0, seed: config.seed,
  });
  forceElements(rows, s.force);
  excludeElements(rows, s.exclude, { force: s.force, absent: grid.notGridded.map((x) => x.element) });
  const samples = grid.samples();
  const driven = samples ? campaignDrivenByElement(stack, cells, samples) : null;
  if (driven) for (const r of rows) r.campaignDriven = driven.get(r.element);
  // Campaign-driven elements are not candidates for the fallback: their AUC is the survey's, not the ground's.
  const taken = rows.some((r) => r.selected) ? [] : fallbackElements(rows.filter((r) => !r.campaignDriven?.driven && !r.excluded), s.fallback, s.criterion, s.exclude);
  for (const r of rows) if (taken.includes(r.element)) r.selected = true;
  const selected = rows.filter((r) => r.selected).map((r) => r.element);
  ctx.onProgress?.({ step: 'select', done: elements.length, total: elements.length });
  const excluded = [
    ...grid.notGridded.map((x) => ({ element: x.element, reason: `not gridded: ${x.reason}` })),
    ...rows.filter((r) => r.excluded).map((r) => ({ element: r.element, reason: r.excluded! })),
  ];
  const metrics: SelectResult = {
    selected, threshold: s.threshold, criterion: s.criterion, holm: s.holm, minDeposits: s.minDeposits, deposits: cells.length,
    depositAccount: accountDeposits({ width: stack.spec.width, height: stack.spec.height, bands: stack.bands, elements: stack.elements }, cells),
    excluded, ...(rows[0]?.warning ? { warning: rows[0].warning } : {}),
    ...(taken.length ? { fallback: `No element passed |Z| > ${s.threshold} (${s.criterion}${s.holm ? ', Holm' : ''}) with ${cells.length} deposit cells; the ${taken.length} strongest enriched elements (${taken.join(', ')}) are used instead, so treat the maps as exploratory and read the held-out evaluation.` } : {}),
  };
  const runId = p.transaction(() => {
    const id = insertRun(p, { step: 'select', params: s, metrics });
    saveSelection(p, id, rows);
    return id;
  });
  return { step: 'select', runIds: [runId], summary: { ...metrics, rows }, files: [] };
}
