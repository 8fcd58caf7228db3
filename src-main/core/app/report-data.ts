// Gathers what the report shows from a project file: the latest run of each step, the grids and the deposits.
import { rankTargets, type Target } from '../evaluation/targets';
import type { AnyEvaluateResult, SelectResult, TileResult, TrainResult } from '../results';
import { projectDepositCells } from './deposit-cells';
import { listGridElements } from '../store/grids-repo';
import { loadGridStack } from './grid-stack';
import { loadPrediction } from '../store/predictions-repo';
import type { Project } from '../store/project';
import { latestRun } from '../store/runs-repo';
import { loadSelection } from '../store/selection-repo';
import type { GridSpec } from '../types';
import type { ReportData, ReportSelectionRow } from '../report/html';

/** The rows of the latest selection run, highest ZAUC first. */
function selection(p: Project): ReportSelectionRow[] {
  return loadSelection(p).map((r) => ({
    element: r.element, auc: r.auc, se: r.se, zauc: r.zauc, p: r.p, ci_lo: r.ci95[0], ci_hi: r.ci95[1], selected: r.selected, direction: r.direction,
    zaucNull: r.zaucNull, criterion: r.criterion, campaignDriven: r.campaignDriven, excluded: r.excluded,
  }));
}

/** Ranked targets of the latest prediction, with driving elements from the model's elements. */
export function projectTargets(p: Project, threshold: number): { targets: Target[]; tiles: TileResult[]; spec: GridSpec; elements: string[]; dense: Float32Array | null } {
  const prediction = loadPrediction(p);
  const pred = latestRun(p, 'predict')!;
  const { tiles, dense, spec } = prediction;
  const have = new Set(listGridElements(p));
  const elements = ((pred.metrics as { elements?: string[] } | null)?.elements ?? selection(p).filter((r) => r.selected).map((r) => r.element)).filter((e) => have.has(e));
  const stack = loadGridStack(p, elements, 'z');
  return { targets: rankTargets(tiles, stack, elements, { threshold }), tiles, spec, elements, dense };
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
    selectionExcluded: (latestRun(p, 'select')?.metrics as SelectResult | null)?.excluded ?? [],
    history: (train?.metrics as TrainResult | null)?.history ?? [],
    evaluate: (evaluate?.metrics as AnyEvaluateResult | null) ?? null,
    targets,
  };
}
