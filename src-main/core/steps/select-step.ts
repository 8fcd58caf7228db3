import { fallbackElements } from '../selection/fallback';
import { forceElements } from '../selection/force';
import { selectElements } from '../selection/select';
import type { SelectResult, StepOutcome } from '../results';
import { projectDepositCells } from '../store/deposits-repo';
import { listGridElements, loadGridStack } from '../store/grids-repo';
import { insertRun } from '../store/runs-repo';
import { saveSelection } from '../store/selection-repo';
import { ProspectError } from '../types';
import type { StepContext } from './context';

/** Per-element AUC / ZAUC of the z-scored grids at deposit cells against every other valid cell. */
export async function selectStep(ctx: StepContext): Promise<StepOutcome<'select'>> {
  const { project: p, config } = ctx;
  const s = config.select;
  const elements = listGridElements(p);
  if (elements.length === 0) throw new ProspectError(`${p.path} has no grids yet; run the grid step first.`, 'NO_GRIDS');
  const stack = loadGridStack(p, elements, 'z');
  const cells = projectDepositCells(p, stack.spec);
  ctx.onProgress?.({ step: 'select', done: 0, total: elements.length });
  const rows = forceElements(selectElements(stack, cells, {
    threshold: s.threshold, twoSided: s.twoSided, criterion: s.criterion, holm: s.holm, minDeposits: s.minDeposits,
    allowFewDeposits: (s.force?.length ?? 0) > 0, seed: config.seed,
  }), s.force);
  for (const r of rows) if (s.exclude?.includes(r.element)) r.selected = false;
  const taken = fallbackElements(rows, s.fallback, s.criterion, s.exclude);
  for (const r of rows) if (taken.includes(r.element)) r.selected = true;
  const selected = rows.filter((r) => r.selected).map((r) => r.element);
  ctx.onProgress?.({ step: 'select', done: elements.length, total: elements.length });
  const metrics: SelectResult = {
    selected, threshold: s.threshold, deposits: cells.length,
    ...(taken.length ? { fallback: `No element passed |Z| > ${s.threshold} (${s.criterion}${s.holm ? ', Holm' : ''}) with ${cells.length} deposit cells; the ${taken.length} strongest enriched elements (${taken.join(', ')}) are used instead, so treat the maps as exploratory and read the held-out evaluation.` } : {}),
  };
  const runId = p.transaction(() => {
    const id = insertRun(p, { step: 'select', params: s, metrics });
    saveSelection(p, id, rows);
    return id;
  });
  return { step: 'select', runIds: [runId], summary: { ...metrics, rows }, files: [] };
}
