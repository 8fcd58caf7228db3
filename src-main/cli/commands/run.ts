import { runPipeline, STEPS, stepsToDo } from '../../core/app/pipeline';
import { defaultOutDir } from '../../core/app/steps/export-dir';
import { Project } from '../../core/store/project';
import type { StepName } from '../../core/store/runs-repo';
import { ProspectError } from '../../core/types';
import { forceExport, list, required, str, type Args } from '../args';
import { closestName } from '../flags';
import { configFromArgs } from '../config-flags';
import type { Output } from '../output';
import { printOutcome } from './print';

/** `prospect run`: every step still to do (or --steps a,b), with one configuration. */
export async function runCommand(args: Args, out: Output, signal: AbortSignal) {
  const path = required(args, 'project', 'the project file');
  const config = configFromArgs(args);
  const asked = list(args, 'steps');
  // A misspelt step is refused with the nearest name, like a misspelt flag.
  const bad = asked?.find((s) => !(STEPS as string[]).includes(s));
  if (bad) {
    const near = closestName(bad, STEPS);
    throw new ProspectError(`--steps: no step '${bad}'${near ? `; did you mean ${near}?` : ''} The steps: ${STEPS.join(', ')}.`, 'BAD_ARGS', { column: '--steps' });
  }
  const p = Project.open(path);
  try {
    const outDir = str(args, 'out') ?? defaultOutDir(path);
    const modelFrom = str(args, 'model-from');
    const steps = (asked as StepName[] | undefined) ?? stepsToDo(p, config, { outDir, modelFrom });
    out.info(`steps to run: ${steps.join(', ') || 'none (everything is done with this configuration)'}; preset ${config.preset}, seed ${config.seed}`);
    const outcomes = await runPipeline(p, config, { steps, signal, onProgress: out.progress, outDir, modelFrom, force: forceExport(args) || undefined });
    for (const o of outcomes) printOutcome(out, o);
    return { project: path, preset: config.preset, seed: config.seed, steps: outcomes, files: outcomes.flatMap((o) => o.files) };
  } finally {
    p.close();
  }
}
