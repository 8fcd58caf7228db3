// The core calls the job host may run, by name. Only these: the op name comes from main, never from the page.
import { ProspectError, type TaskOptions } from '../core/types';
import { generateDemo } from '../core/demo/generate';
import { resolveConfig, type ConfigOverrides, type PresetName } from '../core/config';
import { runPipeline, stepsToDo } from '../core/pipeline';
import { importDepositsStep, importGridsStep, importSamplesStep } from '../core/steps/import-step';
import { Project } from '../core/store/project';
import type { AnyStepOutcome, StepName } from '../core/results';
import { defaultOutDir } from '../core/steps/export-dir';

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
    const a = args as { dir: string; seed?: number; small?: boolean };
    const small = a.small ? { samples: 2500, sizeKm: 24, deposits: 18 } : {};
    return generateDemo(a.dir, { ...(a.seed !== undefined ? { seed: a.seed } : {}), ...small }, opts);
  },
  async 'import.samples'(args, opts) {
    const a = args as { project: string; file: string; x?: string; y?: string; crs?: string; targetCrs?: string; elements?: Record<string, string>; censoredRule?: 'half' | 'sqrt2' | '0.65' };
    return onProject(a.project, (p) => importSamplesStep(p, a.file, { x: a.x, y: a.y, crs: a.crs, targetCrs: a.targetCrs, elements: a.elements, censoredRule: a.censoredRule }, opts));
  },
  async 'import.deposits'(args, opts) {
    const a = args as { project: string; file: string; x?: string; y?: string; crs?: string; nameColumn?: string };
    return onProject(a.project, (p) => importDepositsStep(p, a.file, { x: a.x, y: a.y, crs: a.crs, nameColumn: a.nameColumn }, opts));
  },
  async 'import.grids'(args, opts) {
    const a = args as { project: string; dir: string };
    return onProject(a.project, (p) => importGridsStep(p, a.dir, {}, opts));
  },
  async step(args, opts) {
    const a = args as { project: string; step: StepName | 'all'; preset: PresetName; overrides?: ConfigOverrides; outDir?: string };
    const config = resolveConfig(a.preset, a.overrides ?? {});
    return onProject(a.project, async (p) => {
      const outDir = a.outDir ?? defaultOutDir(a.project);
      const steps = a.step === 'all' ? stepsToDo(p, config, { outDir }) : [a.step];
      const outcomes = await runPipeline(p, config, { ...opts, steps, outDir });
      const last = outcomes[outcomes.length - 1];
      return { step: a.step, runIds: outcomes.flatMap((o) => o.runIds), files: outcomes.flatMap((o) => o.files), last: (last ?? null) as AnyStepOutcome | null };
    });
  },
} satisfies Record<string, JobOp>);
