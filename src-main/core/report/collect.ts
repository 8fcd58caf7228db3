// Gathers what the report shows from a project file: the latest run of each step, the grids and the deposits.
import { rankTargets, type Target } from '../evaluation/targets';
import { float32FromBlob } from '../store/binary';
import { listGridElements, loadGridStack } from '../store/grids-repo';
import type { Project } from '../store/project';
import { latestRun } from '../store/runs-repo';
import { projectDepositCells } from '../steps/deposit-cells';
import type { TileResult } from '../steps/predict-step';
import { ProspectError, type GridSpec } from '../types';
import type { ReportData, ReportSelectionRow } from './html';

/** The selected elements of the latest selection run (all grid elements when none is stored). */
function selection(p: Project): ReportSelectionRow[] {
  const sel = latestRun(p, 'select');
  if (!sel) return [];
  const rows = p.db.prepare('SELECT element, auc, se, zauc, p, ci_lo, ci_hi, selected, direction FROM selection WHERE run_id = ? ORDER BY zauc DESC').all(sel.id) as (Omit<ReportSelectionRow, 'selected'> & { selected: number })[];
  return rows.map((r) => ({ ...r, selected: r.selected === 1 }));
}

/** Ranked targets of the latest prediction, with driving elements from the model's elements. */
export function projectTargets(p: Project, threshold: number): { targets: Target[]; tiles: TileResult[]; spec: GridSpec; elements: string[]; dense: Float32Array | null } {
  const pred = latestRun(p, 'predict');
  if (!pred) throw new ProspectError(`${p.path} has no prediction yet; run the predict step first.`, 'NO_PREDICTION');
  const rows = p.db.prepare('SELECT kind, spec, tiles, prob FROM predictions WHERE run_id = ?').all(pred.id) as { kind: string; spec: string; tiles: string | null; prob: Buffer | null }[];
  const tileRow = rows.find((r) => r.kind === 'tiles')!;
  const tiles = JSON.parse(tileRow.tiles!) as TileResult[];
  const dense = rows.find((r) => r.kind === 'dense')?.prob;
  const have = new Set(listGridElements(p));
  const elements = ((pred.metrics as { elements?: string[] } | null)?.elements ?? selection(p).filter((r) => r.selected).map((r) => r.element)).filter((e) => have.has(e));
  const stack = loadGridStack(p, elements, 'z');
  return { targets: rankTargets(tiles, stack, elements, { threshold }), tiles, spec: JSON.parse(tileRow.spec) as GridSpec, elements, dense: dense ? float32FromBlob(dense) : null };
}

export function collectReportData(p: Project, opts: { threshold: number; parameters?: Record<string, unknown>; seed?: number | null }): ReportData {
  const { targets, tiles, spec, dense } = projectTargets(p, opts.threshold);
  const sel = selection(p);
  const all = listGridElements(p);
  const stack = loadGridStack(p, all, 'z');
  const selected = new Set(sel.filter((r) => r.selected).map((r) => r.element));
  const train = latestRun(p, 'train');
  const evaluate = latestRun(p, 'evaluate');
  return {
    title: `Prospect Workstation report: ${p.getMeta('name') ?? p.path}`,
    project: p.path,
    createdAt: new Date().toISOString(),
    seed: opts.seed ?? train?.seed ?? null,
    parameters: opts.parameters ?? {
      grid: latestRun(p, 'grid')?.params, select: latestRun(p, 'select')?.params, dataset: latestRun(p, 'dataset')?.params,
      train: train?.params, predict: latestRun(p, 'predict')?.params, evaluate: evaluate?.params,
    },
    spec,
    deposits: projectDepositCells(p, spec),
    elementMaps: all.map((e, k) => ({ element: e, selected: selected.has(e), values: stack.bands[k] })),
    probability: dense,
    tiles,
    selection: sel,
    history: ((train?.metrics as { history?: ReportData['history'] } | null)?.history) ?? [],
    evaluate: (evaluate?.metrics as ReportData['evaluate']) ?? null,
    targets,
  };
}
