// A trained window model applied to a grid stack as it was trained: windows of its training size on the training
// cell size (no resampling), each score placed at its window's centre and spread by a small kernel, and tiles scored
// by the windows centred in them. The one procedure for the predict step and every CV fold model, so the held-out
// maps are made exactly as the deployed one.
import type * as tf from '@tensorflow/tfjs';
import { extractWindows } from '../dataset/windows';
import { predictProbabilities } from '../training/predict';
import type { GridStack, TaskOptions } from '../types';
import { scoreAsTrained, type TileRect, type WindowScoring } from './window-scoring';

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
  /** Tiles to score in the same pass. */
  tiles?: TileRect[];
}

export async function modelMaps(m: ModelMapInput, opts: TaskOptions & { batch?: number; windowsPerCall?: number } = {}): Promise<WindowScoring> {
  const S = m.windowSize;
  const C = m.elements.length;
  return scoreAsTrained({
    spec: m.stack.spec, mask: m.mask, size: S, stride: denseStride(S, m.strideFraction), tiles: m.tiles,
    scorer: (ws) => predictProbabilities(m.model, extractWindows(m.stack, ws, m.elements), ws.length, S, C, { inputSize: m.inputSize, batch: opts.batch ?? 32, signal: opts.signal }),
  }, { signal: opts.signal, onProgress: opts.onProgress, batchSize: opts.windowsPerCall ?? 64 });
}

export async function modelDenseMap(m: ModelMapInput, opts: TaskOptions & { batch?: number; windowsPerCall?: number } = {}): Promise<Float32Array> {
  return (await modelMaps(m, opts)).map;
}
