// Paper step 7, generality: a model trained on one study area predicts another (`predict --model-from`), after
// checking that the elements it needs exist there.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../src-main/core/demo/generate';
import { prospect, tempDir } from '../helpers/cli';

let dir: string;
const quick = ['--cell', '100', '--window', '16', '--crop', '14', '--positives', '60', '--negatives', '60', '--folds', '3', '--epochs', '3', '--no-dense'];

function area(name: string, seed: number, withDeposits: boolean): string {
  const demo = generateDemo(path.join(dir, name), { samples: 1400, sizeKm: 15, deposits: 10, seed });
  const project = path.join(dir, `${name}.prospect`);
  expect(prospect(['import', '--project', project, '--samples', demo.samplesFile, '--x', 'X', '--y', 'Y', '--crs', demo.crs]).code).toBe(0);
  if (withDeposits) expect(prospect(['import', '--project', project, '--deposits', demo.depositsFile, '--x', 'X', '--y', 'Y', '--crs', demo.crs]).code).toBe(0);
  return project;
}

let a: string;
beforeAll(() => {
  dir = tempDir('prospect-generality-');
  a = area('a', 101, true);
  const r = prospect(['run', '--project', a, '--steps', 'grid,select,dataset,train', ...quick]);
  expect(r.code, r.stderr.slice(-1500)).toBe(0);
}, 400_000);

describe('predict --model-from another study area', () => {
  it('predicts a second area with the first area\'s model, labelled by its own deposits', () => {
    const b = area('b', 202, true);
    expect(prospect(['grid', '--project', b, '--cell', '100']).code).toBe(0);
    const r = prospect(['predict', '--project', b, '--model-from', a, '--no-dense', '--json']);
    expect(r.code, r.stderr.slice(-1500)).toBe(0);
    const s = (r.json as any).steps[0].summary;
    expect(s.modelSource).toBe(a);
    expect(s.tilesPredicted).toBe(144);
    expect(s.labelsKnown).toBe(true);
    const ev = prospect(['evaluate', '--project', b, '--json']);
    expect(ev.code, ev.stderr.slice(-1500)).toBe(0);
    // Nothing of area b was used to fit the model: its tile scores are held out, and labelled so.
    const transfer = (ev.json as any).transfer;
    expect(transfer.n).toBe(144);
    expect(transfer.label).toMatch(/held out/);
    expect((ev.json as any).cv).toBeUndefined();
  }, 300_000);

  it('predicts an area without known deposits', () => {
    const c = area('c', 303, false);
    expect(prospect(['grid', '--project', c, '--cell', '100']).code).toBe(0);
    const r = prospect(['predict', '--project', c, '--model-from', a, '--no-dense', '--json']);
    expect(r.code, r.stderr.slice(-1500)).toBe(0);
    expect((r.json as any).steps[0].summary.labelsKnown).toBe(false);
  }, 300_000);

  it('refuses an area that lacks an element the model needs, naming it', () => {
    const d = area('d', 404, true);
    expect(prospect(['grid', '--project', d, '--cell', '100', '--elements', 'Cu,Pb,Zn']).code).toBe(0);
    const r = prospect(['predict', '--project', d, '--model-from', a, '--json']);
    expect(r.code).toBe(1);
    const err = (r.json as any).error;
    expect(err.code).toBe('MISSING_ELEMENTS');
    expect(err.message).toMatch(/needs grids of .*Au/);
  }, 300_000);
});
