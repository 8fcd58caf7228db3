// A trained window model slid over a grid stack: the one dense-map procedure for the predict step and for every CV
// fold model, so the held-out maps are made exactly as the deployed one.
import type * as tf from '@tensorflow/tfjs';
import { extractWindows } from '../dataset/windows';
import { predictProbabilities } from '../training/predict';
import type { GridStack, TaskOptions } from '../types';
import { denseProbabilityMap } from './dense';

/** Window stride of the dense map in cells: a fraction of the window, at least one cell. */
export function denseStride(windowSize: number, fraction: number): number {
  return Math.max(1, Math.round(windowSize * fraction));
}

export interface ModelMapInput {
  model: tf.LayersModel;
  /** The z-scored stack the model reads (its bands in any order; `elements` picks them). */
  stack: GridStack;
  elements: string[];
  windowSize: number;
  inputSize: number;
  mask: Uint8Array | null;
  strideFraction: number;
}

export async function modelDenseMap(m: ModelMapInput, opts: TaskOptions & { batch?: number; windowsPerCall?: number } = {}): Promise<Float32Array> {
  const S = m.windowSize;
  const C = m.elements.length;
  return denseProbabilityMap(m.stack.spec, m.mask, S, denseStride(S, m.strideFraction),
    (xb, n) => predictProbabilities(m.model, xb, n, S, C, { inputSize: m.inputSize, batch: opts.batch ?? 32, signal: opts.signal }),
    (ws) => extractWindows(m.stack, ws, m.elements),
    { signal: opts.signal, batchSize: opts.windowsPerCall ?? 64, onProgress: opts.onProgress });
}
