import * as tf from '@tensorflow/tfjs';
import { ProspectError } from '../types';
import { variableGradsLowMemory } from './low-memory-grads';

/** One shard of a training step: images NHWC, labels, and per-image loss weights (class weight / batch total). */
export interface Shard {
  x: Float32Array;
  y: Uint8Array;
  sw: Float32Array;
  n: number;
}

export interface ShardGradients {
  /** d loss / d var for each trainable variable, in `vars` order. */
  grads: tf.Tensor[];
  /** Correct predictions and summed (unweighted) cross-entropy of the shard. */
  hits: number;
  ce: number;
}

/** The trainable variables of a model, in model.trainableWeights order. */
export function variablesOf(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => (w as unknown as { read(): tf.Variable }).read());
}

/**
 * Forward + backward of the weighted cross-entropy sum(ce_i * sw_i) over one shard, in training mode (batch norm uses
 * the shard's statistics and updates this replica's running statistics). Shards of one step sum to the batch gradient.
 */
export async function shardGradients(model: tf.LayersModel, vars: tf.Variable[], s: Shard, inputSize: number, channels: number): Promise<ShardGradients> {
  try {
    return await shardGradientsUnguarded(model, vars, s, inputSize, channels);
  } catch (e) {
    const m = (e as Error).message ?? String(e);
    // The wasm heap cannot grow past 4 GiB; its allocator then aborts the module or traps.
    if (/Aborted\(|memory access out of bounds|Cannot enlarge memory|out of memory/i.test(m)) {
      throw new ProspectError(
        `Training ran out of the 4 GiB wasm memory on ${s.n} images of ${inputSize} px (${m.split('\n')[0]}): set a smaller microBatch (gradients are still accumulated to batchSize) or a smaller input size.`,
        'OUT_OF_MEMORY',
        { column: 'microBatch' },
      );
    }
    throw e;
  }
}

async function shardGradientsUnguarded(model: tf.LayersModel, vars: tf.Variable[], s: Shard, inputSize: number, channels: number): Promise<ShardGradients> {
  let hitsT: tf.Tensor | null = null;
  let ceT: tf.Tensor | null = null;
  const grads = tf.tidy(() => {
    const xt = tf.tensor4d(s.x.subarray(0, s.n * inputSize * inputSize * channels), [s.n, inputSize, inputSize, channels]);
    const labels = tf.tensor1d(Int32Array.from(s.y.subarray(0, s.n)), 'int32');
    const sw = tf.tensor1d(s.sw.subarray(0, s.n));
    const { value, grads } = variableGradsLowMemory(() => {
      const logits = model.apply(xt, { training: true }) as tf.Tensor2D;
      const perSample = tf.neg(tf.sum(tf.mul(tf.oneHot(labels, 2), tf.logSoftmax(logits)), 1));
      hitsT = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32')));
      ceT = tf.keep(tf.sum(perSample));
      return tf.sum(tf.mul(perSample, sw)) as tf.Scalar;
    }, vars);
    value.dispose();
    return vars.map((v) => grads[v.name]);
  });
  const h = hitsT as unknown as tf.Tensor;
  const c = ceT as unknown as tf.Tensor;
  // Asynchronous reads: the webgpu backend cannot read synchronously under Node (it would need an OffscreenCanvas).
  const [hits, ce] = (await Promise.all([h.data(), c.data()])).map((v) => v[0]);
  tf.dispose([h, c]);
  return { grads, hits, ce };
}
