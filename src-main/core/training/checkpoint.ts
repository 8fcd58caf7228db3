import * as tf from '@tensorflow/tfjs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ProspectError } from '../types';
import type { EpochRecord } from './types';

/** Named float32 tensors as plain bytes + specs (tf.io layout), storable as one BLOB and one JSON text. */
export interface TensorBundle {
  specs: tf.io.WeightsManifestEntry[];
  data: Uint8Array;
}

/** Everything needed to continue training after the end of `epoch`, as plain data. */
export interface Checkpoint {
  version: 1;
  /** Epochs completed (1-based count); training resumes at this epoch index. */
  epoch: number;
  /** All model weights (trainable and batch-norm statistics), in model.weights order. */
  weights: TensorBundle;
  /** SGD momentum buffers, one per trainable weight, in model.trainableWeights order. */
  optimizer: TensorBundle;
  /** mulberry32 state of the shuffling / augmentation stream. */
  rngState: number;
  history: EpochRecord[];
  earlyStopping: { best: number; badEpochs: number };
  /** JSON of the EngineConfig that produced it: resuming with another config is refused. */
  configJson: string;
  savedAt: string;
  /** Data-parallel replicas the run used (absent in checkpoints from before data-parallel training: 1). */
  workers?: number;
}

/** Where checkpoints live: the project file (SqliteCheckpointStore), a folder (FileCheckpointStore), or memory. */
export interface CheckpointStore {
  load(): Promise<Checkpoint | null>;
  save(c: Checkpoint): Promise<void>;
}

export async function encodeTensors(named: { name: string; tensor: tf.Tensor }[]): Promise<TensorBundle> {
  const { data, specs } = await tf.io.encodeWeights(named);
  return { specs, data: new Uint8Array(tf.io.CompositeArrayBuffer.join(data)) };
}

export function decodeTensors(b: TensorBundle): tf.NamedTensorMap {
  const copy = b.data.slice().buffer;
  return tf.io.decodeWeights(copy, b.specs);
}

/**
 * Keeps the last checkpoint in a folder: checkpoint.json (everything but the bytes) + weights.bin + optimizer.bin.
 * Written to temporary names and renamed, json last, so a crash mid-save leaves the previous checkpoint readable.
 */
export class FileCheckpointStore implements CheckpointStore {
  constructor(readonly dir: string) {}

  async load(): Promise<Checkpoint | null> {
    const jsonPath = path.join(this.dir, 'checkpoint.json');
    let text: string;
    try {
      text = await readFile(jsonPath, 'utf8');
    } catch {
      return null;
    }
    const meta = JSON.parse(text) as Omit<Checkpoint, 'weights' | 'optimizer'> & {
      weightSpecs: tf.io.WeightsManifestEntry[];
      optimizerSpecs: tf.io.WeightsManifestEntry[];
      weightsFile: string;
      optimizerFile: string;
    };
    try {
      const w = new Uint8Array(await readFile(path.join(this.dir, meta.weightsFile)));
      const o = new Uint8Array(await readFile(path.join(this.dir, meta.optimizerFile)));
      const { weightSpecs, optimizerSpecs, weightsFile: _w, optimizerFile: _o, ...rest } = meta;
      return { ...rest, weights: { specs: weightSpecs, data: w }, optimizer: { specs: optimizerSpecs, data: o } };
    } catch (e) {
      throw new ProspectError(
        `Checkpoint ${jsonPath} names weight files that cannot be read (${(e as Error).message}): delete the folder to start over.`,
        'BAD_CHECKPOINT',
        { file: jsonPath },
      );
    }
  }

  async save(c: Checkpoint): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    // Epoch-stamped data files: the json that names them is replaced atomically last.
    const weightsFile = `weights-${c.epoch}.bin`;
    const optimizerFile = `optimizer-${c.epoch}.bin`;
    await writeFile(path.join(this.dir, weightsFile), c.weights.data);
    await writeFile(path.join(this.dir, optimizerFile), c.optimizer.data);
    const { weights, optimizer, ...rest } = c;
    const meta = { ...rest, weightSpecs: weights.specs, optimizerSpecs: optimizer.specs, weightsFile, optimizerFile };
    const tmp = path.join(this.dir, 'checkpoint.json.tmp');
    await writeFile(tmp, JSON.stringify(meta));
    await rename(tmp, path.join(this.dir, 'checkpoint.json'));
    // Remove the previous epoch's data files.
    const { rm } = await import('node:fs/promises');
    if (c.epoch > 1) {
      await rm(path.join(this.dir, `weights-${c.epoch - 1}.bin`), { force: true });
      await rm(path.join(this.dir, `optimizer-${c.epoch - 1}.bin`), { force: true });
    }
  }
}

/** Keeps checkpoints in memory (tests, and a worker's proxy before it hands them to the main thread). */
export class MemoryCheckpointStore implements CheckpointStore {
  last: Checkpoint | null = null;
  saves = 0;
  async load(): Promise<Checkpoint | null> {
    return this.last;
  }
  async save(c: Checkpoint): Promise<void> {
    this.last = c;
    this.saves++;
  }
}
