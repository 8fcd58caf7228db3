// Runs stored by older versions lack fields added since: reading them through the runs repository fills those fields
// once, with the documented defaults (store/run-upgrade.ts), so every reader sees the same values.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Project } from '../../src-main/core/store/project';
import { getRun, latestRun, listRuns } from '../../src-main/core/store/runs-repo';
import { tempDir } from '../helpers/cli';

/** Writes a run row as an old version did: raw JSON, whatever fields it had then. */
function oldRow(p: Project, step: string, params: object, metrics: object | null, parentId: number | null = null): number {
  const info = p.db.prepare("INSERT INTO runs(step, params, seed, status, metrics, backend, started_at, finished_at, parent_id) VALUES (?,?,1,'done',?,NULL,'2024-01-01T00:00:00Z','2024-01-01T00:00:01Z',?)")
    .run(step, JSON.stringify(params), metrics === null ? null : JSON.stringify(metrics), parentId);
  return Number(info.lastInsertRowid);
}

describe('stored runs of older files', () => {
  it('are read back with the documented defaults, the same through every reader', () => {
    const file = path.join(tempDir('runs-'), 'old.prospect');
    const p = Project.create(file, { name: 'old' });
    try {
      const train = oldRow(p, 'train', { arch: 'smallcnn', epochs: 2 }, { arch: 'smallcnn', epochs: 2 });
      const pred = oldRow(p, 'predict', { tileRows: 12, tileCols: 12, dense: true, modelId: 1, modelSource: file }, { modelId: 1, arch: 'smallcnn', tiles: 144 }, train);
      const ev = oldRow(p, 'evaluate', { threshold: 0.5 }, { paper: { n: 144 } }, pred);
      oldRow(p, 'select', { threshold: 2.58 }, { selected: ['Cu'], threshold: 2.58, deposits: 9 });

      const predict = latestRun(p, 'predict')!;
      expect(predict.params.threshold).toBe(0.5);
      expect(predict.metrics!.elements).toEqual([]);
      expect(predict.params.tileRows).toBe(12);

      const t = latestRun(p, 'train')!;
      expect(t.params.validationFold).toBeNull();
      expect(t.metrics!.history).toEqual([]);

      const e = latestRun(p, 'evaluate')!;
      expect(e.metrics!.kind).toBe('cv');
      if (e.metrics!.kind !== 'cv') throw new Error('unreachable');
      expect(e.metrics!.predictRunId).toBe(pred);
      expect(e.metrics!.targets).toBeNull();
      expect(e.metrics!.verdict).toBeNull();

      expect(latestRun(p, 'select')!.metrics!.excluded).toEqual([]);

      // getRun and listRuns go through the same upgrade.
      const again = getRun(p, ev)!;
      expect(again.step).toBe('evaluate');
      expect(again.metrics).toEqual(e.metrics);
      const listed = listRuns(p).find((r) => r.id === pred)!;
      expect(listed.params).toEqual(predict.params);
    } finally {
      p.close();
    }
  });

  it('keep what a current file stored, and a transfer evaluation stays one', () => {
    const file = path.join(tempDir('runs-'), 'new.prospect');
    const p = Project.create(file, { name: 'new' });
    try {
      oldRow(p, 'predict', { tileRows: 8, tileCols: 8, threshold: 0.7, dense: false, modelId: 2, modelSource: '/other.prospect' }, { elements: ['As', 'Sb'] });
      oldRow(p, 'evaluate', { threshold: 0.7, modelSource: '/other.prospect' }, { kind: 'transfer', paper: { n: 64 }, transfer: null, curves: null, modelSource: '/other.prospect', labelsKnown: false, predictRunId: 1 }, 1);
      const predict = latestRun(p, 'predict')!;
      expect(predict.params.threshold).toBe(0.7);
      expect(predict.metrics!.elements).toEqual(['As', 'Sb']);
      const e = latestRun(p, 'evaluate')!;
      expect(e.metrics!.kind).toBe('transfer');
      expect(e.metrics).not.toHaveProperty('targets');
      expect(e.metrics).not.toHaveProperty('verdict');
    } finally {
      p.close();
    }
  });
});
