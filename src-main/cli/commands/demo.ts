import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEMO_SCENARIOS, generateScenario } from '../../core/demo/scenarios';
import { runPipeline } from '../../core/app/pipeline';
import { importDepositsStep, importSamplesStep } from '../../core/app/steps/import-step';
import { Project } from '../../core/store/project';
import { bool, choice, forceExport, num, required, type Args } from '../args';
import { addToExportManifest, claimExportDir, exportOwner, writeExportManifest } from '../../core/app/steps/export-manifest';
import { configFromArgs } from '../config-flags';
import type { Output } from '../output';
import { printOutcome } from './print';

/**
 * `prospect demo --out DIR [--scenario isotropic|zoned]`: generates a built-in demo study area (seeded), imports it
 * into DIR/demo.prospect, runs every step of the chosen preset and exports into DIR. A second call into the same
 * folder starts over, replacing its own files; a folder holding other files is refused unless --force. The new demo
 * project replaces the old one only when every step succeeded.
 */
export async function demoCommand(args: Args, out: Output, signal: AbortSignal) {
  const dir = resolve(required(args, 'out', 'the folder to write the demo project and its exports into'));
  const config = configFromArgs(args);
  const projectPath = join(dir, 'demo.prospect');
  const scenario = choice(args, 'scenario', DEMO_SCENARIOS) ?? 'isotropic';
  const claim = claimExportDir(dir, { id: 'demo', path: projectPath, demo: true }, { force: forceExport(args) });
  mkdirSync(dir, { recursive: true });
  const seed = num(args, 'demo-seed');
  const small = bool(args, 'small');
  const files = generateScenario(scenario, join(dir, 'data'), { seed, small }, { signal });
  out.info(`demo area (${scenario}): ${files.samples} samples, ${files.deposits} deposits, ${files.crs}; pathfinders ${files.pathfinders.join(', ')}`);
  const p = Project.stage(projectPath, { name: 'Demo study area' }, { replace: true });
  try {
    // The folder is the demo's from now: the export step finds this project's manifest there.
    writeExportManifest({ ...claim, owner: exportOwner(p, { demo: true }) }, [files.samplesFile, files.depositsFile, files.recipeFile, projectPath]);
    if (claim.how === 'own' && claim.own.length) out.info(`demo: replacing ${claim.own.length} files of the earlier demo in ${dir}`);
    const common = { signal, onProgress: out.progress };
    const samples = await importSamplesStep(p, files.samplesFile, { x: 'X', y: 'Y', crs: files.crs }, common);
    const deposits = await importDepositsStep(p, files.depositsFile, { x: 'X', y: 'Y', crs: files.crs, nameColumn: 'NAME' }, common);
    const t0 = performance.now();
    const outcomes = await runPipeline(p, config, { signal, onProgress: out.progress, outDir: dir, force: claim.how === 'forced' || undefined });
    for (const o of outcomes) printOutcome(out, o);
    p.commit();
    addToExportManifest(dir, [projectPath]);
    return {
      project: projectPath, scenario, demo: files, preset: config.preset, seed: config.seed,
      imports: { samples: samples.report, deposits: deposits.report },
      steps: outcomes, seconds: (performance.now() - t0) / 1000,
      files: [files.samplesFile, files.depositsFile, files.recipeFile, projectPath, ...outcomes.flatMap((o) => o.files)],
    };
  } finally {
    p.close();
  }
}
