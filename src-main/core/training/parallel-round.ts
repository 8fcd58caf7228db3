import * as tf from '@tensorflow/tfjs';
import { shardSizes, type GradientHelpers } from './parallel';
import { shardGradients, type Shard, type ShardGradients } from './step';

/** Where the time of data-parallel rounds went (seconds, summed over the run, this thread's view). */
export interface ParallelTiming {
  rounds: number;
  /** This thread's own shard: forward + backward. */
  ownSeconds: number;
  /** Waiting for the helpers after the own shard was done (load imbalance, a busy machine). */
  waitSeconds: number;
  /** Shipping shards, summing helper gradients and publishing weights: the cost of synchronisation. */
  syncSeconds: number;
}

/**
 * One round split between this thread (the first shard) and the helpers (the others), computed at the same time;
 * gradients summed in a fixed order so that the result does not depend on which thread finished first.
 */
export async function parallelGradients(
  pool: GradientHelpers,
  model: tf.LayersModel,
  vars: tf.Variable[],
  s: Shard,
  geometry: { inputSize: number; channels: number },
  time: ParallelTiming,
): Promise<ShardGradients> {
  const { inputSize, channels } = geometry;
  const t0 = performance.now();
  const pixels = inputSize * inputSize * channels;
  const sizes = shardSizes(s.n, pool.count + 1);
  const starts = sizes.map((_, k) => sizes.slice(0, k).reduce((a, b) => a + b, 0));
  const part = (k: number): Shard => ({
    x: s.x.subarray(starts[k] * pixels, (starts[k] + sizes[k]) * pixels),
    y: s.y.subarray(starts[k], starts[k] + sizes[k]),
    sw: s.sw.subarray(starts[k], starts[k] + sizes[k]),
    n: sizes[k],
  });
  const used = sizes.map((n, k) => (k > 0 && n > 0 ? k : -1)).filter((k) => k > 0);
  const others = Promise.all(used.map((k) => pool.run(k - 1, part(k))));
  others.catch(() => undefined);
  const t1 = performance.now();
  const own = await shardGradients(model, vars, part(0), inputSize, channels);
  const t2 = performance.now();
  let helped: { hits: number; ce: number }[];
  try {
    helped = await others;
  } catch (e) {
    tf.dispose(own.grads);
    throw e;
  }
  const t3 = performance.now();
  const views = used.map((k) => pool.gradients(k - 1));
  const grads = tf.tidy(() =>
    own.grads.map((g, i) => {
      let acc = g;
      for (const v of views) acc = tf.add(acc, tf.tensor(v[i], g.shape, 'float32'));
      return acc;
    }),
  );
  tf.dispose(own.grads);
  time.rounds++;
  time.ownSeconds += (t2 - t1) / 1000;
  time.waitSeconds += (t3 - t2) / 1000;
  time.syncSeconds += (t1 - t0 + performance.now() - t3) / 1000;
  return {
    grads,
    hits: helped.reduce((a, h) => a + h.hits, own.hits),
    ce: helped.reduce((a, h) => a + h.ce, own.ce),
  };
}
