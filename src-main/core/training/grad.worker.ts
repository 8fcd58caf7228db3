import * as tf from '@tensorflow/tfjs';
import { parentPort } from 'node:worker_threads';
import { buildModel } from '../models/registry';
import { selectBackend } from './backend';
import type { FromHelper, ReplicaSpec, ToHelper } from './parallel';
import { shardGradients, variablesOf } from './step';

// A data-parallel helper (see parallel.ts): one wasm backend, one model replica, gradients of one shard per message.
const port = parentPort;
if (!port) throw new Error('grad.worker must run in a worker thread');

let spec: ReplicaSpec;
let model: tf.LayersModel;
let vars: tf.Variable[];
let params: Float32Array;
let grads: Float32Array;
let x: Float32Array;
let y: Uint8Array;
let sw: Float32Array;
let loaded = -1;

function loadParams(): void {
  let o = 0;
  model.weights.forEach((w, i) => {
    const n = spec.weightSizes[i];
    const t = tf.tensor(params.slice(o, o + n), w.shape as number[], 'float32');
    w.write(t);
    t.dispose();
    o += n;
  });
}

port.on('message', async (m: ToHelper) => {
  try {
    if (m.type === 'init') {
      spec = m.spec;
      params = new Float32Array(m.params);
      grads = new Float32Array(m.grads);
      x = new Float32Array(m.x);
      y = new Uint8Array(m.y);
      sw = new Float32Array(m.sw);
      const backend = await selectBackend('wasm', { wasmThreads: spec.threads });
      if (backend.name !== 'wasm') throw new Error(`helpers need the wasm backend, got ${backend.name}`);
      model = buildModel(spec.arch, { inputSize: spec.inputSize, channels: spec.channels, classes: 2, seed: spec.seed });
      vars = variablesOf(model);
      port.postMessage({ type: 'ready' } satisfies FromHelper);
      return;
    }
    if (m.version !== loaded) {
      loadParams();
      loaded = m.version;
    }
    const r = await shardGradients(model, vars, { x, y, sw, n: m.n }, spec.inputSize, spec.channels);
    let o = 0;
    for (const g of r.grads) {
      const v = g.dataSync() as Float32Array;
      grads.set(v, o);
      o += v.length;
    }
    tf.dispose(r.grads);
    port.postMessage({ type: 'done', hits: r.hits, ce: r.ce } satisfies FromHelper);
  } catch (e) {
    const err = e as Error & { code?: string };
    port.postMessage({ type: 'error', message: err.message ?? String(e), code: err.code ?? 'TRAIN_FAILED', stack: err.stack } satisfies FromHelper);
  }
});
