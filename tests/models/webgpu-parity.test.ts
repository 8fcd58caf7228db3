// One gradient step of every registry model on webgpu (SwiftShader's software Vulkan) against the cpu backend.
//
// Batch norm in training mode normalises each channel over batch x height x width values; at the sizes SwiftShader
// can afford here (32 px, 2 images: the whole-model check uses 1) the last stage holds 1 x 1 pixels, so it normalises over 2 values and amplifies
// float32 rounding without bound: even cpu and wasm then disagree (ShuffleNetV2: loss 1.68 against 1.51). So the
// whole-model check runs batch norm with its stored statistics (every convolution, depthwise, pooling, concat, slice
// and dense gradient, through the low-memory backward pass), and the training-mode batch-norm and SGD pieces are
// checked on their own on well-conditioned shapes. Stated tolerance: relative L2 error 1e-4 per model (loss and
// all gradients together), 1e-5 for the batch-norm and SGD pieces.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { batchNormTrainBackward, batchNormTrainForward } from '../../src-main/core/models/batch-norm';
import { buildModel, listArchitectures, type Architecture } from '../../src-main/core/models/index';
import { selectBackend } from '../../src-main/core/training/backend';
import { variableGradsLowMemory } from '../../src-main/core/training/low-memory-grads';
import { sgdStep } from '../../src-main/core/training/sgd';
import { variablesOf } from '../../src-main/core/training/step';
import { syntheticWindows } from '../training/fixtures';
import { useSwiftShader } from '../training/webgpu-env';

useSwiftShader();

const SIZE = 32;
const N = 1;
const data = syntheticWindows(N, SIZE, 3);

function relL2(a: Float32Array[], b: Float32Array[]): number {
  let num = 0;
  let den = 0;
  a.forEach((x, i) => {
    for (let j = 0; j < x.length; j++) {
      num += (x[j] - b[i][j]) ** 2;
      den += x[j] ** 2;
    }
  });
  return Math.sqrt(num / den);
}

async function use(backend: 'cpu' | 'webgpu'): Promise<void> {
  const b = await selectBackend(backend);
  expect(b.name).toBe(backend);
}

/** Loss and gradients of one weighted cross-entropy step, batch norm on its stored statistics. */
async function step(arch: Architecture, weights: Float32Array[] | null): Promise<{ loss: number; grads: Float32Array[]; weights: Float32Array[] }> {
  const model = buildModel(arch, { inputSize: SIZE, channels: 3, seed: 3 });
  if (weights) model.weights.forEach((w, i) => w.write(tf.tensor(weights[i], w.shape as number[])));
  const vars = variablesOf(model);
  const { value, grads } = variableGradsLowMemory(() => {
    const logits = model.apply(tf.tensor4d(data.x, [N, SIZE, SIZE, 3]), { training: false }) as tf.Tensor2D;
    const ce = tf.neg(tf.sum(tf.mul(tf.oneHot(tf.tensor1d(Array.from(data.labels), 'int32'), 2), tf.logSoftmax(logits)), 1));
    return tf.sum(tf.mul(ce, 0.5)) as tf.Scalar;
  }, vars);
  const out = {
    loss: (await value.data())[0],
    grads: await Promise.all(vars.map((v) => grads[v.name].data() as Promise<Float32Array>)),
    weights: weights ?? (await Promise.all(model.weights.map((w) => w.read().data() as Promise<Float32Array>))),
  };
  tf.dispose([value, ...Object.values(grads)]);
  model.dispose();
  return out;
}

describe('gradient parity, webgpu against cpu', () => {
  for (const { arch } of listArchitectures()) {
    it(`${arch}: loss and every gradient within 1e-4`, async () => {
      await use('cpu');
      const ref = await step(arch, null);
      await use('webgpu');
      const got = await step(arch, ref.weights);
      expect(Math.abs(got.loss - ref.loss) / Math.abs(ref.loss)).toBeLessThan(1e-5);
      expect(relL2(ref.grads, got.grads)).toBeLessThan(1e-4);
      // ResNet-50 takes ~20 s per backend on 2 idle cores; a busy machine triples that.
    }, 300_000);
  }
});

describe('training pieces on webgpu (tf ops there) against cpu', () => {
  const x = tf.randomNormal([4, 6, 6, 16], 0.5, 2, 'float32', 7);
  const dy = tf.randomNormal([4, 6, 6, 16], 0, 1, 'float32', 8);
  const gamma = tf.randomUniform([16], 0.5, 1.5, 'float32', 9);
  const beta = tf.randomNormal([16], 0, 1, 'float32', 10);

  async function bn(): Promise<Float32Array[]> {
    const [y, mean, variance] = batchNormTrainForward(x as tf.Tensor4D, gamma as tf.Tensor1D, beta as tf.Tensor1D, 1e-3);
    const [dx, dg, db] = batchNormTrainBackward(dy as tf.Tensor4D, x as tf.Tensor4D, mean, variance, gamma as tf.Tensor1D, 1e-3);
    return Promise.all([y, mean, variance, dx, dg, db].map((t) => t.data() as Promise<Float32Array>));
  }

  it('closed-form batch norm, forward and backward', async () => {
    await use('cpu');
    const ref = await bn();
    await use('webgpu');
    const got = await bn();
    ref.forEach((r, i) => expect(relL2([r], [got[i]]), `output ${i}`).toBeLessThan(1e-5));
  });

  it('SGD with momentum and weight decay', async () => {
    const run = async () => {
      const v = tf.variable(tf.tensor(Array.from({ length: 64 }, (_, i) => Math.sin(i))));
      const vel = sgdStep(v, tf.fill([64], 0.3), tf.fill([64], 0.1), { lr: 0.05, momentum: 0.9, weightDecay: 1e-4 });
      return [await v.data(), await vel.data()] as Float32Array[];
    };
    await use('cpu');
    const ref = await run();
    await use('webgpu');
    const got = await run();
    expect(relL2(ref, got)).toBeLessThan(1e-6);
  });
});
