// The element selection table: one row per element and selection run.
import type { SelectionRow } from '../results';
import { ProspectError } from '../types';
import type { Project } from './project';
import { latestRun } from './runs-repo';

export function saveSelection(p: Project, runId: number, rows: SelectionRow[]): void {
  const ins = p.db.prepare('INSERT INTO selection(run_id, element, auc, se, zauc, p, ci_lo, ci_hi, selected, direction, extra) VALUES (?,?,?,?,?,?,?,?,?,?,?)');
  for (const r of rows) {
    const { element, auc, se, zauc, p: pv, ci95, selected, direction, ...extra } = r;
    ins.run(runId, element, auc, se, zauc, pv, ci95[0], ci95[1], selected ? 1 : 0, direction, JSON.stringify(extra));
  }
}

interface SelectionDbRow {
  element: string; auc: number; se: number; zauc: number; p: number; ci_lo: number; ci_hi: number; selected: number;
  direction: SelectionRow['direction']; extra: string | null;
}

/** The rows of a selection run (the latest by default), highest ZAUC first. */
export function loadSelection(p: Project, runId?: number): SelectionRow[] {
  const id = runId ?? latestRun(p, 'select')?.id;
  if (id === undefined) return [];
  const rows = p.db.prepare('SELECT element, auc, se, zauc, p, ci_lo, ci_hi, selected, direction, extra FROM selection WHERE run_id = ? ORDER BY zauc DESC').all(id) as SelectionDbRow[];
  return rows.map((r) => ({
    nPos: 0, nNeg: 0, zaucNull: NaN, pNull: NaN,
    ...(r.extra ? (JSON.parse(r.extra) as Partial<SelectionRow>) : {}),
    element: r.element, auc: r.auc, se: r.se, zauc: r.zauc, p: r.p, ci95: [r.ci_lo, r.ci_hi], selected: r.selected === 1, direction: r.direction,
  }));
}

/** The elements the latest selection kept, in grid order; a step that needs them says what to run when there are none. */
export function selectedElements(p: Project): { runId: number; elements: string[] } {
  const run = latestRun(p, 'select');
  if (!run) throw new ProspectError(`${p.path} has no element selection yet; run the select step first.`, 'NO_SELECTION');
  const elements = (p.db.prepare('SELECT element FROM selection WHERE run_id = ? AND selected = 1 ORDER BY rowid').all(run.id) as { element: string }[]).map((r) => r.element);
  if (elements.length === 0) {
    throw new ProspectError('No element passed the selection rule; lower the threshold (--threshold) or force elements (--force Au,As).', 'EMPTY_SELECTION');
  }
  return { runId: run.id, elements };
}
