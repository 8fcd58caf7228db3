// Blocked spatial CV on a small demo project: real grids, real selection, real tfjs training (smallcnn, 2 epochs).
import { beforeAll, describe, expect, it } from 'vitest';
import { blockedSpatialCv, scoreBinary, windowCover } from '../../src-main/core/evaluation/cv';
import type { CvResult, StoredWindow as FoldedWindow } from '../../src-main/core/results';
import { classificationReport, rocAuc } from '../../src-main/core/evaluation/metrics';
import { windowGap } from '../../src-main/core/dataset/folds';
import { loadDataset } from '../../src-main/core/store/datasets-repo';
import { projectDepositCells } from '../../src-main/core/app/deposit-cells';
import { listGridElements } from '../../src-main/core/store/grids-repo';
import { loadGridStack } from '../../src-main/core/app/grid-stack';
import { latestRun } from '../../src-main/core/store/runs-repo';
import type { GridStack } from '../../src-main/core/types';
import { sklearn } from '../selection/sklearn';
import { smallDemoProject } from './cv-fixture';

let cv: CvResult;
let windows: FoldedWindow[];
let stack: GridStack;
let buffer: number;
let nDeposits: number;
let cells: ReturnType<typeof projectDepositCells>;
const progress: { message?: string }[] = [];
let config: Awaited<ReturnType<typeof smallDemoProject>>['config'];

beforeAll(async () => {
  const made = await smallDemoProject(['grid', 'select', 'dataset']);
  config = made.config;
  const ds = loadDataset(made.p);
  windows = ds.windows;
  buffer = (latestRun(made.p, 'dataset')!.metrics as { foldBuffer: number }).foldBuffer;
  stack = loadGridStack(made.p, listGridElements(made.p), 'z');
  cells = projectDepositCells(made.p, stack.spec);
  nDeposits = cells.length;
  cv = await blockedSpatialCv({ stack, depositCells: cells, windows, cropSize: ds.params.cropSize, strideFraction: 0.5 }, config, { epochs: 2, onProgress: (p) => progress.push(p) });
  made.p.close();
}, 120_000);

describe('blockedSpatialCv', () => {
  it('scores every fold with windows of that fold only, none within the buffer of a training window', () => {
    const folds = [...new Set(windows.filter((w) => w.fold >= 0).map((w) => w.fold))].sort();
    expect(cv.folds).toEqual(folds);
    expect(cv.windowsDropped).toBe(windows.filter((w) => w.fold < 0).length);
    const cnn = cv.cnn[0];
    expect(cnn.perFold.map((f) => f.fold)).toEqual(folds);
    for (const f of cnn.perFold) {
      const train = windows.filter((w) => w.fold >= 0 && w.fold !== f.fold);
      expect(f.windows.length).toBeGreaterThan(0);
      for (const i of f.windows) {
        expect(windows[i].fold).toBe(f.fold);
        for (const t of train) expect(windowGap(windows[i], t)).toBeGreaterThanOrEqual(buffer);
      }
    }
    expect(cv.windowsScored).toBe(windows.filter((w) => w.fold >= 0).length);
  });

  it('fits selection without the held-out deposits and z-scores on the training cells', () => {
    for (const s of cv.selections) {
      expect(s.heldOutDeposits.length).toBeGreaterThan(0);
      for (const d of s.heldOutDeposits) expect(s.trainingDeposits).not.toContain(d);
      // Each row's positives are the training deposits only (on distinct cells), never all of them.
      for (const r of s.rows) expect(r.nPos).toBeLessThanOrEqual(s.trainingDeposits.length);
      expect(Math.max(...s.rows.map((r) => r.nPos))).toBeLessThan(nDeposits);
      // The stored z-score parameters are the mean / sd of the training windows' cells.
      const train = windows.filter((w) => w.fold >= 0 && w.fold !== s.fold);
      const cover = windowCover(stack.spec.width, stack.spec.height, train);
      const k = 0;
      const vals: number[] = [];
      stack.bands[k].forEach((v, i) => { if (cover[i] && !Number.isNaN(v)) vals.push(v); });
      const mean = vals.reduce((a, b) => a + b, 0) / vals.length;
      expect(s.zscore[k].mean).toBeCloseTo(mean, 4);
      // The held-out region's cells are not in the selection's background either.
      const held = windowCover(stack.spec.width, stack.spec.height, windows.filter((w) => w.fold === s.fold));
      let heldValid = 0;
      let allValid = 0;
      stack.bands[k].forEach((v, i) => { if (!Number.isNaN(v)) { allValid++; if (held[i]) heldValid++; } });
      expect(s.rows[k].nPos + s.rows[k].nNeg).toBe(allValid - heldValid);
    }
    // The demo's pathfinders still come through on the training folds.
    expect(cv.selections.every((s) => s.elements.length > 0)).toBe(true);
  });

  it('reports figures that equal those recomputed from the stored per-fold predictions (AUC checked by sklearn)', () => {
    for (const m of [cv.cnn[0], cv.baselines.bestElement, cv.baselines.logistic]) {
      const labels = m.perFold.flatMap((f) => f.labels);
      const probs = m.perFold.flatMap((f) => f.probs);
      const preds = m.perFold.flatMap((f) => f.probs.map((p) => (p >= f.threshold ? 1 : 0)));
      const rep = classificationReport(labels, preds);
      expect(m.pooled.accuracy).toBeCloseTo(rep.accuracy, 12);
      expect(m.pooled.confusion).toEqual(rep.confusion);
      expect(m.pooled.macroF1).toBeCloseTo(rep.macroF1, 12);
      expect(m.pooled.auc!).toBeCloseTo(rocAuc(probs, labels).auc, 12);
      const ref = sklearn<{ auc: number[] }>({ op: 'auc', cases: [{ scores: probs, labels }, ...m.perFold.filter((f) => f.auc !== null).map((f) => ({ scores: f.probs, labels: f.labels }))] });
      expect(m.pooled.auc!).toBeCloseTo(ref.auc[0], 9);
      m.perFold.filter((f) => f.auc !== null).forEach((f, j) => expect(f.auc!).toBeCloseTo(ref.auc[j + 1], 9));
      for (const f of m.perFold) {
        expect(f.confusion).toEqual(classificationReport(f.labels, f.probs.map((p) => (p >= f.threshold ? 1 : 0))).confusion);
      }
    }
    // The synthetic halos are strong: a held-out CNN beats chance on them.
    expect(cv.cnn[0].pooled.auc!).toBeGreaterThan(0.6);
  });

  it('gives a held-out prediction-rate curve and reports progress per fold and epoch', () => {
    const pr = cv.cnn[0].predictionRate!;
    expect(pr.nDeposits).toBe(cv.selections.reduce((s, x) => s + x.heldOutDeposits.length, 0));
    expect(pr.areaShare.every((a) => a >= 0 && a <= 1)).toBe(true);
    for (const f of cv.folds) expect(progress.some((p) => p.message?.startsWith(`fold ${f} smallcnn: epoch`))).toBe(true);
  });

  it('scores every model on the same cells of each fold\'s whole held-out block, far more than its windows, and compares every pair', () => {
    const m = cv.map!;
    expect(m.models.length).toBeGreaterThanOrEqual(5);
    for (const f of m.folds) {
      const rows = m.models.map((x) => x.perFold.find((p) => p.fold === f)!).filter(Boolean);
      expect(new Set(rows.map((r) => r.nCells)).size).toBe(1);
      expect(new Set(rows.map((r) => r.deposits.join(','))).size).toBe(1);
      const heldWindows = windowCover(stack.spec.width, stack.spec.height, windows.filter((w) => w.fold === f));
      const windowCells = heldWindows.reduce((s, v) => s + v, 0);
      expect(rows[0].blockCells).toBeGreaterThan(windowCells);
    }
    const defined = m.models.filter((x) => x.mapAuc !== null).length;
    expect(m.pairs).toHaveLength((defined * (defined - 1)) / 2);
    for (const x of m.models) if (x.mapAuc !== null) expect(Object.keys(x.captureAt!)).toEqual(['0.01', '0.05', '0.1', '0.2']);
    // The CNN's map calibrated on the held-out blocks' cells; with this small demo's few deposits, a score by the rule.
    const cal = m.calibrations!['cnn:smallcnn'];
    const held = cv.selections.reduce((s, x) => s + x.heldOutDeposits.length, 0);
    expect(cal.calibration.isProbability).toBe(held >= 15);
    expect(cal.calibration.priorShift).toBeUndefined();
    expect(cal.reliability!.n).toBeGreaterThan(held);
  });

  it('reports a fold without a class as such, AUC undefined', () => {
    const s = scoreBinary([1, 1, 1], [0.9, 0.2, 0.7], 0.5);
    expect(s.auc).toBeNull();
    expect(s.note).toMatch(/AUC undefined/);
    expect(s.recall[1]).toBeCloseTo(2 / 3, 12);
  });

  it('stops at once when cancelled', async () => {
    const ac = new AbortController();
    const ds = { stack, depositCells: cells, windows, cropSize: 14, strideFraction: 0.5 };
    const run = blockedSpatialCv(ds, config, { epochs: 2, dense: false, signal: ac.signal, onProgress: () => ac.abort() });
    await expect(run).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
