import * as tf from '@tensorflow/tfjs';
import type { Worker } from 'node:worker_threads';
import type { Architecture } from '../models/registry';
import { ProspectError } from '../types';
import { startWorker } from '../util/workers';
import type { Shard } from './step';

/*
 * Data-parallel training with helper threads. The training thread is replica 0; each helper (grad.worker.ts) holds
 * its own wasm backend and a replica of the model. Per round the training thread writes each helper's shard into
 * that helper's SharedArrayBuffers and posts 'step'; all replicas compute gradients at once; the training thread
 * sums them in a fixed order (own, helper 1, helper 2, ...), applies the optimiser update on its replica and
 * publishes every weight (batch-norm running statistics included, as DDP's broadcast_buffers does) into a shared
 * parameter buffer that the helpers load before their next shard. So there is one optimiser and one set of
 * weights; the helpers are stateless between steps and the result depends only on the seed and the worker count.
 */

export interface ReplicaSpec {
  arch: Architecture;
  inputSize: number;
  channels: number;
  seed: number;
  /** Most images one helper gets per round. */
  capacity: number;
  /** Element counts of model.weights (all) and model.trainableWeights, in order. */
  weightSizes: number[];
  trainableSizes: number[];
  /** XNNPACK threads of each helper's wasm backend. */
  threads: number;
}

/** Messages between GradientHelpers and grad.worker.ts. */
export type ToHelper =
  | {
      type: 'init';
      spec: ReplicaSpec;
      params: SharedArrayBuffer;
      grads: SharedArrayBuffer;
      x: SharedArrayBuffer;
      y: SharedArrayBuffer;
      sw: SharedArrayBuffer;
    }
  | { type: 'step'; n: number; version: number };
export type FromHelper =
  | { type: 'ready' }
  | { type: 'done'; hits: number; ce: number }
  | { type: 'error'; message: string; code: string; stack?: string };

interface Helper {
  worker: Worker;
  grads: Float32Array;
  x: Float32Array;
  y: Uint8Array;
  sw: Float32Array;
  waiting: { resolve: (m: FromHelper) => void; reject: (e: Error) => void } | null;
  failure: Error | null;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

export class GradientHelpers {
  private readonly params: Float32Array;
  private version = 0;
  private closed = false;

  private constructor(
    private readonly helpers: Helper[],
    paramsBuffer: SharedArrayBuffer,
    private readonly spec: ReplicaSpec,
  ) {
    this.params = new Float32Array(paramsBuffer);
  }

  get count(): number {
    return this.helpers.length;
  }

  /** Starts `count` helpers and waits until each has its backend and replica. */
  static async start(count: number, spec: ReplicaSpec, signal?: AbortSignal): Promise<GradientHelpers> {
    const paramsBuffer = new SharedArrayBuffer(4 * sum(spec.weightSizes));
    const pixels = spec.inputSize * spec.inputSize * spec.channels;
    const helpers: Helper[] = [];
    for (let k = 0; k < count; k++) {
      const buffers = {
        grads: new SharedArrayBuffer(4 * sum(spec.trainableSizes)),
        x: new SharedArrayBuffer(4 * spec.capacity * pixels),
        y: new SharedArrayBuffer(spec.capacity),
        sw: new SharedArrayBuffer(4 * spec.capacity),
      };
      const h: Helper = {
        worker: startWorker(import.meta.url, 'grad.worker'),
        grads: new Float32Array(buffers.grads),
        x: new Float32Array(buffers.x),
        y: new Uint8Array(buffers.y),
        sw: new Float32Array(buffers.sw),
        waiting: null,
        failure: null,
      };
      const fail = (e: Error) => {
        h.failure ??= e;
        h.waiting?.reject(e);
        h.waiting = null;
      };
      h.worker.on('message', (m: FromHelper) => {
        if (m.type === 'error') return fail(new ProspectError(`Training helper ${k + 1}: ${m.message}`, m.code, { stack: m.stack }));
        const w = h.waiting;
        h.waiting = null;
        w?.resolve(m);
      });
      h.worker.on('error', (e) => fail(new ProspectError(`Training helper ${k + 1} crashed: ${e.message}. The last saved checkpoint can be resumed.`, 'WORKER_CRASHED', { stack: e.stack })));
      h.worker.on('exit', (code) => fail(new ProspectError(`Training helper ${k + 1} stopped (exit code ${code}), e.g. out of memory. The last saved checkpoint can be resumed.`, 'WORKER_CRASHED', { exitCode: code })));
      h.worker.postMessage({ type: 'init', spec, params: paramsBuffer, ...buffers } satisfies ToHelper);
      helpers.push(h);
    }
    const pool = new GradientHelpers(helpers, paramsBuffer, spec);
    const onAbort = () => void pool.close();
    signal?.addEventListener('abort', onAbort);
    try {
      await Promise.all(helpers.map((h) => pool.wait(h)));
    } catch (e) {
      await pool.close();
      throw e;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    return pool;
  }

  private wait(h: Helper): Promise<FromHelper> {
    if (h.failure) return Promise.reject(h.failure);
    return new Promise((resolve, reject) => {
      h.waiting = { resolve, reject };
    });
  }

  /** Copies every weight of the training replica into the shared parameter buffer for the helpers' next shard. */
  publish(model: tf.LayersModel): void {
    let o = 0;
    model.weights.forEach((w, i) => {
      const v = w.read().dataSync() as Float32Array;
      if (v.length !== this.spec.weightSizes[i]) throw new Error(`weight ${w.name} has ${v.length} values, expected ${this.spec.weightSizes[i]}`);
      this.params.set(v, o);
      o += v.length;
    });
    this.version++;
  }

  /** Hands shard `s` to helper k; resolves with its hits and cross-entropy once its gradients are in gradients(k). */
  run(k: number, s: Shard): Promise<{ hits: number; ce: number }> {
    const h = this.helpers[k];
    if (this.closed) return Promise.reject(new ProspectError('Training was cancelled.', 'ABORTED'));
    if (s.n > this.spec.capacity) throw new Error(`shard of ${s.n} exceeds helper capacity ${this.spec.capacity}`);
    const pixels = this.spec.inputSize * this.spec.inputSize * this.spec.channels;
    h.x.set(s.x.subarray(0, s.n * pixels));
    h.y.set(s.y.subarray(0, s.n));
    h.sw.set(s.sw.subarray(0, s.n));
    const done = this.wait(h);
    h.worker.postMessage({ type: 'step', n: s.n, version: this.version } satisfies ToHelper);
    return done.then((m) => {
      if (m.type !== 'done') throw new Error(`helper ${k + 1} answered ${m.type} to a step`);
      return { hits: m.hits, ce: m.ce };
    });
  }

  /** Views of helper k's gradients, one per trainable weight (valid until its next run). */
  gradients(k: number): Float32Array[] {
    const out: Float32Array[] = [];
    let o = 0;
    for (const n of this.spec.trainableSizes) {
      out.push(this.helpers[k].grads.subarray(o, o + n));
      o += n;
    }
    return out;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const h of this.helpers) {
      h.worker.removeAllListeners('exit');
      h.waiting?.reject(new ProspectError('Training was cancelled.', 'ABORTED'));
      h.waiting = null;
    }
    await Promise.all(this.helpers.map((h) => h.worker.terminate()));
  }
}

/** Splits n images into `parts` contiguous shard sizes, as even as possible, larger ones first. */
export function shardSizes(n: number, parts: number): number[] {
  const base = Math.floor(n / parts);
  const extra = n % parts;
  return Array.from({ length: parts }, (_, k) => base + (k < extra ? 1 : 0));
}
