import type { Architecture } from '../models/registry';
import type { BackendPreference } from './backend';

/** Training windows, prepared by the caller (dataset/): NaN already replaced, folds already chosen. */
export interface TrainData {
  /** n windows of size x size x channels, NHWC, row-major. May live in a SharedArrayBuffer. */
  x: Float32Array;
  n: number;
  /** Window side S in pixels (>= config.inputSize). */
  size: number;
  channels: number;
  /** 1 = ore, 0 = barren; length n. */
  labels: Uint8Array;
  /** Indices into the windows used for training and for validation. */
  trainIdx: ArrayLike<number>;
  valIdx: ArrayLike<number>;
}

export interface EngineConfig {
  arch: Architecture;
  /** Crop side fed to the network (paper: 224 from 256 windows). */
  inputSize: number;
  epochs: number;
  /** Effective batch size (paper: 32). */
  batchSize: number;
  /** Images per forward/backward pass; gradients are accumulated to batchSize. Default: batchSize. */
  microBatch?: number;
  /** Initial learning rate (paper: 0.01). */
  lr: number;
  /** Step decay: lr * factor^floor(epoch / every) (paper: every 30, factor 0.5). */
  lrStep?: { every: number; factor: number };
  /** SGD momentum; default 0.9 (the paper prints 0.1). */
  momentum?: number;
  /** L2 added to the gradient (PyTorch weight_decay); default 1e-4. */
  weightDecay?: number;
  /** 'balanced' weighs classes by n / (2 n_c) over the training indices. Default 'none'. */
  classWeights?: 'balanced' | 'none' | [number, number];
  /** Stop when the validation loss has not improved by minDelta for `patience` epochs. */
  earlyStopping?: { patience: number; minDelta?: number };
  seed: number;
  /** Random flips (horizontal and vertical, each p = 0.5) and a random crop; validation uses the centre crop. */
  augment?: { flips: boolean; randomCrop: boolean };
  backend?: BackendPreference;
  /**
   * Data-parallel replicas on the wasm backend, each in its own thread (this one included). 'auto' (default) uses
   * every core when a shard's forward pass is heavy enough to pay for the per-step synchronisation, else 1.
   * Batch norm then sees each replica's shard; the same seed and worker count give the same weights.
   */
  workers?: number | 'auto';
}

export interface EpochRecord {
  epoch: number;
  lr: number;
  loss: number;
  accuracy: number;
  valLoss: number | null;
  valAccuracy: number | null;
  seconds: number;
  imagesPerSecond: number;
}

/** What a WebGPU adapter says about itself, stored with each run that used it. */
export interface AdapterInfo {
  vendor: string;
  architecture: string;
  description: string;
  /** A software adapter (SwiftShader, llvmpipe, WARP) or Dawn's fallback adapter. */
  software: boolean;
  /** Largest buffer and storage binding the device accepts (bytes): they bound the micro-batch. */
  maxBufferSize: number;
  maxStorageBufferBindingSize: number;
}
