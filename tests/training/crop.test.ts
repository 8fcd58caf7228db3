import { describe, expect, it } from 'vitest';
import { centreOffset, cropInto } from '../../src-main/core/training/crop';
import { mulberry32, type Rng } from '../../src-main/core/util/random';

describe('crop', () => {
  // Two 4 x 4 images, 2 channels: value = 100 b + 10 row + col, channel 1 negated.
  const n = 2;
  const S = 4;
  const x = new Float32Array(n * S * S * 2);
  for (let b = 0; b < n; b++)
    for (let r = 0; r < S; r++)
      for (let c = 0; c < S; c++) {
        const v = 100 * b + 10 * r + c;
        x[((b * S + r) * S + c) * 2] = v;
        x[((b * S + r) * S + c) * 2 + 1] = -v;
      }

  /** The trainer's augmentation of windows `first..first+count-1`: per image a uniform top-left, then the two flips. */
  function augment(first: number, count: number, crop: number, rng: Rng): Float32Array {
    const out = new Float32Array(count * crop * crop * 2);
    for (let k = 0; k < count; k++) {
      const top = rng.int(S - crop + 1);
      const left = rng.int(S - crop + 1);
      const fh = rng.next() < 0.5;
      const fv = rng.next() < 0.5;
      cropInto(x, S, 2, first + k, out, k, crop, top, left, fh, fv);
    }
    return out;
  }

  it('centre-crops', () => {
    const y = new Float32Array(n * 2 * 2 * 2);
    const o = centreOffset(S, 2);
    for (let b = 0; b < n; b++) cropInto(x, S, 2, b, y, b, 2, o, o);
    expect(Array.from(y.filter((_, i) => i % 2 === 0))).toEqual([11, 12, 21, 22, 111, 112, 121, 122]);
    expect(centreOffset(256, 224)).toBe(16);
  });

  it('flips rows of channels, not channels', () => {
    const y = new Float32Array(3 * 3 * 2);
    cropInto(x, S, 2, 1, y, 0, 3, 1, 0, true, true);
    expect(Array.from(y)).toEqual([132, -132, 131, -131, 130, -130, 122, -122, 121, -121, 120, -120, 112, -112, 111, -111, 110, -110]);
  });

  it('crops a contiguous (possibly flipped) block, reproducibly for a seed', () => {
    const a = augment(0, n, 3, mulberry32(4));
    expect(a).toEqual(augment(0, n, 3, mulberry32(4)));
    for (let b = 0; b < n; b++) {
      const img = Array.from({ length: 9 }, (_, i) => a[(b * 9 + i) * 2]);
      expect(Array.from({ length: 9 }, (_, i) => a[(b * 9 + i) * 2 + 1])).toEqual(img.map((v) => -v));
      // Rows differ by +-10 and columns by +-1 throughout: a rigid block, flipped or not.
      const dr = img[3] - img[0];
      const dc = img[1] - img[0];
      expect(Math.abs(dr)).toBe(10);
      expect(Math.abs(dc)).toBe(1);
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(img[i * 3 + j]).toBe(img[0] + i * dr + j * dc);
      expect(Math.floor(img[0] / 100)).toBe(b);
    }
    const seen = new Set<string>();
    const rng = mulberry32(1);
    for (let t = 0; t < 300; t++) {
      const y = augment(0, 1, 3, rng);
      seen.add(`${y[0]},${y[2]},${y[6]}`);
    }
    expect(seen.size).toBe(16); // 2 x 2 positions x 4 flip combinations
  });
});
