// Paper step 7, generality: a model trained on one study area predicts another (`predict --model-from`), after
// checking that the elements it needs exist there.
import Database from 'better-sqlite3';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
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

  it('predicts from the model/ folder the export step wrote, exactly as from the project file', () => {
    const out = path.join(dir, 'a-export');
    const ex = prospect(['predict', '--project', a, '--no-dense']);
    expect(ex.code, ex.stderr.slice(-1500)).toBe(0);
    const e = prospect(['export', '--project', a, '--out', out, '--json']);
    expect(e.code, e.stderr.slice(-1500)).toBe(0);
    const modelDir = path.join(out, 'model');
    const card = JSON.parse(readFileSync(path.join(modelDir, 'prospect-model.json'), 'utf8'));
    expect(card.elements.length).toBeGreaterThan(0);
    expect(card.windowSize).toBe(16);
    expect(card.inputSize).toBe(14);
    // The card round-trips what a model needs to be applied elsewhere: cell size, CRS, transforms, provenance.
    expect(card.grid).toMatchObject({ cellX: 100, cellY: 100, crs: expect.stringMatching(/^EPSG:/) });
    for (const el of card.elements) expect(card.zparams[el]).toMatchObject({ kind: 'log10', mean: expect.any(Number), sd: expect.any(Number) });
    expect(card.provenance.training).toMatchObject({ validationFold: null, note: expect.stringMatching(/Refitted on every window/) });

    const fromFolder = area('f1', 505, true);
    const fromFile = area('f2', 505, true);
    for (const p of [fromFolder, fromFile]) expect(prospect(['grid', '--project', p, '--cell', '100']).code).toBe(0);
    const r1 = prospect(['predict', '--project', fromFolder, '--model-from', modelDir, '--no-dense', '--json']);
    expect(r1.code, r1.stderr.slice(-1500)).toBe(0);
    const r2 = prospect(['predict', '--project', fromFile, '--model-from', a, '--no-dense', '--json']);
    expect(r2.code, r2.stderr.slice(-1500)).toBe(0);
    expect((r1.json as any).steps[0].summary.modelSource).toBe(modelDir);
    const probs = (p: string): (number | null)[] => {
      const db = new Database(p, { readonly: true });
      const row = db.prepare("SELECT tiles FROM predictions WHERE kind = 'tiles' ORDER BY id DESC").get() as { tiles: string };
      db.close();
      return JSON.parse(row.tiles).map((t: { prob: number | null }) => t.prob);
    };
    const t1 = probs(fromFolder);
    const t2 = probs(fromFile);
    expect(t1.filter((v) => v !== null).length).toBeGreaterThan(100);
    expect(t1).toEqual(t2);

    // A folder without the card is refused with the file it lacks, and the project is left as it was.
    const bare = path.join(dir, 'bare-model');
    mkdirSync(bare);
    copyFileSync(path.join(modelDir, 'model.json'), path.join(bare, 'model.json'));
    copyFileSync(path.join(modelDir, 'weights.bin'), path.join(bare, 'weights.bin'));
    const before = readFileSync(fromFolder);
    const bad = prospect(['predict', '--project', fromFolder, '--model-from', bare, '--json']);
    expect(bad.code).toBe(1);
    expect((bad.json as any).error.code).toBe('NO_MODEL_CARD');
    expect((bad.json as any).error.message).toContain(path.join(bare, 'prospect-model.json'));
    expect(readFileSync(fromFolder).equals(before)).toBe(true);
  }, 400_000);

  it('refuses a grid of another cell size or transform, naming the fix, and leaves the project as it was', () => {
    const d = area('d', 404, true);
    expect(prospect(['grid', '--project', d, '--cell', '200']).code).toBe(0);
    const before = readFileSync(d);
    const r = prospect(['predict', '--project', d, '--model-from', a, '--no-dense', '--json']);
    expect(r.code).toBe(1);
    expect((r.json as any).error.code).toBe('CELL_SIZE_MISMATCH');
    expect((r.json as any).error.message).toMatch(/--cell 100/);
    expect(readFileSync(d).equals(before)).toBe(true);
    const e = area('e', 505, true);
    expect(prospect(['grid', '--project', e, '--cell', '100', '--transform', 'none']).code).toBe(0);
    const t = prospect(['predict', '--project', e, '--model-from', a, '--no-dense', '--json']);
    expect(t.code).toBe(1);
    expect((t.json as any).error.code).toBe('TRANSFORM_MISMATCH');
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
