import { describe, expect, it } from 'vitest';
import { augmentBatch, centerCrop } from '../../src-main/core/dataset/augment';
import { createRng } from '../../src-main/core/util/random';

describe('augment', () => {
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

  it('centre-crops', () => {
    const y = centerCrop(x, n, S, 2, 2);
    expect(Array.from(y.filter((_, i) => i % 2 === 0))).toEqual([11, 12, 21, 22, 111, 112, 121, 122]);
  });

  it('crops a contiguous (possibly flipped) block, reproducibly for a seed', () => {
    const a = augmentBatch(x, n, S, 2, { crop: 3, rng: createRng(4) });
    expect(a).toEqual(augmentBatch(x, n, S, 2, { crop: 3, rng: createRng(4) }));
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
    const rng = createRng(1);
    for (let t = 0; t < 300; t++) {
      const y = augmentBatch(x.subarray(0, S * S * 2), 1, S, 2, { crop: 3, rng });
      seen.add(`${y[0]},${y[2]},${y[6]}`);
    }
    expect(seen.size).toBe(16); // 2 x 2 positions x 4 flip combinations
  });
});
