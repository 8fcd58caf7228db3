import { centreOffset, cropInto } from './crop';
import type { Mulberry32 } from '../util/random';
import type { Resolved } from './train-config';
import type { TrainData } from './types';

/** Assembles one micro-batch: random crop + flips from `rng` when training, centre crop otherwise. */
export function makeBatch(data: TrainData, idx: number[], r: Resolved, rng: Mulberry32 | null): { x: Float32Array; y: Uint8Array } {
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
