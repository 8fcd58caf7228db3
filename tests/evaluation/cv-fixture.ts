// A small demo project (seeded synthetic survey) built up to the dataset step, shared by the CV, targets and report tests.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveConfig, type ConfigOverrides, type PipelineConfig } from '../../src-main/core/config';
import { generateDemo } from '../../src-main/core/demo/generate';
import { runPipeline } from '../../src-main/core/app/pipeline';
import { importDepositsStep, importSamplesStep } from '../../src-main/core/app/steps/import-step';
import type { StepName } from '../../src-main/core/store/runs-repo';
import { Project } from '../../src-main/core/store/project';
import { watched } from '../helpers/watchdog';

export const SMALL: ConfigOverrides = {
  dataset: { windowSize: 16, cropSize: 14, nPositive: 60, nNegative: 60, folds: 3 },
  train: { arch: 'smallcnn', epochs: 2, batchSize: 16 },
  predict: { denseStrideFraction: 1 },
};

export async function smallDemoProject(steps: StepName[], extra: Record<string, unknown> = {}): Promise<{ p: Project; dir: string; config: PipelineConfig }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'prospect-cv-'));
  const files = generateDemo(path.join(dir, 'data'), { samples: 1500, sizeKm: 16, deposits: 12 });
  const p = Project.create(path.join(dir, 'small.prospect'), { name: 'small demo' });
  await importSamplesStep(p, files.samplesFile, { x: 'X', y: 'Y', crs: files.crs });
  await importDepositsStep(p, files.depositsFile, { x: 'X', y: 'Y', crs: files.crs, nameColumn: 'NAME' });
  const config = Object.assign(resolveConfig('quick', SMALL), extra) as PipelineConfig;
  await watched(`small demo project (${steps.join(', ')})`, (w) => runPipeline(p, config, { steps, outDir: path.join(dir, 'export'), ...w }));
  return { p, dir, config };
}
