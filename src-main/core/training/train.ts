import * as tf from '@tensorflow/tfjs';
import { availableParallelism } from 'node:os';
import { buildModel, listArchitectures } from '../models/registry';
import { ProspectError, type TaskOptions } from '../types';
import { selectBackend, type BackendChoice } from './backend';
import { decodeTensors, encodeTensors, type Checkpoint, type CheckpointStore } from './checkpoint';
import { centreOffset, cropInto } from './crop';
import { serializeModel, type SerializedModel } from './model-io';
import { GradientHelpers, shardSizes } from './parallel';
import { Mulberry32 } from '../util/random';
import { sgdStep } from './sgd';
import { shardGradients, variablesOf, type Shard } from './step';
import { chooseWorkers, planLayout } from './worker-count';
import type { EpochRecord, TrainConfig, TrainData } from './types';

export type { EpochRecord, TrainConfig, TrainData } from './types';

export interface TrainResult {
  model: tf.LayersModel;
  artifacts: SerializedModel;
  history: EpochRecord[];
  backend: BackendChoice;
  batchSize: number;
  microBatch: number;
  /** Rounds of (workers x microBatch) images per optimiser step; > 1 means gradients were accumulated. */
  accumulationSteps: number;
  /** Data-parallel replicas (threads) that computed gradients. */
  workers: number;
  /** Human-readable remarks to show with the result (gradient accumulation, early stop, resume). */
  notes: string[];
  epochsRun: number;
  stoppedEarly: boolean;
  resumedFromEpoch: number | null;
  timing: { totalSeconds: number; imagesPerSecond: number; parallel?: ParallelTiming };
}

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

export interface TrainOptions extends TaskOptions {
  checkpoints?: CheckpointStore;
  resume?: boolean;
  /** Use this already-selected backend instead of calling selectBackend(config.backend). */
  backendChoice?: BackendChoice;
  /** Data-parallel replicas; overrides config.workers (1 = this thread only). */
  workers?: number;
}

interface Resolved extends Required<Omit<TrainConfig, 'earlyStopping' | 'lrStep' | 'classWeights' | 'augment' | 'workers'>> {
  earlyStopping: { patience: number; minDelta: number } | null;
  lrStep: { every: number; factor: number } | null;
  classWeights: [number, number];
  augment: { flips: boolean; randomCrop: boolean };
}

function bad(message: string, field: string): ProspectError {
  return new ProspectError(message, 'BAD_TRAIN_CONFIG', { column: field });
}

function resolve(data: TrainData, c: TrainConfig): Resolved {
  if (!(c.inputSize >= 1) || c.inputSize > data.size) throw bad(`inputSize ${c.inputSize} must be between 1 and the window size ${data.size}.`, 'inputSize');
  if (!(c.epochs >= 1)) throw bad(`epochs must be at least 1 (got ${c.epochs}).`, 'epochs');
  if (!(c.batchSize >= 1)) throw bad(`batchSize must be at least 1 (got ${c.batchSize}).`, 'batchSize');
  const microBatch = Math.min(c.microBatch ?? c.batchSize, c.batchSize);
  if (!(microBatch >= 1)) throw bad(`microBatch must be at least 1 (got ${c.microBatch}).`, 'microBatch');
  if (!(c.lr > 0)) throw bad(`lr must be positive (got ${c.lr}).`, 'lr');
  if (data.x.length !== data.n * data.size * data.size * data.channels) {
    throw bad(`x holds ${data.x.length} values but n x size x size x channels = ${data.n * data.size * data.size * data.channels}.`, 'x');
  }
  if (data.labels.length !== data.n) throw bad(`labels has ${data.labels.length} entries for ${data.n} windows.`, 'labels');
  if (data.trainIdx.length === 0) throw bad('No training windows: trainIdx is empty.', 'trainIdx');
  for (const list of [data.trainIdx, data.valIdx]) {
    for (let i = 0; i < list.length; i++) if (!(list[i] >= 0 && list[i] < data.n)) throw bad(`Window index ${list[i]} is outside 0..${data.n - 1}.`, 'trainIdx');
  }
  let classWeights: [number, number] = [1, 1];
  if (Array.isArray(c.classWeights)) classWeights = [c.classWeights[0], c.classWeights[1]];
  else if (c.classWeights === 'balanced') {
    let ore = 0;
    for (let i = 0; i < data.trainIdx.length; i++) ore += data.labels[data.trainIdx[i]] ? 1 : 0;
    const n = data.trainIdx.length;
    const barren = n - ore;
    classWeights = [barren ? n / (2 * barren) : 1, ore ? n / (2 * ore) : 1];
  }
  return {
    arch: c.arch,
    inputSize: c.inputSize,
    epochs: c.epochs,
    batchSize: c.batchSize,
    microBatch,
    lr: c.lr,
    lrStep: c.lrStep ?? null,
    momentum: c.momentum ?? 0.9,
    weightDecay: c.weightDecay ?? 1e-4,
    classWeights,
    earlyStopping: c.earlyStopping ? { patience: c.earlyStopping.patience, minDelta: c.earlyStopping.minDelta ?? 0 } : null,
    seed: c.seed,
    augment: c.augment ?? { flips: true, randomCrop: true },
    backend: c.backend ?? 'auto',
  };
}

export function learningRate(c: { lr: number; lrStep?: { every: number; factor: number } | null }, epoch: number): number {
  return c.lrStep ? c.lr * Math.pow(c.lrStep.factor, Math.floor(epoch / c.lrStep.every)) : c.lr;
}

/** Assembles one micro-batch: random crop + flips from `rng` when training, centre crop otherwise. */
function makeBatch(data: TrainData, idx: number[], r: Resolved, rng: Mulberry32 | null): { x: Float32Array; y: Uint8Array } {
  const I = r.inputSize;
  const x = new Float32Array(idx.length * I * I * data.channels);
  const y = new Uint8Array(idx.length);
  const centre = centreOffset(data.size, I);
  idx.forEach((w, slot) => {
    let top = centre;
    let left = centre;
    let fh = false;
    let fv = false;
    if (rng) {
      // Always draw the same number of values so the stream does not depend on the augmentation switches.
      const a = rng.int(data.size - I + 1);
      const b = rng.int(data.size - I + 1);
      const h = rng.next() < 0.5;
      const v = rng.next() < 0.5;
      if (r.augment.randomCrop) [top, left] = [a, b];
      if (r.augment.flips) [fh, fv] = [h, v];
    }
    cropInto(data.x, data.size, data.channels, w, x, slot, I, top, left, fh, fv);
    y[slot] = data.labels[w];
  });
  return { x, y };
}

function checkAbort(signal?: AbortSignal): void {
  if (signal?.aborted) throw new ProspectError('Training was cancelled.', 'ABORTED');
}

/**
 * Trains `config.arch` on the windows with SGD + momentum, L2 weight decay on the gradient, step learning-rate
 * decay and gradient accumulation, checkpointing after every epoch. With resume=true and a checkpoint in
 * opts.checkpoints, continues after it and ends with the same weights as an uninterrupted run on the same backend.
 */
export async function trainModel(data: TrainData, config: TrainConfig, opts: TrainOptions = {}): Promise<TrainResult> {
  const r = resolve(data, config);
  const configJson = JSON.stringify(config);
  const cores = availableParallelism();
  const asked = opts.workers ?? config.workers;
  const info = listArchitectures().find((a) => a.arch === r.arch);
  const estimate = {
    macsPerImage: (info?.macsPerPixel ?? 0) * r.inputSize * r.inputSize,
    imagesPerRound: Math.min(r.batchSize, r.microBatch * cores),
    imagesPerRun: data.trainIdx.length * r.epochs,
    microBatch: r.microBatch,
  };
  // XNNPACK threads or replicas: decided before the wasm backend starts, because its thread count is fixed then.
  const layout = planLayout(asked, estimate, cores);
  const backend = opts.backendChoice ?? (await selectBackend(r.backend, { wasmThreads: layout.threads }));
  const { signal, onProgress } = opts;
  checkAbort(signal);

  const model = buildModel(r.arch, { inputSize: r.inputSize, channels: data.channels, classes: 2, seed: r.seed });
  const vars = variablesOf(model);
  let velocity: tf.Tensor[] = vars.map((v) => tf.zerosLike(v));
  const rng = new Mulberry32(r.seed ^ 0x9e3779b9);
  let history: EpochRecord[] = [];
  let startEpoch = 0;
  let early = { best: Infinity, badEpochs: 0 };
  let resumedFromEpoch: number | null = null;
  const notes: string[] = [];
  let savedWorkers: number | null = null;

  if (opts.resume && opts.checkpoints) {
    const c = await opts.checkpoints.load();
    if (c) {
      if (c.configJson !== configJson) {
        throw new ProspectError(
          'The saved checkpoint was made with different training settings: start a new run or restore those settings.',
          'CHECKPOINT_MISMATCH',
          { saved: c.configJson, asked: configJson },
        );
      }
      restore(model, c);
      const mom = decodeTensors(c.optimizer);
      tf.dispose(velocity);
      velocity = c.optimizer.specs.map((s) => mom[s.name]);
      rng.state = c.rngState >>> 0;
      history = c.history.slice();
      early = { best: c.earlyStopping.best ?? Infinity, badEpochs: c.earlyStopping.badEpochs };
      startEpoch = c.epoch;
      resumedFromEpoch = c.epoch;
      notes.push(`Resumed after epoch ${c.epoch} from a checkpoint saved ${c.savedAt}.`);
      savedWorkers = c.workers ?? 1;
    }
  }

  // An automatic count follows the checkpoint, so that a resumed run ends where the uninterrupted one would have.
  const resumeAuto = (asked === undefined || asked === 'auto') && savedWorkers !== null && backend.name === 'wasm';
  const planned = backend.name === 'wasm' && backend.threads === layout.threads && !opts.backendChoice;
  const choice = resumeAuto
    ? { workers: savedWorkers as number, why: 'as in the checkpoint' }
    : planned
      ? layout
      : chooseWorkers(asked, backend.name, estimate, cores, backend.threads);
  const workers = choice.workers;
  const backendLabel = backend.threads > 1 ? `${backend.name}, ${backend.threads} threads` : backend.name;
  if (workers > 1) notes.push(`Data-parallel on ${workers} threads (${choice.why}); batch norm saw each thread's share of a micro-batch.`);
  else if (backend.threads > 1) notes.push(`One replica on ${backend.threads} XNNPACK threads (${choice.why}).`);

  if (savedWorkers !== null && savedWorkers !== workers) {
    notes.push(`The checkpoint was made with ${savedWorkers} worker(s) and training went on with ${workers}: the result is not bit-identical to an uninterrupted run.`);
  }

  const round = workers * r.microBatch;
  const steps = Math.ceil(r.batchSize / round);
  if (steps > 1) {
    notes.push(
      `Gradients accumulated over ${steps} micro-batches of ${round} to an effective batch of ${r.batchSize}; batch norm saw ${r.microBatch} images at a time.`,
    );
  }
  const trainIdx = Array.from(data.trainIdx);
  const valIdx = Array.from(data.valIdx);
  const batchesPerEpoch = Math.ceil(trainIdx.length / r.batchSize);
  const totalBatches = batchesPerEpoch * r.epochs;
  const t0 = performance.now();
  let imagesSeen = 0;
  let stoppedEarly = false;
  const [w0, w1] = r.classWeights;

  let pool: GradientHelpers | null = null;
  const ptime: ParallelTiming = { rounds: 0, ownSeconds: 0, waitSeconds: 0, syncSeconds: 0 };
  try {
    if (workers > 1) {
      pool = await GradientHelpers.start(
        workers - 1,
        {
          arch: r.arch,
          inputSize: r.inputSize,
          channels: data.channels,
          seed: r.seed,
          capacity: r.microBatch,
          weightSizes: model.weights.map((w) => w.read().size),
          trainableSizes: vars.map((v) => v.size),
          threads: planned ? layout.threads : Math.max(1, Math.floor(cores / workers)),
        },
        signal,
      );
      checkAbort(signal);
      pool.publish(model);
    }
    for (let epoch = startEpoch; epoch < r.epochs; epoch++) {
      const lr = learningRate(r, epoch);
      const te = performance.now();
      const order = rng.shuffle(trainIdx);
      let lossSum = 0;
      let correct = 0;
      let seen = 0;
      for (let b = 0; b < batchesPerEpoch; b++) {
        const batch = order.slice(b * r.batchSize, (b + 1) * r.batchSize);
        let denom = 0;
        for (const w of batch) denom += data.labels[w] ? w1 : w0;
        let gradSum: tf.Tensor[] | null = null;
        for (let m = 0; m < batch.length; m += round) {
          checkAbort(signal);
          const mb = batch.slice(m, m + round);
          const { x, y } = makeBatch(data, mb, r, rng);
          const sw = Float32Array.from(y, (v) => (v ? w1 : w0) / denom);
          const res = pool ? await parallelGradients(pool, model, vars, { x, y, sw, n: mb.length }, r, data.channels, ptime) : shardGradients(model, vars, { x, y, sw, n: mb.length }, r.inputSize, data.channels);
          if (!gradSum) gradSum = res.grads;
          else {
            const prev: tf.Tensor[] = gradSum;
            gradSum = prev.map((g, i) => tf.add(g, res.grads[i]));
            tf.dispose(prev);
            tf.dispose(res.grads);
          }
          correct += res.hits;
          lossSum += res.ce;
          seen += mb.length;
          imagesSeen += mb.length;
        }
        // SGD with momentum and L2 on the gradient, as torch.optim.SGD(momentum, weight_decay) does.
        const g = gradSum as tf.Tensor[];
        const next = vars.map((v, i) => sgdStep(v, g[i], velocity[i], { lr, momentum: r.momentum, weightDecay: r.weightDecay }));
        tf.dispose(velocity);
        tf.dispose(g);
        velocity = next;
        if (pool) {
        const tp = performance.now();
        pool.publish(model);
        ptime.syncSeconds += (performance.now() - tp) / 1000;
      }

        const done = epoch * batchesPerEpoch + b + 1;
        const elapsed = (performance.now() - t0) / 1000;
        const rate = imagesSeen / elapsed;
        const remainingBatches = totalBatches - done;
        onProgress?.({
          step: 'train',
          done,
          total: totalBatches,
          message: `epoch ${epoch + 1}/${r.epochs}, batch ${b + 1}/${batchesPerEpoch} (${backendLabel})`,
          metrics: {
            epoch: epoch + 1,
            epochs: r.epochs,
            batch: b + 1,
            loss: lossSum / seen,
            accuracy: correct / seen,
            lr,
            images_s: rate,
            eta_s: (remainingBatches * r.batchSize) / Math.max(rate, 1e-9),
          },
        });
        await new Promise((res) => setImmediate(res));
      }

      const val = valIdx.length ? await evaluate(model, data, valIdx, r, signal) : null;
      const seconds = (performance.now() - te) / 1000;
      const record: EpochRecord = {
        epoch: epoch + 1,
        lr,
        loss: lossSum / seen,
        accuracy: correct / seen,
        valLoss: val?.loss ?? null,
        valAccuracy: val?.accuracy ?? null,
        seconds,
        imagesPerSecond: seen / seconds,
      };
      history.push(record);
      if (val && r.earlyStopping) {
        if (val.loss < early.best - r.earlyStopping.minDelta) early = { best: val.loss, badEpochs: 0 };
        else early = { best: early.best, badEpochs: early.badEpochs + 1 };
      }
      onProgress?.({
        step: 'train',
        done: (epoch + 1) * batchesPerEpoch,
        total: totalBatches,
        message: `epoch ${epoch + 1}/${r.epochs} done (${backendLabel})`,
        metrics: {
          epoch: epoch + 1,
          epochs: r.epochs,
          loss: record.loss,
          accuracy: record.accuracy,
          lr,
          images_s: record.imagesPerSecond,
          eta_s: ((r.epochs - epoch - 1) * seconds),
          ...(val ? { val_loss: val.loss, val_accuracy: val.accuracy } : {}),
        },
      });
      if (opts.checkpoints) {
        await opts.checkpoints.save(await makeCheckpoint(model, velocity, epoch + 1, rng.state, history, early, configJson, workers));
      }
      if (r.earlyStopping && early.badEpochs >= r.earlyStopping.patience) {
        stoppedEarly = true;
        notes.push(`Stopped early after epoch ${epoch + 1}: validation loss did not improve for ${r.earlyStopping.patience} epochs.`);
        break;
      }
    }
  } finally {
    await pool?.close();
  }
  tf.dispose(velocity);
  const totalSeconds = (performance.now() - t0) / 1000;
  return {
    model,
    artifacts: await serializeModel(model),
    history,
    backend,
    batchSize: r.batchSize,
    microBatch: r.microBatch,
    accumulationSteps: steps,
    workers,
    notes,
    epochsRun: history.length,
    stoppedEarly,
    resumedFromEpoch,
    timing: { totalSeconds, imagesPerSecond: imagesSeen / Math.max(totalSeconds, 1e-9), ...(workers > 1 ? { parallel: ptime } : {}) },
  };
}

/**
 * One round split between this thread (the first shard) and the helpers (the others), computed at the same time;
 * gradients summed in a fixed order so that the result does not depend on which thread finished first.
 */
async function parallelGradients(
  pool: GradientHelpers,
  model: tf.LayersModel,
  vars: tf.Variable[],
  s: Shard,
  r: Resolved,
  channels: number,
  time: ParallelTiming,
): Promise<{ grads: tf.Tensor[]; hits: number; ce: number }> {
  const t0 = performance.now();
  const pixels = r.inputSize * r.inputSize * channels;
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
  const own = shardGradients(model, vars, part(0), r.inputSize, channels);
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

async function makeCheckpoint(
  model: tf.LayersModel,
  velocity: tf.Tensor[],
  epoch: number,
  rngState: number,
  history: EpochRecord[],
  early: { best: number; badEpochs: number },
  configJson: string,
  workers: number,
): Promise<Checkpoint> {
  const weights = await encodeTensors(model.weights.map((w, i) => ({ name: `${i}:${w.originalName}`, tensor: w.read() })));
  const optimizer = await encodeTensors(velocity.map((t, i) => ({ name: `momentum:${i}`, tensor: t })));
  return {
    version: 1,
    epoch,
    weights,
    optimizer,
    rngState,
    history: history.slice(),
    // JSON has no Infinity: store null-able via a large sentinel-free encoding.
    earlyStopping: { best: Number.isFinite(early.best) ? early.best : (null as unknown as number), badEpochs: early.badEpochs },
    configJson,
    savedAt: new Date().toISOString(),
    workers,
  };
}

/** Loads checkpoint weights into a freshly built model of the same architecture. */
export function restore(model: tf.LayersModel, c: Checkpoint): void {
  const map = decodeTensors(c.weights);
  if (c.weights.specs.length !== model.weights.length) {
    throw new ProspectError(
      `The checkpoint holds ${c.weights.specs.length} weights but the model has ${model.weights.length}: it belongs to another architecture.`,
      'CHECKPOINT_MISMATCH',
    );
  }
  model.weights.forEach((w, i) => {
    const t = map[c.weights.specs[i].name];
    if (!tf.util.arraysEqual(t.shape, w.shape as number[])) {
      throw new ProspectError(`Checkpoint weight ${c.weights.specs[i].name} has shape ${t.shape}, the model expects ${w.shape}.`, 'CHECKPOINT_MISMATCH');
    }
    w.write(t);
  });
  tf.dispose(Object.values(map));
}
