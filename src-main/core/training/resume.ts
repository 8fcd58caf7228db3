import * as tf from '@tensorflow/tfjs';
import { ProspectError } from '../types';
import { decodeTensors, encodeTensors, type Checkpoint, type CheckpointStore } from './checkpoint';
import type { Mulberry32 } from '../util/random';
import type { EpochRecord } from './types';

/** What changes from epoch to epoch besides the weights: it goes into every checkpoint. */
export interface RunState {
  velocity: tf.Tensor[];
  history: EpochRecord[];
  early: { best: number; badEpochs: number };
  /** Epoch index training starts at (0, or the checkpoint's epoch count). */
  startEpoch: number;
  resumedFromEpoch: number | null;
  /** Replicas of the run the checkpoint came from (null: no checkpoint). */
  savedWorkers: number | null;
  notes: string[];
}

export function freshState(vars: tf.Variable[]): RunState {
  return {
    velocity: vars.map((v) => tf.zerosLike(v)),
    history: [],
    early: { best: Infinity, badEpochs: 0 },
    startEpoch: 0,
    resumedFromEpoch: null,
    savedWorkers: null,
    notes: [],
  };
}

/** Continues `state` from the store's checkpoint, if it has one; refuses one made with other settings. */
export async function resumeFrom(store: CheckpointStore, configJson: string, model: tf.LayersModel, rng: Mulberry32, state: RunState): Promise<void> {
  const c = await store.load();
  if (!c) return;
  if (c.configJson !== configJson) {
    throw new ProspectError(
      'The saved checkpoint was made with different training settings: start a new run or restore those settings.',
      'CHECKPOINT_MISMATCH',
      { saved: c.configJson, asked: configJson },
    );
  }
  restore(model, c);
  const mom = decodeTensors(c.optimizer);
  tf.dispose(state.velocity);
  state.velocity = c.optimizer.specs.map((s) => mom[s.name]);
  rng.state = c.rngState >>> 0;
  state.history = c.history.slice();
  state.early = { best: c.earlyStopping.best ?? Infinity, badEpochs: c.earlyStopping.badEpochs };
  state.startEpoch = c.epoch;
  state.resumedFromEpoch = c.epoch;
  state.notes.push(`Resumed after epoch ${c.epoch} from a checkpoint saved ${c.savedAt}.`);
  state.savedWorkers = c.workers ?? 1;
}

export async function makeCheckpoint(model: tf.LayersModel, state: RunState, epoch: number, rngState: number, configJson: string, workers: number): Promise<Checkpoint> {
  const weights = await encodeTensors(model.weights.map((w, i) => ({ name: `${i}:${w.originalName}`, tensor: w.read() })));
  const optimizer = await encodeTensors(state.velocity.map((t, i) => ({ name: `momentum:${i}`, tensor: t })));
  const best = state.early.best;
  return {
    version: 1,
    epoch,
    weights,
    optimizer,
    rngState,
    history: state.history.slice(),
    // JSON has no Infinity: "no best yet" is stored as null.
    earlyStopping: { best: Number.isFinite(best) ? best : (null as unknown as number), badEpochs: state.early.badEpochs },
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
