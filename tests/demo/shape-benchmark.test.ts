// The shape benchmark scores on the evaluation's own folds and ground (each fold's whole held-out block): its copies of
// the evaluation's per-cell maps come out identical to blockedSpatialCv's (AUC, cells scored, cluster-t interval and
// captures), and every added model is scored on the same held-out deposits and cells.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockedSpatialCv } from '../../src-main/core/evaluation/cv';
import { shapeBenchmark } from '../../src-main/core/evaluation/shape-benchmark';
import type { PipelineConfig } from '../../src-main/core/config';
import { loadDataset } from '../../src-main/core/store/datasets-repo';
import { projectDepositCells } from '../../src-main/core/app/deposit-cells';
import { listGridElements } from '../../src-main/core/store/grids-repo';
import { loadGridStack } from '../../src-main/core/app/grid-stack';
import type { Project } from '../../src-main/core/store/project';
import { smallDemoProject } from '../evaluation/cv-fixture';

let p: Project;
let config: PipelineConfig;

beforeAll(async () => {
  ({ p, config } = await smallDemoProject(['grid', 'select', 'dataset']));
}, 600_000);
afterAll(() => p?.close());

describe('shape benchmark', () => {
  it('reproduces the evaluation\'s per-cell maps and scores the neighbourhood and shape models on the same deposits', async () => {
    const ds = loadDataset(p);
    const stack = loadGridStack(p, listGridElements(p), 'z');
    const cells = projectDepositCells(p, stack.spec);
    const input = { stack, depositCells: cells, windows: ds.windows, foldBuffer: ds.params.foldBuffer };
    const r = shapeBenchmark(input, config);
    const cv = await blockedSpatialCv({ ...input, cropSize: ds.params.cropSize, strideFraction: 1 }, config, { archs: [] });
    for (const m of cv.map!.models) {
      const row = r.rows.find((x) => x.model === m.model);
      expect(row, m.model).toBeDefined();
      expect(row!.mapAuc, m.model).toBe(m.mapAuc);
      // The same cells: a benchmark scoring another region (the union of held-out windows) differs here first.
      expect(row!.nCells, m.model).toBe(m.perFold.reduce((s, f) => s + f.nCells, 0));
      expect(row!.interval, m.model).toEqual(m.interval ? { lo: m.interval.lo, hi: m.interval.hi } : null);
      expect(row!.captureAt, m.model).toEqual(m.captureAt ?? null);
    }
    const models = r.rows.map((x) => x.model);
    expect(models).toEqual(expect.arrayContaining(['logistic-z', 'neighbourhood-logistic', 'neighbourhood-logistic-all', 'shape:ring-and-core', 'shape:ring-minus-centre-and-core']));
    const n = r.rows[0].nDeposits;
    expect(n).toBeGreaterThan(0);
    for (const row of r.rows) {
      expect(row.nDeposits, row.model).toBe(n);
      expect(row.nCells, row.model).toBe(r.rows[0].nCells);
      expect(row.mapAuc, row.model).toBeGreaterThanOrEqual(0);
      expect(row.mapAuc, row.model).toBeLessThanOrEqual(1);
    }
    expect(r.pairs.length).toBeGreaterThan(0);
    // Pairs are the evaluation's paired cluster-t comparisons (comparePairs), turned to a minus b: on the same deposits
    // the difference is that of the pooled AUCs, and the interval holds it.
    for (const d of r.pairs) {
      const auc = (m: string) => r.rows.find((x) => x.model === m)!.mapAuc!;
      expect(d.method).toBe('cluster-t');
      expect(d.deposits).toBe(n);
      expect(d.difference, `${d.a} - ${d.b}`).toBeCloseTo(auc(d.a) - auc(d.b), 10);
      expect(d.lo).toBeLessThanOrEqual(d.difference);
      expect(d.hi).toBeGreaterThanOrEqual(d.difference);
    }
  }, 600_000);
});
