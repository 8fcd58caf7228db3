import * as tf from '@tensorflow/tfjs';
import type { TaskOptions } from '../types';
import { makeBatch } from './batches';
import type { GradientHelpers } from './parallel';
import { parallelGradients, type ParallelTiming } from './parallel-round';
import type { RunState } from './resume';
import type { Mulberry32 } from '../util/random';
import { sgdStep } from './sgd';
import { shardGradients, type ShardGradients } from './step';
import { checkAbort, learningRate, type Resolved } from './train-config';
import type { EpochRecord, TrainData } from './types';

/** Everything one epoch of training reads and updates. */
export interface Loop extends TaskOptions {
  data: TrainData;
  r: Resolved;
  model: tf.LayersModel;
  vars: tf.Variable[];
  state: RunState;
  rng: Mulberry32;
  /** Images per gradient round: replicas x micro-batch. */
  round: number;
  pool: GradientHelpers | null;
  ptime: ParallelTiming;
  /** Shown at the end of every progress message, e.g. "wasm, 2 threads". */
  backendLabel: string;
  t0: number;
  imagesSeen: number;
}

interface Tally {
  lossSum: number;
  correct: number;
  seen: number;
}

async function roundGradients(loop: Loop, mb: number[], denom: number): Promise<ShardGradients> {
  const { data, r, rng } = loop;
  const [w0, w1] = r.classWeights;
  const { x, y } = makeBatch(data, mb, r, rng);
  const sw = Float32Array.from(y, (v) => (v ? w1 : w0) / denom);
  const shard = { x, y, sw, n: mb.length };
  if (loop.pool) return parallelGradients(loop.pool, loop.model, loop.vars, shard, { inputSize: r.inputSize, channels: data.channels }, loop.ptime);
  return shardGradients(loop.model, loop.vars, shard, r.inputSize, data.channels);
}

/** One optimiser step: gradients accumulated over the batch's rounds, then SGD. */
async function trainBatch(loop: Loop, batch: number[], lr: number, tally: Tally): Promise<void> {
  const { r, data, state } = loop;
  const [w0, w1] = r.classWeights;
  let denom = 0;
  for (const w of batch) denom += data.labels[w] ? w1 : w0;
  let gradSum: tf.Tensor[] | null = null;
  for (let m = 0; m < batch.length; m += loop.round) {
    checkAbort(loop.signal);
    const mb = batch.slice(m, m + loop.round);
    const res = await roundGradients(loop, mb, denom);
    if (!gradSum) gradSum = res.grads;
    else {
      const prev: tf.Tensor[] = gradSum;
      gradSum = prev.map((g, i) => tf.add(g, res.grads[i]));
      tf.dispose(prev);
      tf.dispose(res.grads);
    }
    tally.correct += res.hits;
    tally.lossSum += res.ce;
    tally.seen += mb.length;
    loop.imagesSeen += mb.length;
  }
  // SGD with momentum and L2 on the gradient, as torch.optim.SGD(momentum, weight_decay) does.
  const g = gradSum as tf.Tensor[];
  const next = loop.vars.map((v, i) => sgdStep(v, g[i], state.velocity[i], { lr, momentum: r.momentum, weightDecay: r.weightDecay }));
  tf.dispose(state.velocity);
  tf.dispose(g);
  state.velocity = next;
  if (loop.pool) {
    const tp = performance.now();
    loop.pool.publish(loop.model);
    loop.ptime.syncSeconds += (performance.now() - tp) / 1000;
  }
}

/** Trains one epoch and validates; returns its record (already in state.history). */
export async function trainEpoch(loop: Loop, epoch: number): Promise<EpochRecord> {
  const { r, data, rng } = loop;
  const lr = learningRate(r, epoch);
  const te = performance.now();
  const order = rng.shuffle(Array.from(data.trainIdx));
  const batchesPerEpoch = Math.ceil(order.length / r.batchSize);
  const totalBatches = batchesPerEpoch * r.epochs;
  const tally: Tally = { lossSum: 0, correct: 0, seen: 0 };
  for (let b = 0; b < batchesPerEpoch; b++) {
    await trainBatch(loop, order.slice(b * r.batchSize, (b + 1) * r.batchSize), lr, tally);
    const done = epoch * batchesPerEpoch + b + 1;
    const rate = loop.imagesSeen / ((performance.now() - loop.t0) / 1000);
    loop.onProgress?.({
      step: 'train',
      done,
      total: totalBatches,
      message: `epoch ${epoch + 1}/${r.epochs}, batch ${b + 1}/${batchesPerEpoch} (${loop.backendLabel})`,
      metrics: {
        epoch: epoch + 1,
        epochs: r.epochs,
        batch: b + 1,
        loss: tally.lossSum / tally.seen,
        accuracy: tally.correct / tally.seen,
        lr,
        images_s: rate,
        eta_s: ((totalBatches - done) * r.batchSize) / Math.max(rate, 1e-9),
      },
    });
    await new Promise((res) => setImmediate(res));
  }

  const valIdx = Array.from(data.valIdx);
  const val = valIdx.length ? await evaluate(loop.model, data, valIdx, r, loop.signal) : null;
  const seconds = (performance.now() - te) / 1000;
  const record: EpochRecord = {
    epoch: epoch + 1,
    lr,
    loss: tally.lossSum / tally.seen,
    accuracy: tally.correct / tally.seen,
    valLoss: val?.loss ?? null,
    valAccuracy: val?.accuracy ?? null,
    seconds,
    imagesPerSecond: tally.seen / seconds,
  };
  loop.state.history.push(record);
  loop.onProgress?.({
    step: 'train',
    done: (epoch + 1) * batchesPerEpoch,
    total: totalBatches,
    message: `epoch ${epoch + 1}/${r.epochs} done (${loop.backendLabel})`,
    metrics: {
      epoch: epoch + 1,
      epochs: r.epochs,
      loss: record.loss,
      accuracy: record.accuracy,
      lr,
      images_s: record.imagesPerSecond,
      eta_s: (r.epochs - epoch - 1) * seconds,
      ...(val ? { val_loss: val.loss, val_accuracy: val.accuracy } : {}),
    },
  });
  return record;
}

/** Updates the early-stopping state with the epoch's validation loss; true when training should stop. */
export function shouldStop(r: Resolved, state: RunState, record: EpochRecord): boolean {
  if (record.valLoss === null || !r.earlyStopping) return false;
  const { early } = state;
  state.early = record.valLoss < early.best - r.earlyStopping.minDelta ? { best: record.valLoss, badEpochs: 0 } : { best: early.best, badEpochs: early.badEpochs + 1 };
  return state.early.badEpochs >= r.earlyStopping.patience;
}

async function evaluate(model: tf.LayersModel, data: TrainData, idx: number[], r: Resolved, signal?: AbortSignal): Promise<{ loss: number; accuracy: number }> {
  let loss = 0;
  let correct = 0;
  const step = Math.max(r.microBatch, 8);
  for (let i = 0; i < idx.length; i += step) {
    checkAbort(signal);
    const part = idx.slice(i, i + step);
    const { x, y } = makeBatch(data, part, r, null);
    const [l, c] = tf.tidy(() => {
      const logits = model.apply(tf.tensor4d(x, [part.length, r.inputSize, r.inputSize, data.channels]), { training: false }) as tf.Tensor2D;
      const labels = tf.tensor1d(Array.from(y), 'int32');
      const ce = tf.neg(tf.sum(tf.mul(tf.oneHot(labels, 2), tf.logSoftmax(logits))));
      const hits = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32'));
      return [ce, hits];
    });
    loss += (await l.data())[0];
    correct += (await c.data())[0];
    tf.dispose([l, c]);
  }
  return { loss: loss / idx.length, accuracy: correct / idx.length };
}
