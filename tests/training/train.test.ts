import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend, type BackendChoice } from '../../src-main/core/training/backend';
import { FileCheckpointStore } from '../../src-main/core/training/checkpoint';
import { deserializeModel, loadModelFolder, saveModelFolder, serializeModel } from '../../src-main/core/training/model-io';
import { predictProbabilities } from '../../src-main/core/training/predict';
import { trainModel, type EngineConfig } from '../../src-main/core/training/train';
import { syntheticWindows } from './fixtures';

const data = syntheticWindows(30, 36, 4);
const config: EngineConfig = {
  arch: 'smallcnn',
  inputSize: 32,
  epochs: 3,
  batchSize: 8,
  microBatch: 4,
  lr: 0.05,
  lrStep: { every: 2, factor: 0.5 },
  momentum: 0.9,
  weightDecay: 1e-4,
  classWeights: 'balanced',
  seed: 11,
  augment: { flips: true, randomCrop: true },
  backend: 'wasm',
};

async function weightsOf(model: tf.LayersModel): Promise<Float32Array> {
  const parts = await Promise.all(model.weights.map((w) => w.read().data() as Promise<Float32Array>));
  const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

let tmp: string;
let backend: BackendChoice;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'prospect-train-'));
  backend = await selectBackend('wasm');
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('trainModel', () => {
  let reference: Float32Array;
  let referenceHistory: unknown;

  it('learns the synthetic anomaly, reports progress and names its backend', async () => {
    const seen: string[] = [];
    const r = await trainModel(data, config, { backendChoice: backend, onProgress: (p) => seen.push(Object.keys(p.metrics ?? {}).join(',')) });
    expect(r.backend.name).toBe('wasm');
    expect(r.history.map((h) => h.lr)).toEqual([0.05, 0.05, 0.025]);
    expect(r.history[2].loss).toBeLessThan(r.history[0].loss);
    expect(r.history[2].valAccuracy).toBeGreaterThanOrEqual(0.8);
    expect(r.accumulationSteps).toBe(2);
    expect(r.notes.join(' ')).toMatch(/accumulated over 2 micro-batches/);
    expect(seen.some((k) => k.includes('images_s') && k.includes('eta_s'))).toBe(true);
    expect(seen.some((k) => k.includes('val_loss'))).toBe(true);
    reference = await weightsOf(r.model);
    referenceHistory = r.history.map(({ seconds: _s, imagesPerSecond: _i, ...h }) => h);
    r.model.dispose();
  });

  it('a second run with the same seed gives bit-identical weights', async () => {
    const r = await trainModel(data, config, { backendChoice: backend });
    expect(tf.util.arraysEqual(await weightsOf(r.model), reference)).toBe(true);
    r.model.dispose();
  });

  it('another seed gives other weights', async () => {
    const r = await trainModel(data, { ...config, seed: 12 }, { backendChoice: backend });
    expect(tf.util.arraysEqual(await weightsOf(r.model), reference)).toBe(false);
    r.model.dispose();
  });

  it('resuming an interrupted run ends exactly where the uninterrupted run ended', async () => {
    const store = new FileCheckpointStore(path.join(tmp, 'ckpt'));
    const ac = new AbortController();
    await expect(
      trainModel(data, config, {
        backendChoice: backend,
        checkpoints: store,
        signal: ac.signal,
        onProgress: (p) => {
          // Abort in the middle of epoch 2.
          if (p.metrics?.epoch === 2 && p.metrics?.batch === 2) ac.abort();
        },
      }),
    ).rejects.toMatchObject({ code: 'ABORTED' });
    const saved = await store.load();
    expect(saved?.epoch).toBe(1);
    const r = await trainModel(data, config, { backendChoice: backend, checkpoints: store, resume: true });
    expect(r.resumedFromEpoch).toBe(1);
    expect(r.history.map(({ seconds: _s, imagesPerSecond: _i, ...h }) => h)).toEqual(referenceHistory);
    expect(tf.util.arraysEqual(await weightsOf(r.model), reference)).toBe(true);
    expect((await store.load())?.epoch).toBe(3);
    r.model.dispose();
  });

  it('refuses to resume a checkpoint made with other settings', async () => {
    const store = new FileCheckpointStore(path.join(tmp, 'ckpt'));
    await expect(trainModel(data, { ...config, lr: 0.1 }, { backendChoice: backend, checkpoints: store, resume: true })).rejects.toMatchObject({
      code: 'CHECKPOINT_MISMATCH',
    });
  });

  it('rejects bad settings with a message that names the field', async () => {
    await expect(trainModel(data, { ...config, inputSize: 40 }, { backendChoice: backend })).rejects.toThrow(/inputSize 40 .* window size 36/);
  });
});

describe('model-io and prediction', () => {
  it('round-trips through a folder and through memory with bit-exact predictions', async () => {
    const r = await trainModel(data, { ...config, epochs: 1 }, { backendChoice: backend });
    const p0 = await predictProbabilities(r.model, data.x, data.n, data.size, data.channels, { batch: 7 });
    expect(p0.length).toBe(data.n);
    for (const p of p0) expect(p >= 0 && p <= 1).toBe(true);

    const dir = path.join(tmp, 'model');
    await saveModelFolder(r.model, dir);
    const json = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['./weights.bin']);
    const fromFolder = await loadModelFolder(dir);
    const p1 = await predictProbabilities(fromFolder, data.x, data.n, data.size, data.channels, { batch: 7 });
    expect(tf.util.arraysEqual(p1, p0)).toBe(true);

    const s = await serializeModel(r.model);
    expect(s.weights.length).toBe(json.weightsManifest[0].weights.reduce((n: number, w: { shape: number[] }) => n + 4 * w.shape.reduce((a, b) => a * b, 1), 0));
    const fromMemory = await deserializeModel(s);
    const p2 = await predictProbabilities(fromMemory, data.x, data.n, data.size, data.channels, { batch: 7 });
    expect(tf.util.arraysEqual(p2, p0)).toBe(true);
    // The result carries the same serialised model.
    expect(tf.util.arraysEqual(r.artifacts.weights, s.weights)).toBe(true);
    [r.model, fromFolder, fromMemory].forEach((m) => m.dispose());
  });

  it('reads a model with custom layers (ShuffleNetV2) back', async () => {
    const { buildModel } = await import('../../src-main/core/models/index');
    const m = buildModel('shufflenetv2', { inputSize: 32, channels: 4, seed: 2 });
    const back = await deserializeModel(await serializeModel(m));
    const x3 = data.x.subarray(0, 3 * data.size * data.size * data.channels);
    const p0 = await predictProbabilities(m, x3, 3, data.size, data.channels);
    const p1 = await predictProbabilities(back, x3, 3, data.size, data.channels);
    expect(tf.util.arraysEqual(p1, p0)).toBe(true);
  });
});
