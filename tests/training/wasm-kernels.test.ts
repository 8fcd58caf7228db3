import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from '../../src-main/core/training/wasm-kernels';
import { randomArray, relErr } from '../helpers/arrays';
import { sgdStep } from '../../src-main/core/training/sgd';

async function on(backend: string, f: () => tf.Tensor): Promise<Float32Array> {
  await tf.setBackend(backend);
  const t = f();
  const v = (await t.data()) as Float32Array;
  t.dispose();
  return v;
}

type Case = { x: [number, number, number, number]; k: number; co: number; s: number; pad: 'same' | 'valid' };
const CASES: Case[] = [
  { x: [2, 9, 9, 3], k: 3, co: 5, s: 1, pad: 'same' },
  { x: [2, 9, 9, 4], k: 3, co: 6, s: 2, pad: 'same' },
  { x: [1, 10, 10, 20], k: 3, co: 7, s: 2, pad: 'valid' },
  { x: [2, 8, 8, 16], k: 1, co: 32, s: 1, pad: 'same' },
  { x: [2, 8, 8, 16], k: 1, co: 8, s: 2, pad: 'same' },
  { x: [1, 15, 15, 3], k: 7, co: 8, s: 2, pad: 'same' },
  { x: [1, 7, 6, 17], k: 5, co: 3, s: 1, pad: 'valid' },
];

describe('wasm training kernels match the cpu backend', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    registerWasmTrainingKernels();
  });

  for (const c of CASES) {
    const name = `x=${c.x} k=${c.k} co=${c.co} stride=${c.s} ${c.pad}`;
    it(`conv2d gradients, ${name}`, async () => {
      const [n, h, w, ci] = c.x;
      const xv = randomArray(n * h * w * ci, 1);
      const fv = randomArray(c.k * c.k * ci * c.co, 2);
      const grads = (backend: string) =>
        on(backend, () => {
          const x = tf.tensor4d(xv, c.x);
          const f = tf.tensor4d(fv, [c.k, c.k, ci, c.co]);
          const y = tf.conv2d(x, f, c.s, c.pad);
          const dy = tf.tensor(randomArray(y.size, 3), y.shape);
          const dx = tf.conv2dTranspose(dy as tf.Tensor4D, f, c.x, c.s, c.pad);
          const df = tf.grad((ff: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x, ff as tf.Tensor4D, c.s, c.pad), dy)))(f);
          return tf.concat([dx.flatten(), df.flatten()]);
        });
      const ref = await grads('cpu');
      const got = await grads('wasm');
      expect(got.length).toBe(ref.length);
      expect(relErr(got, ref)).toBeLessThan(1e-5);
    });
  }

  for (const c of CASES.filter((k) => k.k <= 5)) {
    const name = `x=${c.x} k=${c.k} stride=${c.s} ${c.pad}`;
    it(`depthwise conv gradients, ${name}`, async () => {
      const [n, h, w, ci] = c.x;
      const xv = randomArray(n * h * w * ci, 4);
      const mult = c.co % 2 === 0 ? 2 : 1;
      const fv = randomArray(c.k * c.k * ci * mult, 5);
      const grads = (backend: string) =>
        on(backend, () => {
          const x = tf.tensor4d(xv, c.x);
          const f = tf.tensor4d(fv, [c.k, c.k, ci, mult]);
          const y = tf.depthwiseConv2d(x, f, c.s, c.pad);
          const dy = tf.tensor(randomArray(y.size, 6), y.shape);
          const g = tf.grads((xx: tf.Tensor, ff: tf.Tensor) =>
            tf.sum(tf.mul(tf.depthwiseConv2d(xx as tf.Tensor4D, ff as tf.Tensor4D, c.s, c.pad), dy)),
          )([x, f]);
          return tf.concat([g[0].flatten(), g[1].flatten()]);
        });
      const ref = await grads('cpu');
      const got = await grads('wasm');
      expect(relErr(got, ref)).toBeLessThan(1e-5);
    });
  }
});

describe('the fused SGD step', () => {
  it('matches the tf-ops update (momentum, weight decay) on the cpu backend', async () => {
    const n = 1000;
    const wv = randomArray(n, 21);
    const gv = randomArray(n, 22);
    const velv = randomArray(n, 23);
    const step = (backend: string) =>
      on(backend, () => {
        const v = tf.variable(tf.tensor1d(wv));
        let vel: tf.Tensor = tf.tensor1d(velv);
        for (let i = 0; i < 3; i++) {
          const next = sgdStep(v, tf.tensor1d(gv), vel, { lr: 0.05, momentum: 0.9, weightDecay: 1e-2 });
          vel.dispose();
          vel = next;
        }
        const out = tf.concat([v.flatten(), vel.flatten()]);
        v.dispose();
        return out;
      });
    const ref = await step('cpu');
    const got = await step('wasm');
    expect(tf.getKernel('ProspectSgdMomentum', 'wasm')).toBeDefined();
    expect(relErr(got, ref)).toBeLessThan(1e-6);
    // And it moved: a step that did nothing would also "match" a broken reference.
    expect(relErr(got.subarray(0, n), wv)).toBeGreaterThan(1e-3);
  });
});

describe('forward convolution of weight-heavy layers', () => {
  // Few positions, many weights: these take the im2col + BatchMatMul path (wasm-kernels.ts makeFusedConv2D).
  const HEAVY: Case[] = [
    { x: [2, 2, 2, 64], k: 1, co: 256, s: 1, pad: 'same' },
    { x: [2, 3, 3, 32], k: 3, co: 96, s: 1, pad: 'same' },
    { x: [1, 4, 4, 48], k: 3, co: 64, s: 2, pad: 'same' },
    { x: [2, 4, 4, 40], k: 1, co: 300, s: 2, pad: 'valid' },
  ];
  for (const c of HEAVY) {
    it(`x=${c.x} k=${c.k} co=${c.co} stride=${c.s} ${c.pad} matches the cpu backend, and its gradients too`, async () => {
      const [n, h, w, ci] = c.x;
      const xv = randomArray(n * h * w * ci, 31);
      const fv = randomArray(c.k * c.k * ci * c.co, 32);
      const run = (backend: string) =>
        on(backend, () => {
          const x = tf.tensor4d(xv, c.x);
          const f = tf.tensor4d(fv, [c.k, c.k, ci, c.co]);
          const conv = (xx: tf.Tensor, ff: tf.Tensor) => tf.fused.conv2d({ x: xx as tf.Tensor4D, filter: ff as tf.Tensor4D, strides: c.s, pad: c.pad });
          const y = conv(x, f);
          const dy = tf.tensor(randomArray(y.size, 33), y.shape);
          const g = tf.grads((xx: tf.Tensor, ff: tf.Tensor) => tf.sum(tf.mul(conv(xx, ff), dy)))([x, f]);
          return tf.concat([y.flatten(), g[0].flatten(), g[1].flatten()]);
        });
      const ref = await run('cpu');
      const got = await run('wasm');
      expect(got.length).toBe(ref.length);
      expect(relErr(got, ref)).toBeLessThan(1e-5);
    });
  }
});

describe('Identity on wasm', () => {
  it('shares the memory of its input instead of copying it, and outlives the input', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor1d(randomArray(100_000, 41));
    const before = tf.memory().numBytes;
    const y = tf.clone(x);
    // numBytes counts tensors, not buffers: the backend's own count shows whether memory was allocated.
    const backend = tf.backend() as unknown as { refCount(dataId: object): number };
    expect(backend.refCount(y.dataId)).toBe(2);
    expect(tf.memory().numBytes - before).toBe(400_000);
    const expected = x.dataSync().slice();
    x.dispose();
    expect(y.isDisposed).toBe(false);
    expect(tf.util.arraysEqual(y.dataSync(), expected)).toBe(true);
    y.dispose();
  });
});
