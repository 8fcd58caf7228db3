import type * as tf from '@tensorflow/tfjs';
import { ProspectError } from '../types';
import type { AdapterInfo } from './webgpu-backend';

/*
 * On webgpu every tensor is one GPU buffer bound as one storage binding, so the largest activation of a micro-batch
 * must fit both the adapter's maxBufferSize and its maxStorageBufferBindingSize (WebGPU guarantees only 256 MiB and
 * 128 MiB; Dawn passes on what the driver allows). ResNet-50 at 224 px: its largest activations (112 x 112 x 64 and
 * 56 x 56 x 256 floats) take 3.2 MB per image, so 128 MiB holds a micro-batch of 41.
 */

/** Bytes of the largest layer output of one image (float32). */
export function largestActivationBytes(model: tf.LayersModel): number {
  let most = 0;
  for (const layer of model.layers) {
    const shapes = (Array.isArray(layer.outputShape[0]) ? layer.outputShape : [layer.outputShape]) as (number | null)[][];
    for (const s of shapes) most = Math.max(most, s.slice(1).reduce<number>((a, d) => a * (d ?? 1), 1) * 4);
  }
  return most;
}

export interface MicroBatchFit {
  microBatch: number;
  /** Set when the micro-batch had to shrink: what and why, for the run's notes. */
  note: string | null;
}

/** The largest micro-batch up to `asked` whose largest activation fits the adapter's buffer limits. */
export function fitMicroBatch(asked: number, bytesPerImage: number, adapter: Pick<AdapterInfo, 'maxBufferSize' | 'maxStorageBufferBindingSize' | 'description'>): MicroBatchFit {
  const limit = Math.min(adapter.maxBufferSize, adapter.maxStorageBufferBindingSize);
  const fits = Math.floor(limit / Math.max(bytesPerImage, 1));
  const mib = (b: number) => `${(b / 2 ** 20).toFixed(b < 100 * 2 ** 20 ? 1 : 0)} MiB`;
  if (fits < 1) {
    throw new ProspectError(
      `One image's largest activation (${mib(bytesPerImage)}) exceeds ${adapter.description}'s ${mib(limit)} buffer limit: use a smaller input size or another backend.`,
      'OUT_OF_MEMORY',
      { column: 'inputSize' },
    );
  }
  if (fits >= asked) return { microBatch: asked, note: null };
  return {
    microBatch: fits,
    note: `Micro-batch ${asked} lowered to ${fits}: the largest activation (${mib(bytesPerImage)} per image) must fit ${adapter.description}'s ${mib(limit)} buffer limit.`,
  };
}
