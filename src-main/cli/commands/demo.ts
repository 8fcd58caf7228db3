import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateDemo } from '../../core/demo/generate';
import { runPipeline } from '../../core/app/pipeline';
import { importDepositsStep, importSamplesStep } from '../../core/app/steps/import-step';
import { Project } from '../../core/store/project';
import { bool, num, required, type Args } from '../args';
import { configFromArgs } from '../config-flags';
import type { Output } from '../output';
import { printOutcome } from './print';

/**
 * `prospect demo --out DIR`: generates the built-in demo study area (seeded), imports it into DIR/demo.prospect,
 * runs every step of the chosen preset and exports into DIR. A second call starts over.
 */
export async function demoCommand(args: Args, out: Output, signal: AbortSignal) {
  const dir = resolve(required(args, 'out', 'the folder to write the demo project and its exports into'));
  const config = configFromArgs(args);
  mkdirSync(dir, { recursive: true });
  const seed = num(args, 'demo-seed');
  const small = bool(args, 'small');
  const files = generateDemo(join(dir, 'data'), { ...(seed !== undefined ? { seed } : {}), ...(small ? { samples: 2500, sizeKm: 24, deposits: 18 } : {}) }, { signal });
  out.info(`demo area: ${files.samples} samples, ${files.deposits} deposits, ${files.crs}; pathfinders ${files.pathfinders.join(', ')}`);
  const projectPath = join(dir, 'demo.prospect');
  rmSync(projectPath, { force: true });
  const p = Project.create(projectPath, { name: 'Demo study area' });
  try {
    const common = { signal, onProgress: out.progress };
    const samples = await importSamplesStep(p, files.samplesFile, { x: 'X', y: 'Y', crs: files.crs }, common);
    const deposits = await importDepositsStep(p, files.depositsFile, { x: 'X', y: 'Y', crs: files.crs, nameColumn: 'NAME' }, common);
    const t0 = performance.now();
    const outcomes = await runPipeline(p, config, { signal, onProgress: out.progress, outDir: dir });
    for (const o of outcomes) printOutcome(out, o);
    return {
      project: projectPath, demo: files, preset: config.preset, seed: config.seed,
      imports: { samples: samples.report, deposits: deposits.report },
      steps: outcomes, seconds: (performance.now() - t0) / 1000,
      files: [files.samplesFile, files.depositsFile, files.recipeFile, projectPath, ...outcomes.flatMap((o) => o.files)],
    };
  } finally {
    p.close();
  }
}
