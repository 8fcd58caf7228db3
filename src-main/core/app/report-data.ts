// Gathers what the report shows from a project file: the latest run of each step, the grids and the deposits.
import { projectDepositCells } from './deposit-cells';
import { listGridElements } from '../store/grids-repo';
import { loadGridStack } from './grid-stack';
import type { Project } from '../store/project';
import { latestRun } from '../store/runs-repo';
import { loadSelection } from '../store/selection-repo';
import { ProspectError } from '../types';
import { latestPredictionTargets } from './targets';
import type { ReportData, ReportSelectionRow } from '../report/html';

/** The rows of the latest selection run, highest ZAUC first. */
function selection(p: Project): ReportSelectionRow[] {
  return loadSelection(p);
}

export function collectReportData(p: Project, opts: { parameters?: Record<string, unknown>; seed?: number | null }): ReportData {
  const latest = latestPredictionTargets(p);
  if (!latest) throw new ProspectError(`${p.path} has no prediction yet; run the predict step first.`, 'NO_PREDICTION');
  const { targets, tiles, spec, dense } = latest;
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
    selectionExcluded: latestRun(p, 'select')?.metrics?.excluded ?? [],
    depositAccount: latestRun(p, 'select')?.metrics?.depositAccount,
    history: train?.metrics?.history ?? [],
    evaluate: evaluate?.metrics ?? null,
    targets,
  };
}
