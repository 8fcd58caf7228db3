// Targets a geologist can act on, through the real steps on a small demo: the deployed model is refitted on every
// window, the evaluation delivers calibrated target areas classed known / extension / greenfield with drivers from
// occlusion, and a forced element that carries no signal is not what the model's targets rest on.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watched } from '../helpers/watchdog';
import { resolveConfig } from '../../src-main/core/config';
import { generateDemo } from '../../src-main/core/demo/generate';
import { runPipeline } from '../../src-main/core/app/pipeline';
import type { DatasetResult, EvaluateResult, TrainResult } from '../../src-main/core/results';
import { importDepositsStep, importSamplesStep } from '../../src-main/core/app/steps/import-step';
import { loadDataset } from '../../src-main/core/store/datasets-repo';
import { loadMap } from '../../src-main/core/store/predictions-repo';
import { Project } from '../../src-main/core/store/project';
import { latestRun } from '../../src-main/core/store/runs-repo';
import { tempDir } from '../helpers/cli';

let p: Project;
let pathfinders: string[];
const dir = tempDir('prospect-targets-');

beforeAll(async () => {
  const files = generateDemo(path.join(dir, 'data'), { samples: 1500, sizeKm: 16, deposits: 12 });
  pathfinders = files.pathfinders;
  p = Project.create(path.join(dir, 'small.prospect'), { name: 'small demo' });
  await importSamplesStep(p, files.samplesFile, { x: 'X', y: 'Y', crs: files.crs });
  await importDepositsStep(p, files.depositsFile, { x: 'X', y: 'Y', crs: files.crs, nameColumn: 'NAME' });
  // Ba is no pathfinder of the generator: forced in, it is a channel the model can learn to ignore.
  const config = resolveConfig('quick', {
    select: { force: ['Ba'] }, dataset: { windowSize: 16, cropSize: 14, nPositive: 80, nNegative: 80, folds: 3 },
    train: { epochs: 4, batchSize: 16 }, evaluate: { randomCv: false },
  });
  await watched('targets test area', (w) => runPipeline(p, config, { outDir: path.join(dir, 'export'), ...w }));
}, 900_000);
afterAll(() => p?.close());

describe('targets from the validated model', () => {
  it('deploys the cross-validated procedure refitted on every window', () => {
    const train = latestRun(p, 'train')!.metrics as TrainResult;
    const ds = loadDataset(p);
    expect(train.validationFold).toBeNull();
    expect(train.validationWindows).toBe(0);
    // Border windows the folds dropped are trained on too.
    expect(train.trainWindows).toBe(ds.windows.length);
    expect(ds.windows.some((w) => w.fold < 0) || (latestRun(p, 'dataset')!.metrics as DatasetResult).droppedByFolds === 0).toBe(true);
  });

  it('delivers calibrated, classed target areas with an uncertainty map and a reliability curve', () => {
    const run = latestRun(p, 'evaluate')!;
    const t = (run.metrics as EvaluateResult).targets!;
    expect(t).not.toBeNull();
    expect(['probability', 'score']).toContain(t.scoreKind);
    expect(t.calibration.reason.length).toBeGreaterThan(20);
    expect(t.reliability!.bins.length).toBeGreaterThan(2);
    expect(t.areas.length).toBeGreaterThan(0);
    // Classed by the peak (one area per peak): known within half a window of a deposit, else extension or greenfield.
    const S = loadDataset(p).windows[0].size;
    for (const a of t.areas) {
      expect(['known', 'extension', 'greenfield']).toContain(a.class);
      const half = (S / 2) * Math.sqrt((a.areaKm2 * 1e6) / a.cells); // square cells: side from the area per cell
      if (a.class === 'known') expect(a.nearestDeposit!.distance).toBeLessThanOrEqual(half + 1e-6);
      else expect(a.nearestDeposit!.distance).toBeGreaterThan(half - 1e-6);
      expect(a.areaKm2).toBeGreaterThan(0);
    }
    // The targets come from the map the verdict delivers, named with the reason; the CNN's carry the fold spread.
    const verdict = (run.metrics as EvaluateResult).verdict!;
    expect(t.map).toMatchObject({ model: verdict.deliveredMap!.model, reason: verdict.deliveredMap!.reason });
    expect(verdict.targetsFrom).toBe(t.map!.model);
    const unc = loadMap(p, run.id, 'uncertainty');
    const cls = loadMap(p, run.id, 'target-classes')!;
    // Every delivery has an uncertainty map: the CNN's fold spread, or a simple map's fold refits' spread (>= 0, and
    // possibly 0 everywhere for one element's grid, which its description then says).
    expect(unc).not.toBeNull();
    if (t.map!.model.startsWith('cnn:')) expect(unc!.some((v) => v > 0)).toBe(true);
    else expect(Array.from(unc!).every((v) => Number.isNaN(v) || v >= 0)).toBe(true);
    expect(new Set(Array.from(cls).filter((v) => !Number.isNaN(v)))).toEqual(new Set([0, ...new Set(t.areas.map((a) => ({ known: 1, extension: 2, greenfield: 3 })[a.class]))]));
  });

  it('names what the model used: the forced non-pathfinder is not the top driver of the known targets', () => {
    const t = (latestRun(p, 'evaluate')!.metrics as EvaluateResult).targets!;
    // A simple map delivered instead of the CNN has no occlusion drivers (its model is the element grid or a fit on it).
    if (!t.map!.model.startsWith('cnn:')) {
      expect(t.areas.every((a) => a.drivers.length === 0)).toBe(true);
      return;
    }
    const explained = t.areas.filter((a) => a.class === 'known' && a.drivers.length > 0);
    expect(explained.length).toBeGreaterThan(0);
    const tops = explained.map((a) => a.drivers[0].element);
    expect(tops.filter((e) => pathfinders.includes(e)).length).toBeGreaterThan(tops.length / 2);
    expect(tops.filter((e) => e === 'Ba').length).toBeLessThan(tops.length / 2);
  });
});
