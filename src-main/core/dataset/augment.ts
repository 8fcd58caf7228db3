// The paper's augmentation of 256-cell windows: random horizontal / vertical flips and a random 224 crop
// (training), a centre crop of the same size for evaluation. Seeded, NHWC in and out.
import { ProspectError } from '../types';
import type { Rng } from '../util/random';

export interface AugmentOptions {
  /** Output side (the paper: 224 from 256). */
  crop: number;
  /** Random left-right and up-down flips, each with probability 0.5. Default true. */
  flips?: boolean;
  rng: Rng;
}

function check(x: Float32Array, n: number, size: number, channels: number, crop: number): void {
  if (x.length !== n * size * size * channels) {
    throw new ProspectError(`Augment: ${x.length} values are not ${n} x ${size} x ${size} x ${channels}.`, 'BAD_SHAPE');
  }
  if (!(crop >= 1 && crop <= size)) throw new ProspectError(`Crop ${crop} must lie in 1..${size}.`, 'BAD_OPTION', { column: 'crop' });
}

function cropInto(
  x: Float32Array,
  out: Float32Array,
  n: number,
  size: number,
  C: number,
  crop: number,
  r0: number,
  c0: number,
  flipH: boolean,
  flipV: boolean,
): void {
  for (let i = 0; i < crop; i++) {
    const si = r0 + (flipV ? crop - 1 - i : i);
    for (let j = 0; j < crop; j++) {
      const sj = c0 + (flipH ? crop - 1 - j : j);
      const src = ((n * size + si) * size + sj) * C;
      const dst = ((n * crop + i) * crop + j) * C;
      for (let k = 0; k < C; k++) out[dst + k] = x[src + k];
    }
  }
}

/** Random crop (uniform top-left) plus optional flips, per image; returns N x crop x crop x C. */
export function augmentBatch(x: Float32Array, n: number, size: number, channels: number, opts: AugmentOptions): Float32Array {
  const { crop, flips = true, rng } = opts;
  check(x, n, size, channels, crop);
  const out = new Float32Array(n * crop * crop * channels);
  for (let b = 0; b < n; b++) {
    const r0 = rng.int(size - crop + 1);
    const c0 = rng.int(size - crop + 1);
    const fh = flips && rng.next() < 0.5;
    const fv = flips && rng.next() < 0.5;
    cropInto(x, out, b, size, channels, crop, r0, c0, fh, fv);
  }
  return out;
}

/** Centre crop for evaluation (offset floor((size - crop) / 2)); returns N x crop x crop x C. */
export function centerCrop(x: Float32Array, n: number, size: number, channels: number, crop: number): Float32Array {
  check(x, n, size, channels, crop);
  const out = new Float32Array(n * crop * crop * channels);
  const o = Math.floor((size - crop) / 2);
  for (let b = 0; b < n; b++) cropInto(x, out, b, size, channels, crop, o, o, false, false);
  return out;
}
