import { runStep } from '../../core/app/pipeline';
import { defaultOutDir } from '../../core/app/steps/export-dir';
import { Project } from '../../core/store/project';
import type { StepName } from '../../core/store/runs-repo';
import { bool, forceExport, required, str, type Args } from '../args';
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
        signal, onProgress: out.progress,
        // Each step reads only the flags it declares (src-main/cli/index.ts).
        // Without --out, a folder named for the project beside it (area.prospect -> area-export/), never a shared one.
        outDir: step === 'export' ? str(args, 'out') ?? defaultOutDir(path) : undefined,
        resume: step === 'train' ? bool(args, 'resume') || undefined : undefined,
        modelFrom: step === 'predict' ? str(args, 'model-from') : undefined,
        force: step === 'export' ? forceExport(args) || undefined : undefined,
      });
      printOutcome(out, outcome);
      return { project: path, preset: config.preset, steps: [outcome], files: outcome.files };
    } finally {
      p.close();
    }
  };
}
