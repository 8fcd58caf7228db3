// The webgpu backend on SwiftShader's software Vulkan (no GPU needed): backend choice, adapter limits, training with
// checkpoints, resume and cancel. SwiftShader's speed says nothing about a GPU's, so inputs and batches stay small.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../src-main/core/models/index';
import { selectBackend, type BackendChoice } from '../../src-main/core/training/backend';
import { MemoryCheckpointStore } from '../../src-main/core/training/checkpoint';
import { fitMicroBatch, largestActivationBytes } from '../../src-main/core/training/micro-batch';
import { predictProbabilities } from '../../src-main/core/training/predict';
import { trainModel, type EngineConfig } from '../../src-main/core/training/train';
import { syntheticWindows } from './fixtures';
import { useSwiftShader } from './webgpu-env';

useSwiftShader();

const data = syntheticWindows(12, 18, 3);
const config: EngineConfig = {
  arch: 'smallcnn', inputSize: 16, epochs: 2, batchSize: 4, microBatch: 2, lr: 0.05, momentum: 0.9, weightDecay: 1e-4,
  classWeights: 'balanced', seed: 21, augment: { flips: true, randomCrop: true }, backend: 'webgpu',
};

async function weightsOf(model: tf.LayersModel): Promise<Float32Array[]> {
  return Promise.all(model.weights.map((w) => w.read().data() as Promise<Float32Array>));
}

function maxRelDiff(a: Float32Array[], b: Float32Array[]): number {
  let worst = 0;
  a.forEach((x, i) => {
    let num = 0;
    let den = 0;
    for (let j = 0; j < x.length; j++) {
      num += (x[j] - b[i][j]) ** 2;
      den += x[j] ** 2;
    }
    worst = Math.max(worst, Math.sqrt(num / Math.max(den, 1e-30)));
  });
  return worst;
}

describe('backend chain with only a software adapter', () => {
  it("'auto' skips the software adapter, says why, and trains on wasm", async () => {
    const b = await selectBackend('auto');
    expect(b.name).toBe('wasm');
    expect(b.adapter).toBeUndefined();
    const why = b.reasons.join('\n');
    expect(why).toMatch(/tfjs-node-gpu not tried/);
    expect(why).toMatch(/webgpu not used: the only adapter is a software one \(SwiftShader/);
    expect(why).toMatch(/--backend webgpu/);
  });

  it("'webgpu' by name takes the software adapter and reports it", async () => {
    const b = await selectBackend('webgpu');
    expect(b.name).toBe('webgpu');
    expect(tf.getBackend()).toBe('webgpu');
    expect(b.provider).toMatch(/tfjs-backend-webgpu on Dawn/);
    expect(b.adapter).toMatchObject({ vendor: 'google', architecture: 'swiftshader', software: true });
    expect(b.adapter?.description).toMatch(/SwiftShader/);
    expect(b.adapter?.maxStorageBufferBindingSize).toBeGreaterThanOrEqual(128 * 2 ** 20);
    expect(b.reasons[0]).toMatch(/'webgpu' was asked for/);
  });
});

describe('micro-batch sized to the adapter', () => {
  const adapter = { description: 'a GPU', maxBufferSize: 256 * 2 ** 20, maxStorageBufferBindingSize: 128 * 2 ** 20 };

  it('measures the largest activation of a model (ResNet-50 at 224 px: 112 x 112 x 64 = 56 x 56 x 256 floats)', async () => {
    await selectBackend('cpu');
    const m = buildModel('resnet50', { inputSize: 224, channels: 3, seed: 1 });
    expect(largestActivationBytes(m)).toBe(56 * 56 * 256 * 4);
    m.dispose();
  });

  it('keeps a micro-batch that fits and lowers one that does not, saying why', () => {
    const perImage = 56 * 56 * 256 * 4;
    expect(fitMicroBatch(32, perImage, adapter)).toEqual({ microBatch: 32, note: null });
    const fit = fitMicroBatch(64, perImage, adapter);
    expect(fit.microBatch).toBe(Math.floor((128 * 2 ** 20) / perImage));
    expect(fit.note).toMatch(/Micro-batch 64 lowered to 41: the largest activation \(3.1 MiB per image\) must fit a GPU's 128 MiB buffer limit/);
  });

  it('refuses an input whose single image does not fit', () => {
    expect(() => fitMicroBatch(1, 200 * 2 ** 20, adapter)).toThrow(/\(200 MiB\) exceeds a GPU's 128 MiB buffer limit/);
  });
});

describe('training on webgpu', () => {
  let backend: BackendChoice;
  let reference: Float32Array[];
  beforeAll(async () => {
    backend = await selectBackend('webgpu');
  });

  it('trains, reports the adapter in its progress, and matches wasm for the same seed', async () => {
    const messages: string[] = [];
    const r = await trainModel(data, config, { backendChoice: backend, onProgress: (p) => messages.push(p.message ?? '') });
    expect(r.backend.name).toBe('webgpu');
    expect(messages.at(-1)).toMatch(/\(webgpu on SwiftShader driver [\d.]+, software\)$/);
    expect(r.accumulationSteps).toBe(2);
    reference = await weightsOf(r.model);
    const p = await predictProbabilities(r.model, data.x, data.n, data.size, data.channels);
    r.model.dispose();

    const wasm = await selectBackend('wasm');
    const w = await trainModel(data, { ...config, backend: 'wasm' }, { backendChoice: wasm });
    // Two epochs of SGD amplify float32 rounding differences between the backends a little.
    expect(maxRelDiff(reference, await weightsOf(w.model))).toBeLessThan(1e-3);
    const pw = await predictProbabilities(w.model, data.x, data.n, data.size, data.channels);
    for (let i = 0; i < p.length; i++) expect(Math.abs(p[i] - pw[i])).toBeLessThan(1e-3);
    w.model.dispose();
    await selectBackend('webgpu');
  }, 120_000);

  it('resumes an interrupted run and ends where the uninterrupted run ended', async () => {
    const store = new MemoryCheckpointStore();
    const ac = new AbortController();
    await expect(
      trainModel(data, config, {
        backendChoice: backend, checkpoints: store, signal: ac.signal,
        onProgress: (p) => {
          if (p.metrics?.epoch === 2 && p.metrics?.batch === 1) ac.abort();
        },
      }),
    ).rejects.toMatchObject({ code: 'ABORTED' });
    expect(store.last?.epoch).toBe(1);
    const r = await trainModel(data, config, { backendChoice: backend, checkpoints: store, resume: true });
    expect(r.resumedFromEpoch).toBe(1);
    expect(maxRelDiff(await weightsOf(r.model), reference)).toBe(0);
    r.model.dispose();
  }, 120_000);
});
