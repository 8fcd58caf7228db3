import { runStep } from '../../core/app/pipeline';
import { Project } from '../../core/store/project';
import type { StepName } from '../../core/store/runs-repo';
import { bool, required, str, type Args } from '../args';
import { configFromArgs } from '../config-flags';
import type { Output } from '../output';
import { printOutcome } from './print';

/** One pipeline step on a project file: `prospect dataset|train|predict|evaluate|export --project P ...`. */
export function stepCommand(step: StepName) {
  return async (args: Args, out: Output, signal: AbortSignal) => {
    const path = required(args, 'project', 'the project file');
    const config = configFromArgs(args);
    const p = Project.open(path);
    try {
      const outcome = await runStep(p, step, config, {
        signal, onProgress: out.progress, outDir: str(args, 'out'), resume: bool(args, 'resume') || undefined,
        modelFrom: str(args, 'model-from'),
      });
      printOutcome(out, outcome);
      return { project: path, preset: config.preset, steps: [outcome], files: outcome.files };
    } finally {
      p.close();
    }
  };
}
