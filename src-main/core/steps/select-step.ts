import { selectElements, type ElementSelectionRow } from '../selection/select';
import { listGridElements, loadGridStack } from '../store/grids-repo';
import { insertRun, latestRun } from '../store/runs-repo';
import { ProspectError } from '../types';
import type { StepContext, StepOutcome } from './context';
import { projectDepositCells } from './deposit-cells';

export interface SelectionSummary {
  rows: ElementSelectionRow[];
  selected: string[];
  threshold: number;
}

/** Per-element AUC / ZAUC of the z-scored grids at deposit cells against every other valid cell. */
export async function selectStep(ctx: StepContext): Promise<StepOutcome> {
  const { project: p, config } = ctx;
  const s = config.select;
  const elements = listGridElements(p);
  if (elements.length === 0) throw new ProspectError(`${p.path} has no grids yet; run the grid step first.`, 'NO_GRIDS');
  const stack = loadGridStack(p, elements, 'z');
  const cells = projectDepositCells(p, stack.spec);
  ctx.onProgress?.({ step: 'select', done: 0, total: elements.length });
  const rows = selectElements(stack, cells, { threshold: s.threshold, twoSided: s.twoSided });
  for (const f of s.force ?? []) {
    const r = rows.find((x) => x.element === f);
    if (!r) throw new ProspectError(`Element ${f} was forced into the selection but has no grid.`, 'UNKNOWN_ELEMENT', { column: f });
    r.selected = true;
  }
  const selected = rows.filter((r) => r.selected).map((r) => r.element);
  ctx.onProgress?.({ step: 'select', done: elements.length, total: elements.length });
  const summary = { selected, threshold: s.threshold, deposits: cells.length, rows };
  const runId = p.transaction(() => {
    const id = insertRun(p, { step: 'select', params: s, metrics: { selected, threshold: s.threshold, deposits: cells.length } });
    const ins = p.db.prepare('INSERT INTO selection(run_id, element, auc, se, zauc, p, ci_lo, ci_hi, selected, direction, extra) VALUES (?,?,?,?,?,?,?,?,?,?,?)');
    for (const r of rows) {
      ins.run(id, r.element, r.auc, r.se, r.zauc, r.p, r.ci95[0], r.ci95[1], r.selected ? 1 : 0, r.direction,
        JSON.stringify({ nPos: r.nPos, nNeg: r.nNeg }));
    }
    return id;
  });
  return { step: 'select', runIds: [runId], summary, files: [] };
}

/** The elements the latest selection kept; a step that needs them says what to run when there are none. */
export function selectedElements(ctx: Pick<StepContext, 'project'>): { runId: number; elements: string[] } {
  const run = latestRun(ctx.project, 'select');
  if (!run) throw new ProspectError(`${ctx.project.path} has no element selection yet; run the select step first.`, 'NO_SELECTION');
  const elements = (ctx.project.db.prepare('SELECT element FROM selection WHERE run_id = ? AND selected = 1 ORDER BY rowid').all(run.id) as { element: string }[]).map((r) => r.element);
  if (elements.length === 0) {
    throw new ProspectError('No element passed the ZAUC threshold; lower it (--threshold) or force elements (--force Au,As).', 'EMPTY_SELECTION');
  }
  return { runId: run.id, elements };
}
