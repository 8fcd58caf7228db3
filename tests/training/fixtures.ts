import { mulberry32 } from '../../src-main/core/util/random';
import type { TrainData } from '../../src-main/core/training/types';

/**
 * A small learnable data set: ore windows carry a positive anomaly in their centre band 0 on top of noise.
 * Not geology; just enough signal for a few epochs to move the loss.
 */
export function syntheticWindows(n: number, size: number, channels: number, seed = 7): TrainData {
  const r = mulberry32(seed);
  const x = new Float32Array(n * size * size * channels);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 2;
    for (let p = 0; p < size * size; p++) {
      const row = Math.floor(p / size);
      const col = p % size;
      const d = Math.hypot(row - size / 2, col - size / 2) / size;
      for (let c = 0; c < channels; c++) {
        const anomaly = labels[i] && c === 0 ? 2 * Math.exp(-d * d * 20) : 0;
        x[(i * size * size + p) * channels + c] = anomaly + (r.next() - 0.5);
      }
    }
  }
  const idx = Array.from({ length: n }, (_, i) => i);
  return { x, n, size, channels, labels, trainIdx: idx.filter((i) => i % 5 !== 0), valIdx: idx.filter((i) => i % 5 === 0) };
}
