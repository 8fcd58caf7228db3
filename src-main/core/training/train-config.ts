import { ProspectError } from '../types';
import type { EngineConfig, TrainData } from './types';

/** A EngineConfig with every default filled in and every field checked against the data. */
export interface Resolved extends Required<Omit<EngineConfig, 'earlyStopping' | 'lrStep' | 'classWeights' | 'augment' | 'workers'>> {
  earlyStopping: { patience: number; minDelta: number } | null;
  lrStep: { every: number; factor: number } | null;
  classWeights: [number, number];
  augment: { flips: boolean; randomCrop: boolean };
}

function bad(message: string, field: string): ProspectError {
  return new ProspectError(message, 'BAD_TRAIN_CONFIG', { column: field });
}

function checkData(data: TrainData): void {
  if (data.x.length !== data.n * data.size * data.size * data.channels) {
    throw bad(`x holds ${data.x.length} values but n x size x size x channels = ${data.n * data.size * data.size * data.channels}.`, 'x');
  }
  if (data.labels.length !== data.n) throw bad(`labels has ${data.labels.length} entries for ${data.n} windows.`, 'labels');
  if (data.trainIdx.length === 0) throw bad('No training windows: trainIdx is empty.', 'trainIdx');
  for (const list of [data.trainIdx, data.valIdx]) {
    for (let i = 0; i < list.length; i++) if (!(list[i] >= 0 && list[i] < data.n)) throw bad(`Window index ${list[i]} is outside 0..${data.n - 1}.`, 'trainIdx');
  }
}

function classWeightsOf(data: TrainData, c: EngineConfig): [number, number] {
  if (Array.isArray(c.classWeights)) return [c.classWeights[0], c.classWeights[1]];
  if (c.classWeights !== 'balanced') return [1, 1];
  let ore = 0;
  for (let i = 0; i < data.trainIdx.length; i++) ore += data.labels[data.trainIdx[i]] ? 1 : 0;
  const n = data.trainIdx.length;
  const barren = n - ore;
  return [barren ? n / (2 * barren) : 1, ore ? n / (2 * ore) : 1];
}

export function resolve(data: TrainData, c: EngineConfig): Resolved {
  if (!(c.inputSize >= 1) || c.inputSize > data.size) throw bad(`inputSize ${c.inputSize} must be between 1 and the window size ${data.size}.`, 'inputSize');
  if (!(c.epochs >= 1)) throw bad(`epochs must be at least 1 (got ${c.epochs}).`, 'epochs');
  if (!(c.batchSize >= 1)) throw bad(`batchSize must be at least 1 (got ${c.batchSize}).`, 'batchSize');
  const microBatch = Math.min(c.microBatch ?? c.batchSize, c.batchSize);
  if (!(microBatch >= 1)) throw bad(`microBatch must be at least 1 (got ${c.microBatch}).`, 'microBatch');
  if (!(c.lr > 0)) throw bad(`lr must be positive (got ${c.lr}).`, 'lr');
  checkData(data);
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
    classWeights: classWeightsOf(data, c),
    earlyStopping: c.earlyStopping ? { patience: c.earlyStopping.patience, minDelta: c.earlyStopping.minDelta ?? 0 } : null,
    seed: c.seed,
    augment: c.augment ?? { flips: true, randomCrop: true },
    backend: c.backend ?? 'auto',
  };
}

export function learningRate(c: { lr: number; lrStep?: { every: number; factor: number } | null }, epoch: number): number {
  return c.lrStep ? c.lr * Math.pow(c.lrStep.factor, Math.floor(epoch / c.lrStep.every)) : c.lr;
}

export function checkAbort(signal?: AbortSignal): void {
  if (signal?.aborted) throw new ProspectError('Training was cancelled.', 'ABORTED');
}
