import * as tf from '@tensorflow/tfjs';
import { availableParallelism } from 'node:os';
import { buildModel, listArchitectures } from '../models/registry';
import type { TaskOptions } from '../types';
import { selectBackend, type BackendChoice } from './backend';
import type { CheckpointStore } from './checkpoint';
import { fitMicroBatch, largestActivationBytes } from './micro-batch';
import { serializeModel, type SerializedModel } from './model-io';
import { GradientHelpers } from './parallel';
import type { ParallelTiming } from './parallel-round';
import { freshState, makeCheckpoint, resumeFrom, type RunState } from './resume';
import { Mulberry32 } from '../util/random';
import { variablesOf } from './step';
import { checkAbort, resolve, type Resolved } from './train-config';
import { shouldStop, trainEpoch, type Loop } from './train-loop';
import { chooseWorkers, planLayout, type Layout, type WorkerChoice, type WorkloadEstimate } from './worker-count';
import type { EpochRecord, EngineConfig, TrainData } from './types';

export type { EpochRecord, EngineConfig, TrainData } from './types';
export type { ParallelTiming } from './parallel-round';
export { learningRate } from './train-config';
export { restore } from './resume';

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

export interface TrainOptions extends TaskOptions {
  checkpoints?: CheckpointStore;
  resume?: boolean;
  /** Use this already-selected backend instead of calling selectBackend(config.backend). */
  backendChoice?: BackendChoice;
  /** Data-parallel replicas; overrides config.workers (1 = this thread only). */
  workers?: number;
}

interface BackendPlan {
  backend: BackendChoice;
  layout: Layout;
  estimate: WorkloadEstimate;
  asked: number | 'auto' | undefined;
  cores: number;
}

/** Stage 1: the backend, with XNNPACK threads or replicas planned before wasm starts (its thread count is fixed then). */
async function startBackend(data: TrainData, r: Resolved, config: EngineConfig, opts: TrainOptions): Promise<BackendPlan> {
  const cores = availableParallelism();
  const asked = opts.workers ?? config.workers;
  const info = listArchitectures().find((a) => a.arch === r.arch);
  const estimate = {
    macsPerImage: (info?.macsPerPixel ?? 0) * r.inputSize * r.inputSize,
    imagesPerRound: Math.min(r.batchSize, r.microBatch * cores),
    imagesPerRun: data.trainIdx.length * r.epochs,
    microBatch: r.microBatch,
  };
  const layout = planLayout(asked, estimate, cores);
  const backend = opts.backendChoice ?? (await selectBackend(r.backend, { wasmThreads: layout.threads }));
  return { backend, layout, estimate, asked, cores };
}

/** Stage 3: replicas for this backend; an automatic count follows the checkpoint, so a resumed run ends as the uninterrupted one. */
function chooseReplicas(plan: BackendPlan, state: RunState, fixedBackend: boolean): WorkerChoice & { planned: boolean } {
  const { backend, layout, asked, estimate, cores } = plan;
  const resumeAuto = (asked === undefined || asked === 'auto') && state.savedWorkers !== null && backend.name === 'wasm';
  const planned = backend.name === 'wasm' && backend.threads === layout.threads && !fixedBackend;
  if (resumeAuto) return { workers: state.savedWorkers as number, why: 'as in the checkpoint', planned };
  if (planned) return { ...layout, planned };
  return { ...chooseWorkers(asked, backend.name, estimate, cores, backend.threads), planned };
}

/** Stage 4: the micro-batch the backend can hold (webgpu: the adapter's buffer limits), and the notes on the layout. */
function sizeRounds(r: Resolved, model: tf.LayersModel, backend: BackendChoice, choice: WorkerChoice, state: RunState): { r: Resolved; round: number; steps: number } {
  const notes = state.notes;
  let microBatch = r.microBatch;
  if (backend.adapter) {
    const fit = fitMicroBatch(microBatch, largestActivationBytes(model), backend.adapter);
    microBatch = fit.microBatch;
    if (fit.note) notes.push(fit.note);
  }
  const { workers } = choice;
  if (workers > 1) notes.push(`Data-parallel on ${workers} threads (${choice.why}); batch norm saw each thread's share of a micro-batch.`);
  else if (backend.threads > 1) notes.push(`One replica on ${backend.threads} XNNPACK threads (${choice.why}).`);
  if (state.savedWorkers !== null && state.savedWorkers !== workers) {
    notes.push(`The checkpoint was made with ${state.savedWorkers} worker(s) and training went on with ${workers}: the result is not bit-identical to an uninterrupted run.`);
  }
  const round = workers * microBatch;
  const steps = Math.ceil(r.batchSize / round);
  if (steps > 1) {
    notes.push(`Gradients accumulated over ${steps} micro-batches of ${round} to an effective batch of ${r.batchSize}; batch norm saw ${microBatch} images at a time.`);
  }
  return { r: { ...r, microBatch }, round, steps };
}

/** Stage 5: helper threads for data-parallel rounds (wasm only), each with a replica of the model. */
async function startHelpers(model: tf.LayersModel, vars: tf.Variable[], r: Resolved, channels: number, choice: WorkerChoice & { planned: boolean }, plan: BackendPlan, signal?: AbortSignal): Promise<GradientHelpers | null> {
  if (choice.workers <= 1) return null;
  const pool = await GradientHelpers.start(
    choice.workers - 1,
    {
      arch: r.arch,
      inputSize: r.inputSize,
      channels,
      seed: r.seed,
      capacity: r.microBatch,
      weightSizes: model.weights.map((w) => w.read().size),
      trainableSizes: vars.map((v) => v.size),
      threads: choice.planned ? plan.layout.threads : Math.max(1, Math.floor(plan.cores / choice.workers)),
    },
    signal,
  );
  checkAbort(signal);
  pool.publish(model);
  return pool;
}

/** "wasm, 2 threads" or "webgpu on NVIDIA ...": the end of every progress message (no parentheses inside). */
function labelOf(b: BackendChoice): string {
  if (b.adapter) return `webgpu on ${b.adapter.description.replace(/[()]/g, '')}${b.adapter.software ? ', software' : ''}`;
  return b.threads > 1 ? `${b.name}, ${b.threads} threads` : b.name;
}

/**
 * Trains `config.arch` on the windows with SGD + momentum, L2 weight decay on the gradient, step learning-rate
 * decay and gradient accumulation, checkpointing after every epoch. With resume=true and a checkpoint in
 * opts.checkpoints, continues after it and ends with the same weights as an uninterrupted run on the same backend.
 */
export async function trainModel(data: TrainData, config: EngineConfig, opts: TrainOptions = {}): Promise<TrainResult> {
  const resolved = resolve(data, config);
  const configJson = JSON.stringify(config);
  const plan = await startBackend(data, resolved, config, opts);
  const { backend } = plan;
  checkAbort(opts.signal);

  // Stage 2: the model and its optimiser state, fresh or from the checkpoint.
  const model = buildModel(resolved.arch, { inputSize: resolved.inputSize, channels: data.channels, classes: 2, seed: resolved.seed });
  const vars = variablesOf(model);
  const rng = new Mulberry32(resolved.seed ^ 0x9e3779b9);
  const state = freshState(vars);
  if (opts.resume && opts.checkpoints) await resumeFrom(opts.checkpoints, configJson, model, rng, state);

  const choice = chooseReplicas(plan, state, !!opts.backendChoice);
  const { r, round, steps } = sizeRounds(resolved, model, backend, choice, state);
  const loop: Loop = {
    data, r, model, vars, state, rng, round, pool: null,
    ptime: { rounds: 0, ownSeconds: 0, waitSeconds: 0, syncSeconds: 0 },
    backendLabel: labelOf(backend), t0: performance.now(), imagesSeen: 0,
    signal: opts.signal, onProgress: opts.onProgress,
  };
  let stoppedEarly = false;
  try {
    loop.pool = await startHelpers(model, vars, r, data.channels, choice, plan, opts.signal);
    for (let epoch = state.startEpoch; epoch < r.epochs; epoch++) {
      const record = await trainEpoch(loop, epoch);
      const stop = shouldStop(r, state, record);
      if (opts.checkpoints) await opts.checkpoints.save(await makeCheckpoint(model, state, epoch + 1, rng.state, configJson, choice.workers));
      if (stop) {
        stoppedEarly = true;
        state.notes.push(`Stopped early after epoch ${epoch + 1}: validation loss did not improve for ${r.earlyStopping?.patience} epochs.`);
        break;
      }
    }
  } finally {
    await loop.pool?.close();
  }
  // The last epoch's report is not the end: helpers closed, the model is serialised and handed back.
  const batches = Math.ceil(data.trainIdx.length / r.batchSize) * r.epochs;
  opts.onProgress?.({ step: 'train', done: batches, total: batches, message: `saving the model (${loop.backendLabel})` });
  tf.dispose(state.velocity);
  const totalSeconds = (performance.now() - loop.t0) / 1000;
  return {
    model,
    artifacts: await serializeModel(model),
    history: state.history,
    backend,
    batchSize: r.batchSize,
    microBatch: r.microBatch,
    accumulationSteps: steps,
    workers: choice.workers,
    notes: state.notes,
    epochsRun: state.history.length,
    stoppedEarly,
    resumedFromEpoch: state.resumedFromEpoch,
    timing: { totalSeconds, imagesPerSecond: loop.imagesSeen / Math.max(totalSeconds, 1e-9), ...(choice.workers > 1 ? { parallel: loop.ptime } : {}) },
  };
}
