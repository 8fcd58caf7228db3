import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../src-main/core/models/registry';
import { forwardMacs } from '../../src-main/core/models/macs';
import { selectBackend, type BackendChoice } from '../../src-main/core/training/backend';
import { FileCheckpointStore, MemoryCheckpointStore } from '../../src-main/core/training/checkpoint';
import { startTrainingJob } from '../../src-main/core/training/job';
import { shardSizes } from '../../src-main/core/training/parallel';
import { trainModel, type EngineConfig } from '../../src-main/core/training/train';
import { chooseWorkers, MIN_RUN_MACS, planLayout } from '../../src-main/core/training/worker-count';
import { syntheticWindows } from './fixtures';

// 16 training windows: batches of 8 split into shards of 4 in both modes.
const data = syntheticWindows(20, 20, 3);
const config: EngineConfig = {
  arch: 'smallcnn', inputSize: 16, epochs: 2, batchSize: 8, microBatch: 4, lr: 0.05, seed: 5, classWeights: 'balanced', backend: 'wasm',
};

async function values(ws: tf.LayerVariable[]): Promise<Float32Array[]> {
  return Promise.all(ws.map(async (w) => (await w.read().data()) as Float32Array));
}
const same = (a: Float32Array[], b: Float32Array[]) => a.length === b.length && a.every((x, i) => tf.util.arraysEqual(x, b[i]));
const trainLoss = (h: { loss: number; accuracy: number }[]) => h.map((e) => [e.loss, e.accuracy]);

let backend: BackendChoice;
let tmp: string;
beforeAll(async () => {
  backend = await selectBackend('wasm');
  tmp = await mkdtemp(path.join(os.tmpdir(), 'prospect-parallel-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe('data-parallel training', () => {
  let twoWorkers: { trainable: Float32Array[]; all: Float32Array[]; history: unknown };

  it('2 workers with shards of 4 give bit-identical trainable weights to 1 worker accumulating micro-batches of 4', async () => {
    // Same images, same shard boundaries, same summation order: only the batch-norm running statistics differ
    // (worker 0's shard updates them once per round instead of once per micro-batch).
    // Replicas are a wasm feature: on another backend every count below would read 1, so say why wasm was not had.
    expect(backend.name, backend.reasons.join('; ')).toBe('wasm');
    const one = await trainModel(data, config, { backendChoice: backend, workers: 1 });
    const two = await trainModel(data, config, { backendChoice: backend, workers: 2 });
    expect(one.workers).toBe(1);
    expect(two.workers).toBe(2);
    expect(two.accumulationSteps).toBe(1);
    expect(two.notes.join(' ')).toMatch(/Data-parallel on 2 threads/);
    expect(trainLoss(two.history)).toEqual(trainLoss(one.history));
    const t1 = await values(one.model.trainableWeights);
    const t2 = await values(two.model.trainableWeights);
    expect(same(t2, t1)).toBe(true);
    expect(same(await values(two.model.nonTrainableWeights), await values(one.model.nonTrainableWeights))).toBe(false);
    twoWorkers = { trainable: t2, all: await values(two.model.weights), history: two.history.map(({ seconds: _s, imagesPerSecond: _i, ...h }) => h) };
    one.model.dispose();
    two.model.dispose();
  });

  it('resuming a 2-worker run (worker count automatic: taken from the checkpoint) ends bit-identical to the uninterrupted run', async () => {
    const store = new FileCheckpointStore(path.join(tmp, 'ckpt'));
    const ac = new AbortController();
    await expect(
      trainModel(data, config, {
        backendChoice: backend,
        workers: 2,
        checkpoints: store,
        signal: ac.signal,
        onProgress: (p) => {
          if (p.metrics?.epoch === 2 && p.metrics?.batch === 1) ac.abort();
        },
      }),
    ).rejects.toMatchObject({ code: 'ABORTED' });
    const saved = await store.load();
    expect(saved?.epoch).toBe(1);
    expect(saved?.workers).toBe(2);
    // On its own this small run would get 1 worker (too short to pay for a helper).
    const r = await trainModel(data, config, { backendChoice: backend, checkpoints: store, resume: true });
    expect(r.resumedFromEpoch).toBe(1);
    expect(r.workers).toBe(2);
    expect(r.history.map(({ seconds: _s, imagesPerSecond: _i, ...h }) => h)).toEqual(twoWorkers.history);
    expect(same(await values(r.model.weights), twoWorkers.all)).toBe(true);
    r.model.dispose();
  });

  it('3 workers give other weights than 2 (each replica normalises its own shard) and still learn', async () => {
    const r = await trainModel(data, { ...config, batchSize: 12, microBatch: 12, epochs: 3 }, { backendChoice: backend, workers: 3 });
    expect(r.workers).toBe(3);
    expect(r.history[2].loss).toBeLessThan(r.history[0].loss);
    expect(same(await values(r.model.trainableWeights), twoWorkers.trainable)).toBe(false);
    r.model.dispose();
  });

  it('runs inside the training job (helpers nested in its worker) and reports its worker count', async () => {
    const store = new MemoryCheckpointStore();
    const job = startTrainingJob(data, { ...config, workers: 2 }, { checkpoints: store });
    const r = await job.result;
    expect(r.workers).toBe(2);
    expect(r.history.length).toBe(2);
    expect(store.last?.workers).toBe(2);
  });
});

describe('choosing the worker count', () => {
  it('splits a round evenly, larger shards first', () => {
    expect(shardSizes(8, 2)).toEqual([4, 4]);
    expect(shardSizes(7, 3)).toEqual([3, 2, 2]);
    expect(shardSizes(1, 2)).toEqual([1, 0]);
  });

  it('counts ResNet-50 at 224 px as about 4.1 GMAC per image, as torchvision does', () => {
    const m = buildModel('resnet50', { inputSize: 224, channels: 3, seed: 1 });
    expect(forwardMacs(m) / 1e9).toBeGreaterThan(4.0);
    expect(forwardMacs(m) / 1e9).toBeLessThan(4.2);
    m.dispose();
  });

  it('starts helpers only for runs and shards heavy enough, and only on wasm', () => {
    const quick = buildModel('smallcnn', { inputSize: 28, channels: 6, seed: 1 });
    const r18 = buildModel('resnet18', { inputSize: 64, channels: 3, seed: 1 });
    // The quick preset: ~350 windows, 4/5 of them training, 12 epochs, batch 32.
    const quickRun = { macsPerImage: forwardMacs(quick), imagesPerRound: 32, imagesPerRun: 280 * 12 };
    expect(chooseWorkers('auto', 'wasm', quickRun, 2).workers).toBe(2);
    // The unit tests' runs: a few dozen images.
    expect(chooseWorkers(undefined, 'wasm', { ...quickRun, imagesPerRun: 72 }, 2)).toMatchObject({ workers: 1, why: /too short/ });
    expect(chooseWorkers('auto', 'wasm', { ...quickRun, imagesPerRound: 2 }, 2)).toMatchObject({ workers: 1, why: /too light/ });
    const r18Run = { macsPerImage: forwardMacs(r18), imagesPerRound: 8, imagesPerRun: 400 };
    expect(chooseWorkers('auto', 'wasm', r18Run, 2).workers).toBe(2);
    expect(chooseWorkers('auto', 'wasm', r18Run, 1).workers).toBe(1);
    expect(chooseWorkers('auto', 'tensorflow', r18Run, 2).workers).toBe(1);
    expect(chooseWorkers(3, 'wasm', r18Run, 2).workers).toBe(3);
    // A backend on XNNPACK threads already uses the cores: 'auto' keeps one replica, a number is still obeyed.
    expect(chooseWorkers('auto', 'wasm', r18Run, 2, 2)).toMatchObject({ workers: 1, why: /2 XNNPACK threads/ });
    expect(chooseWorkers(2, 'wasm', r18Run, 2, 2).workers).toBe(2);
    expect(forwardMacs(quick) * 280 * 12).toBeGreaterThan(MIN_RUN_MACS);
    expect(() => chooseWorkers(0, 'wasm', r18Run, 2)).toThrow(/workers must be/);
    quick.dispose();
    r18.dispose();
  });

  it('plans replicas without shrinking batch norm\'s batch, and gives the cores left over to threads', () => {
    const resnet50 = (size: number, round: number, microBatch: number) => ({ macsPerImage: 81456 * size * size, imagesPerRound: round, imagesPerRun: 350 * 120, microBatch });
    // Batch 8 on 2 cores: two replicas would normalise 4 images each; one replica on 2 threads instead.
    expect(planLayout('auto', resnet50(64, 8, 8), 2)).toMatchObject({ workers: 1, threads: 2 });
    // Batch 32: replicas of 16; 224 px with micro-batch 4: replicas of 4, as the micro-batches were anyway.
    expect(planLayout('auto', resnet50(64, 32, 32), 2)).toMatchObject({ workers: 2, threads: 1 });
    expect(planLayout('auto', resnet50(224, 8, 4), 2)).toMatchObject({ workers: 2, threads: 1 });
    // The paper's batch 32 at 224 px (micro-batch 4) on 16 cores: 8 replicas of 4 images, 2 threads each.
    expect(planLayout('auto', resnet50(224, 32, 4), 16)).toMatchObject({ workers: 8, threads: 2 });
    expect(planLayout('auto', resnet50(64, 32, 32), 16)).toMatchObject({ workers: 4, threads: 4 });
    // A run too short for helpers: one replica, one thread (a pool only slows tiny kernels down).
    expect(planLayout('auto', { ...resnet50(64, 8, 8), imagesPerRun: 8 }, 2)).toMatchObject({ workers: 1, threads: 1 });
    expect(planLayout(1, resnet50(64, 8, 8), 2)).toMatchObject({ workers: 1, threads: 2 });
    expect(planLayout(2, resnet50(64, 8, 8), 4)).toMatchObject({ workers: 2, threads: 2 });
    expect(planLayout('auto', resnet50(64, 8, 8), 1)).toMatchObject({ workers: 1, threads: 1 });
  });
});
