// The whole method with the quick preset's defaults on two real areas nobody tuned it for: the data-driven folds hold
// both classes, every model's held-out map AUC comes with an interval, the verdict is there, and a single element's
// map AUC on a held-out fold equals scikit-learn's roc_auc_score over that fold's valid cells.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src-main/core/config';
import { validMask } from '../../src-main/core/dataset/cells';
import { fitFoldInputs, splitFold } from '../../src-main/core/evaluation/fold-inputs';
import { foldBlocks, heldOutBlock } from '../../src-main/core/evaluation/held-blocks';
import { foldMapScores } from '../../src-main/core/evaluation/map-eval';
import { targetsView } from '../../src-main/core/app/views/targets-view';
import { runPipeline } from '../../src-main/core/app/pipeline';
import type { DatasetResult, EvaluateResult } from '../../src-main/core/results';
import { importDepositsStep, importGridsStep, importSamplesStep } from '../../src-main/core/app/steps/import-step';
import { loadDataset } from '../../src-main/core/store/datasets-repo';
import { projectDepositCells } from '../../src-main/core/app/deposit-cells';
import { listGridElements } from '../../src-main/core/store/grids-repo';
import { loadGridStack } from '../../src-main/core/app/grid-stack';
import { Project } from '../../src-main/core/store/project';
import { latestRun } from '../../src-main/core/store/runs-repo';
import { repoRoot, sklearn } from '../selection/sklearn';

const data = (p: string) => path.join(repoRoot, '../shared/data', p);
const dir = mkdtempSync(path.join(os.tmpdir(), 'prospect-real-areas-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Random CV doubles the cost and is checked on the demo; these areas check the held-out maps.
const config = () => resolveConfig('quick', { evaluate: { randomCv: false } });

function checkEvaluation(p: Project): EvaluateResult {
  const ds = latestRun(p, 'dataset')!.metrics as DatasetResult;
  // Every fold holds ore and background windows, and most windows are kept.
  for (let f = 0; f < ds.folds; f++) {
    expect(ds.positivesPerFold[f], `fold ${f} ore windows`).toBeGreaterThan(0);
    expect(ds.negativesPerFold[f], `fold ${f} background windows`).toBeGreaterThan(0);
  }
  expect(ds.droppedByFolds).toBeLessThan((ds.positives + ds.negatives + ds.droppedByFolds) / 2);
  // Every data-driven setting says where it came from.
  for (const c of ds.settings!.choices) expect(c.reason.length, c.setting).toBeGreaterThan(10);
  const ev = latestRun(p, 'evaluate')!.metrics as EvaluateResult;
  const map = ev.cv.map!;
  expect(map.models.map((m) => m.kind).sort()).toEqual(['best-element', 'cnn', 'logistic', 'random-forest', 'zscore-index']);
  for (const m of map.models) {
    expect(m.mapAuc, `${m.model} map AUC`).not.toBeNull();
    expect(m.interval, `${m.model} interval`).not.toBeNull();
    expect(m.interval!.lo).toBeLessThanOrEqual(m.mapAuc!);
    expect(m.interval!.hi).toBeGreaterThanOrEqual(m.mapAuc!);
    expect(m.perFold.length).toBe(ds.folds);
  }
  // The verdict names the best held-out map of all models, not the CNN's; every pair is compared.
  const raw = map.verdict;
  const best = [...map.models].sort((a, b) => b.mapAuc! - a.mapAuc!)[0];
  expect(raw.bestModel).toBe(best.model);
  expect(raw.sentence).toMatch(/^The best held-out map is the .+ \(map AUC \d\.\d\d/);
  expect(map.pairs).toHaveLength(10);
  // What the targets may be used for follows from the intervals, and the Targets screen's view carries it; the
  // stored targets are still the CNN's, so a trust earned by another map is not lent to them.
  const trust = best.interval!.lo <= 0.5 ? 'chance' : raw.bestBeatsSimplest === true ? 'act' : 'element';
  expect(raw.trust).toBe(trust);
  const shown = raw.deliveredMap!.model === ev.verdict!.targetsFrom || trust !== 'act' ? trust : 'element';
  expect(ev.verdict!.trust).toBe(shown);
  expect(targetsView(p)!.verdict).toEqual({ sentence: ev.verdict!.sentence, trust: shown });
  return ev;
}

/** Recomputes fold `f`'s best-element map with the core's own stages and checks its AUC with scikit-learn. */
function checkBestElementAgainstSklearn(p: Project, ev: EvaluateResult): void {
  const ds = loadDataset(p);
  const stack = loadGridStack(p, listGridElements(p), 'z');
  const cells = projectDepositCells(p, stack.spec);
  const fold = ev.cv.map!.models.find((m) => m.kind === 'best-element')!.perFold.find((x) => x.nPositive > 0)!;
  const split = splitFold(ds.windows, fold.fold);
  if ('reason' in split) throw new Error(split.reason);
  const inputs = fitFoldInputs(stack, cells, ds.windows, split, config());
  if ('reason' in inputs) throw new Error(inputs.reason);
  const { width: W, height: H } = stack.spec;
  const mask = validMask(stack, inputs.selection.elements);
  // The fold's held-out block, as the CV builds it (held-blocks.ts).
  const block = heldOutBlock({
    width: W, height: H, mask, blocks: foldBlocks(W, H, ds.windows), fold: fold.fold, windows: ds.windows, buffer: ds.params.foldBuffer ?? ds.windows[0].size,
    deposits: cells, heldIds: new Set(inputs.selection.heldOutDeposits), seed: config().seed + 7 * fold.fold,
  });
  const region = block.region;
  expect(block.blockCells).toBe(fold.blockCells);
  const trainIds = new Set(inputs.selection.trainingDeposits);
  const scores = foldMapScores({
    fold: fold.fold, region, trainMask: block.trainMask, stack: inputs.stack, elements: inputs.selection.elements,
    heldCells: inputs.heldCells, trainCells: cells.filter((c) => c.id !== undefined && trainIds.has(c.id)), cnnMaps: [],
    seed: config().seed + fold.fold, radius: Math.max(1, Math.round(ds.windows[0].size / 4)), keepMaps: true,
  });
  const best = scores.find((s) => s.kind === 'best-element')!;
  expect(best.score.auc).toBeCloseTo(fold.auc!, 12);
  const positive = new Set(inputs.heldCells.map((c) => c.row * W + c.col));
  const labels: number[] = [];
  const values: number[] = [];
  region.forEach((r, i) => {
    if (!r) return;
    labels.push(positive.has(i) ? 1 : 0);
    values.push(best.map![i]);
  });
  const ref = sklearn<{ auc: number[] }>({ op: 'auc', cases: [{ labels, scores: values }] }).auc[0];
  expect(best.score.auc).toBeCloseTo(ref, 10);
}

describe('xinjiang-au-grids with the defaults', () => {
  let p: Project;
  beforeAll(async () => {
    p = Project.create(path.join(dir, 'xj.prospect'), { name: 'xinjiang' });
    await importGridsStep(p, data('xinjiang-au-grids/Geochemical_data'), {});
    await importDepositsStep(p, data('xinjiang-au-grids/DERIVED_au_deposits_on_geochem_grid.csv'), { x: 'x_utm45n', y: 'y_utm45n', crs: 'EPSG:32645' });
    await runPipeline(p, config(), { outDir: path.join(dir, 'xj-out') });
  }, 600_000);
  afterAll(() => p?.close());

  it('holds both classes in every fold, scores every model on the map with an interval, and gives a verdict', () => {
    checkEvaluation(p);
  });
  it('a single element\'s held-out map AUC equals scikit-learn\'s over the fold\'s valid cells', () => {
    checkBestElementAgainstSklearn(p, latestRun(p, 'evaluate')!.metrics as EvaluateResult);
  });
});

describe('wa-katanning-sediment with the defaults', () => {
  let p: Project;
  beforeAll(async () => {
    p = Project.create(path.join(dir, 'kat.prospect'), { name: 'katanning' });
    await importSamplesStep(p, data('wa-katanning-sediment/area1_sediment_au.csv'), {});
    await importDepositsStep(p, data('wa-katanning-sediment/area1_sediment_au_site.csv'), {});
    await runPipeline(p, config(), { outDir: path.join(dir, 'kat-out') });
  }, 900_000);
  afterAll(() => p?.close());

  it('holds both classes in every fold, scores every model on the map with an interval, and gives a verdict', () => {
    checkEvaluation(p);
  });
  it('a single element\'s held-out map AUC equals scikit-learn\'s over the fold\'s valid cells', () => {
    checkBestElementAgainstSklearn(p, latestRun(p, 'evaluate')!.metrics as EvaluateResult);
  });
});
