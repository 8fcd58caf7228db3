// The train and predict steps through the real CLI with --backend webgpu on SwiftShader's software Vulkan: a kill -9
// during training resumes from the project file's checkpoint to the uninterrupted run's model, and the tile
// predictions of that model match those of the same training on wasm. Kept small (a 16 km demo, 14-px crops,
// smallcnn, 2 epochs): SwiftShader runs shaders on the CPU.
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../src-main/core/demo/generate';
import { prospect, prospectAsync, tempDir } from '../helpers/cli';
import { useSwiftShader } from './webgpu-env';

let dir: string;
let project: string;
const trainFlags = ['--arch', 'smallcnn', '--epochs', '2', '--batch', '16', '--seed', '5', '--no-dense'];

beforeAll(() => {
  useSwiftShader();
  dir = tempDir('prospect-webgpu-');
  const demo = generateDemo(path.join(dir, 'data'), { samples: 1600, sizeKm: 16, deposits: 12, seed: 11 });
  project = path.join(dir, 'area.prospect');
  const steps = [
    ['import', '--project', project, '--samples', demo.samplesFile, '--x', 'X', '--y', 'Y', '--crs', demo.crs],
    ['import', '--project', project, '--deposits', demo.depositsFile, '--x', 'X', '--y', 'Y', '--crs', demo.crs],
    ['run', '--project', project, '--steps', 'grid,select,dataset', '--cell', '100', '--window', '16', '--crop', '14', '--positives', '40', '--negatives', '40', '--folds', '3', '--seed', '5'],
  ];
  for (const s of steps) {
    const r = prospect(s);
    expect(r.code, r.stderr).toBe(0);
  }
}, 300_000);

function query<T>(file: string, sql: string): T {
  const db = new Database(file, { readonly: true, timeout: 5000 });
  try {
    return db.prepare(sql).get() as T;
  } finally {
    db.close();
  }
}

const checkpointEpoch = (file: string) => query<{ e: number | null }>(file, 'SELECT max(epoch) AS e FROM checkpoints').e ?? 0;
const modelWeights = (file: string) => query<{ weights: Buffer }>(file, 'SELECT weights FROM models ORDER BY id DESC LIMIT 1').weights;

function tileProbabilities(file: string): (number | null)[] {
  const row = query<{ tiles: string }>(file, "SELECT tiles FROM predictions WHERE kind = 'tiles' ORDER BY id DESC LIMIT 1");
  return (JSON.parse(row.tiles) as { prob: number | null }[]).map((t) => t.prob);
}

function trainAndPredict(file: string, backend: string): Record<string, any> {
  const r = prospect(['run', '--project', file, '--steps', 'train,predict', ...trainFlags, '--backend', backend, '--json']);
  expect(r.code, r.stderr.slice(-2000)).toBe(0);
  return r.json as Record<string, any>;
}

describe('prospect train --backend webgpu', () => {
  it('resumes after kill -9 to the uninterrupted run, and its tiles match a wasm run', async () => {
    const reference = path.join(dir, 'reference.prospect');
    const onWasm = path.join(dir, 'wasm.prospect');
    copyFileSync(project, reference);
    copyFileSync(project, onWasm);

    const { child, done } = prospectAsync(['train', '--project', project, ...trainFlags, '--backend', 'webgpu']);
    const t0 = Date.now();
    while (checkpointEpoch(project) < 1) {
      if (Date.now() - t0 > 240_000) throw new Error('no checkpoint after 240 s');
      await new Promise((r) => setTimeout(r, 200));
    }
    child.kill('SIGKILL');
    expect((await done).code).toBe(-1);
    const resumed = prospect(['train', '--project', project, ...trainFlags, '--backend', 'webgpu', '--resume']);
    expect(resumed.code, resumed.stderr.slice(-2000)).toBe(0);
    // The CLI prints the backend, its adapter and why faster backends were skipped.
    expect(resumed.stdout).toMatch(/backend: webgpu \(@tensorflow\/tfjs-backend-webgpu on Dawn/);
    expect(resumed.stdout).toMatch(/adapter: SwiftShader driver .*software: a smoke test/);
    expect(resumed.stdout).toMatch(/skipped: 'webgpu' was asked for/);

    const gpu = trainAndPredict(reference, 'webgpu');
    const train = gpu.steps.find((s: any) => s.step === 'train').summary;
    expect(train.backend).toBe('webgpu');
    expect(train.backendAdapter).toMatchObject({ architecture: 'swiftshader', software: true });
    expect(gpu.steps.find((s: any) => s.step === 'predict').summary.backend).toBe('webgpu');
    expect(modelWeights(project).equals(modelWeights(reference))).toBe(true);

    const cpu = trainAndPredict(onWasm, 'wasm');
    expect(cpu.steps.find((s: any) => s.step === 'train').summary.backend).toBe('wasm');
    const a = tileProbabilities(reference);
    const b = tileProbabilities(onWasm);
    expect(a.filter((p) => p !== null).length).toBeGreaterThan(50);
    for (let i = 0; i < a.length; i++) {
      if (a[i] === null) expect(b[i]).toBeNull();
      else expect(Math.abs((a[i] as number) - (b[i] as number)), `tile ${i + 1}`).toBeLessThan(1e-3);
    }
  }, 600_000);
});
