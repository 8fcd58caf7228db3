// The method of Gao et al. 2022 as a sequence of steps over one project file. Each step reads its inputs from the
// file and writes its outputs back in one transaction; `runPipeline` runs every step that is still to do, so a run
// that stopped (an error, a cancel, a killed process) simply continues.
import type { PipelineConfig } from '../config';
import { STEP_NAMES } from '../vocabulary';
import { countSamples, listImports, loadDeposits } from '../store/samples-repo';
import { listGridElements, loadGridSpec } from '../store/grids-repo';
import type { Project } from '../store/project';
import { LAYERS_CHANGED_BY, refreshGisLayers } from './gis-layers';
import { latestRun, setConfigKey, unfinishedRun, type StepName } from '../store/runs-repo';
import type { AnyStepOutcome, OutcomeOf, StepOutcome, StepState } from '../results';
import type { StepContext } from './steps/context';
import { gridStep } from './steps/grid-step';
import { selectStep } from './steps/select-step';
import { datasetStep } from './steps/dataset-step';
import { trainStep } from './steps/train-step';
import { predictStep } from './steps/predict-step';
import { evaluateStep } from './steps/evaluate-step';
import { exportStep } from './steps/export-step';
import { throwIfAborted, type GridSpec, type TaskOptions } from '../types';

/** The steps in the order they run (the vocabulary's). */
export const STEPS: readonly StepName[] = STEP_NAMES;

export const STEP_FUNCTIONS: { [S in StepName]: (ctx: StepContext) => Promise<StepOutcome<S>> } = {
  grid: gridStep,
  select: selectStep,
  dataset: datasetStep,
  train: trainStep,
  predict: predictStep,
  evaluate: evaluateStep,
  export: exportStep,
};

/**
 * The configuration a step's output depends on: its own section and every earlier step's, so a change upstream makes
 * everything downstream stale. An imported grid stack stands for the grid step whatever the grid settings say.
 */
export function stepConfigKey(p: Project, step: StepName, config: PipelineConfig, opts: { outDir?: string; modelFrom?: string } = {}): string {
  const gridRun = latestRun(p, 'grid');
  const imported = gridRun?.params.imported;
  // Forced elements are gridded past the coverage gate, so forcing changes the grids (no key change when none).
  const parts: unknown[] = [imported ? { imported } : { ...config.grid, force: config.select.force }];
  const upto = STEPS.indexOf(step);
  if (upto >= 1) parts.push(config.select);
  if (upto >= 2) parts.push(config.dataset, config.seed);
  if (upto >= 3) parts.push(config.train);
  if (upto >= 4) parts.push(config.predict, opts.modelFrom ?? null);
  if (upto >= 5) parts.push((config as unknown as { evaluate?: unknown }).evaluate ?? null);
  if (upto >= 6) parts.push(opts.outDir ?? null);
  return JSON.stringify(parts);
}

/**
 * Steps whose output is missing or older than the output of the step before: once a step is redone, every later
 * step is redone too. With a configuration, a step made with another configuration is stale too. An interrupted
 * training run counts as to do (it resumes).
 */
export function stepsToDo(p: Project, config?: PipelineConfig, opts: { outDir?: string; modelFrom?: string } = {}): StepName[] {
  let prev = 0;
  const todo: StepName[] = [];
  for (const s of STEPS) {
    const run = latestRun(p, s);
    const stale = config !== undefined && run !== undefined && run.config_key !== stepConfigKey(p, s, config, opts)
      && !(run.step === 'grid' && run.params.imported);
    if (todo.length > 0 || !run || run.id < prev || stale) todo.push(s);
    else prev = run.id;
  }
  return todo;
}

export interface RunOptions extends TaskOptions {
  outDir?: string;
  /** Export into a folder holding files this project did not write (see steps/export-manifest.ts). */
  force?: boolean;
  resume?: boolean;
  modelFrom?: string;
}

export async function runStep<S extends StepName>(p: Project, step: S, config: PipelineConfig, opts: RunOptions = {}): Promise<OutcomeOf<S>> {
  throwIfAborted(opts.signal);
  const resume = opts.resume ?? (step === 'train' && unfinishedRun(p, 'train') !== undefined);
  const run = STEP_FUNCTIONS[step] as unknown as (ctx: StepContext) => Promise<OutcomeOf<S>>;
  const outcome = await run({ project: p, config, ...opts, resume });
  setConfigKey(p, outcome.runIds, stepConfigKey(p, step, config, opts));
  refreshGisLayers(p, LAYERS_CHANGED_BY[step]);
  return outcome;
}

/** Runs every step still to do (or the given ones), in order. */
export async function runPipeline(p: Project, config: PipelineConfig, opts: RunOptions & { steps?: StepName[] } = {}): Promise<AnyStepOutcome[]> {
  const steps = opts.steps ?? stepsToDo(p, config, opts);
  const out: AnyStepOutcome[] = [];
  for (const s of steps) out.push(await runStep(p, s, config, opts));
  return out;
}

export interface ProjectSummaryCore {
  path: string;
  name: string;
  crs: string | null;
  samples: { kept: number; total: number };
  deposits: number;
  imports: { id: number; kind: string; file: string; createdAt: string }[];
  gridElements: string[];
  gridSpec: GridSpec | null;
  steps: StepState[];
  missing: string[];
}

/** What the project holds and what the next step still needs, in words a user can act on. */
export function projectSummary(p: Project): ProjectSummaryCore {
  const samples = countSamples(p);
  const deposits = loadDeposits(p).length;
  const todo = new Set(stepsToDo(p));
  const missing: string[] = [];
  if (samples.kept === 0 && listGridElements(p).length === 0) missing.push('Import samples (a CSV or XLSX table) or a folder of element grids.');
  if (deposits === 0) missing.push('Import known deposits (CSV, GeoJSON or Shapefile points).');
  return {
    path: p.path,
    name: p.getMeta('name') ?? '',
    crs: p.getMeta('crs') ?? null,
    samples,
    deposits,
    imports: listImports(p).map((i) => ({ id: i.id, kind: i.kind, file: i.file, createdAt: i.created_at })),
    gridElements: listGridElements(p),
    gridSpec: loadGridSpec(p) ?? null,
    steps: STEPS.map((s) => {
      const r = latestRun(p, s);
      return { step: s, done: !todo.has(s), runId: r?.id, finishedAt: r?.finished_at ?? undefined, summary: (r?.metrics ?? undefined) } as StepState;
    }),
    missing,
  };
}
