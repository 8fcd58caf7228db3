// kill -9 during training, then `prospect train --resume`: training continues from the last checkpoint stored in the
// project file, ends with the same model as an uninterrupted run, and the file passes PRAGMA integrity_check.
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../src-main/core/demo/generate';
import { prospect, prospectAsync, tempDir } from '../helpers/cli';

let dir: string;
let project: string;
const trainFlags = ['--arch', 'smallcnn', '--epochs', '4', '--batch', '16', '--seed', '5'];

beforeAll(() => {
  dir = tempDir('prospect-resume-');
  const demo = generateDemo(path.join(dir, 'data'), { samples: 1600, sizeKm: 16, deposits: 12, seed: 11 });
  project = path.join(dir, 'area.prospect');
  const steps = [
    ['import', '--project', project, '--samples', demo.samplesFile, '--x', 'X', '--y', 'Y', '--crs', demo.crs],
    ['import', '--project', project, '--deposits', demo.depositsFile, '--x', 'X', '--y', 'Y', '--crs', demo.crs],
    ['run', '--project', project, '--steps', 'grid,select,dataset', '--cell', '100', '--window', '16', '--crop', '14', '--positives', '60', '--negatives', '60', '--folds', '3', '--seed', '5'],
  ];
  for (const s of steps) {
    const r = prospect(s);
    expect(r.code, r.stderr).toBe(0);
  }
}, 300_000);

function checkpointEpoch(file: string): number {
  const db = new Database(file, { readonly: true, timeout: 5000 });
  try {
    const r = db.prepare('SELECT max(epoch) AS e FROM checkpoints').get() as { e: number | null };
    return r.e ?? 0;
  } finally {
    db.close();
  }
}

function modelWeights(file: string): Buffer {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT weights FROM models ORDER BY id DESC LIMIT 1').get() as { weights: Buffer }).weights;
  } finally {
    db.close();
  }
}

describe('train --resume after kill -9', () => {
  it('continues from the checkpoint and ends where an uninterrupted run ends', async () => {
    const reference = path.join(dir, 'reference.prospect');
    copyFileSync(project, reference);

    const { child, done } = prospectAsync(['train', '--project', project, ...trainFlags]);
    const t0 = Date.now();
    while (checkpointEpoch(project) < 1) {
      if (Date.now() - t0 > 240_000) throw new Error('no checkpoint after 240 s');
      await new Promise((r) => setTimeout(r, 200));
    }
    child.kill('SIGKILL');
    const killed = await done;
    expect(killed.code).toBe(-1);
    const db = new Database(project, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((db.prepare("SELECT count(*) AS n FROM runs WHERE step = 'train' AND status = 'running'").get() as { n: number }).n).toBe(1);
    expect((db.prepare('SELECT count(*) AS n FROM models').get() as { n: number }).n).toBe(0);
    db.close();

    const resumed = prospect(['train', '--project', project, ...trainFlags, '--resume', '--json']);
    expect(resumed.code, resumed.stderr.slice(-2000)).toBe(0);
    const summary = (resumed.json as any).steps[0].summary;
    expect(summary.resumedFromEpoch).toBeGreaterThanOrEqual(1);
    expect(summary.epochs).toBe(4);

    const uninterrupted = prospect(['train', '--project', reference, ...trainFlags, '--json']);
    expect(uninterrupted.code, uninterrupted.stderr.slice(-2000)).toBe(0);
    expect(modelWeights(project).equals(modelWeights(reference))).toBe(true);

    const after = new Database(project, { readonly: true });
    expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((after.prepare("SELECT count(*) AS n FROM runs WHERE step = 'train' AND status = 'done'").get() as { n: number }).n).toBe(1);
    after.close();
  }, 600_000);
});
