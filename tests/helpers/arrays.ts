// Seeded test arrays and the relative error the numeric tests compare backends with.
import { mulberry32 } from '../../src-main/core/util/random';

/** n values uniform in offset +- scale, from a seeded generator. */
export function randomArray(n: number, seed: number, offset = 0, scale = 1): Float32Array {
  const r = mulberry32(seed);
  return Float32Array.from({ length: n }, () => offset + scale * (r.next() * 2 - 1));
}

/** ||a - b|| / ||b||. */
export function relErr(a: Float32Array, b: Float32Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num / Math.max(den, 1e-30));
}
