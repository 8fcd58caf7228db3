// The core calls the job host may run, by name. Only these: the op name comes from main, never from the page.
import { ProspectError, type TaskOptions } from '../core/types';
import { generateScenario, type DemoScenario } from '../core/demo/scenarios';
import { resolveConfig, type ConfigOverrides, type PresetName } from '../core/config';
import { runPipeline, stepsToDo } from '../core/app/pipeline';
import { importDepositsStep, importGridsStep, importSamplesStep } from '../core/app/steps/import-step';
import { Project } from '../core/store/project';
import type { AnyStepOutcome, StepName } from '../core/results';
import { defaultOutDir } from '../core/app/steps/export-dir';
import { inspectTable } from '../core/app/inspect';
import type { DepositImportRequest, InspectTableRequest, SampleImportRequest } from '../../src-preload/contract';

export type JobOp = (args: unknown, opts: TaskOptions) => Promise<unknown>;

export const JOB_OPS: Record<string, JobOp> = {
  /** A trivial op that proves the host works end to end (used by tests). */
  async echo(args, opts) {
    opts.onProgress?.({ step: 'echo', done: 1, total: 1 });
    return args;
  },
  /** Waits (cancellably): lets tests exercise cancel and crash handling without real work. */
  async wait(args, opts) {
    const ms = typeof args === 'number' ? Math.min(args, 60_000) : 0;
    await new Promise<void>((ok, fail) => {
      const t = setTimeout(ok, ms);
      opts.signal?.addEventListener('abort', () => {
        clearTimeout(t);
        fail(new ProspectError('The operation was cancelled.', 'ABORTED'));
      });
    });
    return ms;
  },
};

// The pipeline's long calls. Each opens the project file in this process and closes it when done.

async function onProject<T>(path: string, fn: (p: Project) => Promise<T>): Promise<T> {
  const p = Project.open(path);
  try {
    return await fn(p);
  } finally {
    p.close();
  }
}

Object.assign(JOB_OPS, {
  async demo(args, opts) {
    const a = args as { dir: string; seed?: number; small?: boolean; scenario?: DemoScenario };
    return generateScenario(a.scenario ?? 'isotropic', a.dir, { seed: a.seed, small: a.small }, opts);
  },
  // The request was checked field by field in main (handlers.ts), so every field goes through as the core's option.
  async 'import.samples'(args, opts) {
    const { project, file, ...options } = args as SampleImportRequest;
    return onProject(project, (p) => importSamplesStep(p, file, options, opts));
  },
  async 'import.deposits'(args, opts) {
    const { project, file, ...options } = args as DepositImportRequest;
    return onProject(project, (p) => importDepositsStep(p, file, options, opts));
  },
  async 'inspect.table'(args, opts) {
    const a = args as InspectTableRequest;
    return inspectTable(a.file, a.kind, { sheet: a.sheet, layer: a.layer }, opts);
  },
  async 'import.grids'(args, opts) {
    const a = args as { project: string; dir: string };
    return onProject(a.project, (p) => importGridsStep(p, a.dir, {}, opts));
  },
  async step(args, opts) {
    const a = args as { project: string; step: StepName | 'all'; preset: PresetName; overrides?: ConfigOverrides; outDir?: string; force?: boolean };
    const config = resolveConfig(a.preset, a.overrides ?? {});
    return onProject(a.project, async (p) => {
      const outDir = a.outDir ?? defaultOutDir(a.project);
      const steps = a.step === 'all' ? stepsToDo(p, config, { outDir }) : [a.step];
      const outcomes = await runPipeline(p, config, { ...opts, steps, outDir, force: a.force });
      const last = outcomes[outcomes.length - 1];
      return { step: a.step, runIds: outcomes.flatMap((o) => o.runIds), files: outcomes.flatMap((o) => o.files), last: (last ?? null) as AnyStepOutcome | null };
    });
  },
} satisfies Record<string, JobOp>);
