import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { BN_TRAIN_BACKWARD, BN_TRAIN_FORWARD } from '../models/batch-norm';
import { heap, type Args, type WasmBackendLike } from './wasm-heap';

/*
 * The batch-norm training kernels of models/batch-norm.ts for the wasm backend: loops straight over the wasm heap,
 * channels innermost (NHWC), per-channel sums in float64. Forward: 2 passes to the statistics (mean, then the
 * centred sum of squares: one-pass E[x^2] - E[x]^2 loses digits on activations far from 0) and 1 to write y.
 * Backward: 1 pass to the two sums, 1 to write dx.
 */

function forward(args: Args): TensorInfo[] {
  const backend = args.backend as WasmBackendLike;
  const { x, gamma, beta } = args.inputs;
  const eps = Number(args.attrs?.epsilon ?? 1e-3);
  const C = x.shape[x.shape.length - 1];
  const y = backend.makeOutput(x.shape, 'float32');
  const meanOut = backend.makeOutput([C], 'float32');
  const varOut = backend.makeOutput([C], 'float32');
  // Views after every allocation: a heap growth detaches earlier ones.
  const xs = heap(backend, x);
  const ys = heap(backend, y);
  const g = heap(backend, gamma);
  const b = heap(backend, beta);
  const n = xs.length;
  const m = n / C;
  const sum = new Float64Array(C);
  for (let i = 0; i < n; i += C) for (let c = 0; c < C; c++) sum[c] += xs[i + c];
  const mean = new Float64Array(C);
  for (let c = 0; c < C; c++) mean[c] = sum[c] / m;
  const sq = new Float64Array(C);
  for (let i = 0; i < n; i += C) {
    for (let c = 0; c < C; c++) {
      const d = xs[i + c] - mean[c];
      sq[c] += d * d;
    }
  }
  const scale = new Float32Array(C);
  const shift = new Float32Array(C);
  const meanView = heap(backend, meanOut);
  const varView = heap(backend, varOut);
  for (let c = 0; c < C; c++) {
    const variance = sq[c] / m;
    const k = g[c] / Math.sqrt(variance + eps);
    scale[c] = k;
    shift[c] = b[c] - mean[c] * k;
    meanView[c] = mean[c];
    varView[c] = variance;
  }
  for (let i = 0; i < n; i += C) for (let c = 0; c < C; c++) ys[i + c] = xs[i + c] * scale[c] + shift[c];
  return [y, meanOut, varOut];
}

function backward(args: Args): TensorInfo[] {
  const backend = args.backend as WasmBackendLike;
  const { dy, x, mean, variance, gamma } = args.inputs;
  const eps = Number(args.attrs?.epsilon ?? 1e-3);
  const C = x.shape[x.shape.length - 1];
  const dxOut = backend.makeOutput(x.shape, 'float32');
  const dgOut = backend.makeOutput([C], 'float32');
  const dbOut = backend.makeOutput([C], 'float32');
  const xs = heap(backend, x);
  const ds = heap(backend, dy);
  const dxs = heap(backend, dxOut);
  const mu = heap(backend, mean);
  const vr = heap(backend, variance);
  const g = heap(backend, gamma);
  const n = xs.length;
  const m = n / C;
  const inv = new Float64Array(C);
  for (let c = 0; c < C; c++) inv[c] = 1 / Math.sqrt(vr[c] + eps);
  const sumDy = new Float64Array(C);
  const sumDyXc = new Float64Array(C);
  for (let i = 0; i < n; i += C) {
    for (let c = 0; c < C; c++) {
      const d = ds[i + c];
      sumDy[c] += d;
      sumDyXc[c] += d * (xs[i + c] - mu[c]);
    }
  }
  // dx = k * (dy - a - (x - mean) * b) with k = gamma * inv, a = sum(dy) / m, b = sum(dy * xhat) * inv / m.
  const k = new Float32Array(C);
  const a = new Float32Array(C);
  const bb = new Float32Array(C);
  const mf = new Float32Array(C);
  const dgView = heap(backend, dgOut);
  const dbView = heap(backend, dbOut);
  for (let c = 0; c < C; c++) {
    const dgamma = sumDyXc[c] * inv[c];
    dgView[c] = dgamma;
    dbView[c] = sumDy[c];
    k[c] = g[c] * inv[c];
    a[c] = sumDy[c] / m;
    bb[c] = (dgamma * inv[c]) / m;
    mf[c] = mu[c];
  }
  for (let i = 0; i < n; i += C) {
    for (let c = 0; c < C; c++) dxs[i + c] = k[c] * (ds[i + c] - a[c] - (xs[i + c] - mf[c]) * bb[c]);
  }
  return [dxOut, dgOut, dbOut];
}

/** Registers the two kernels for the wasm backend (idempotent). */
export function registerWasmBatchNormKernels(): void {
  for (const [kernelName, kernelFunc] of [[BN_TRAIN_FORWARD, forward], [BN_TRAIN_BACKWARD, backward]] as const) {
    if (tf.getKernel(kernelName, 'wasm')) continue;
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: kernelFunc as unknown as KernelFunc });
  }
}
