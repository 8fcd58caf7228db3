// A dense prospectivity map: the window classifier slid over the whole grid, each cell the mean of the
// probabilities of every window that covers it.
import { ProspectError, throwIfAborted, type GridSpec, type TaskOptions } from '../types';
import type { Window } from '../dataset/windows';

export interface DenseOptions extends TaskOptions {
  /** Windows per predictBatch call. Default 32. */
  batchSize?: number;
}

/** Top-left positions along one axis, stride apart, the last one flush with the far edge so every cell is covered. */
function starts(length: number, size: number, stride: number): number[] {
  if (length <= size) return [0];
  const out: number[] = [];
  for (let s = 0; s + size <= length; s += stride) out.push(s);
  if (out[out.length - 1] + size < length) out.push(length - size);
  return out;
}

/**
 * Slides windowSize windows with the given stride over the grid (windows with no valid cell are skipped),
 * predicts them in batches, and averages the overlapping probabilities per cell. Returns a width x height
 * Float32Array, NaN outside the mask. `extract` turns windows into model input (e.g. extractWindows bound to a
 * stack); `predictBatch(x, n)` returns n probabilities of the positive class.
 */
export async function denseProbabilityMap(
  spec: GridSpec,
  mask: Uint8Array | null,
  windowSize: number,
  stride: number,
  predictBatch: (x: Float32Array, n: number) => Promise<Float32Array>,
  extract: (windows: Window[]) => Float32Array,
  opts: DenseOptions = {},
): Promise<Float32Array> {
  const { width: W, height: H } = spec;
  if (!(stride >= 1) || !(windowSize >= 1)) {
    throw new ProspectError(`Dense prediction needs windowSize >= 1 and stride >= 1 (got ${windowSize}, ${stride}).`, 'BAD_OPTION');
  }
  // Windows larger than the grid are allowed: extract pads them (cells beyond the edge read as 0).
  const rows = starts(H, windowSize, stride);
  const cols = starts(W, windowSize, stride);
  // Valid-cell integral to skip windows entirely outside the surveyed area.
  const I = new Float64Array((W + 1) * (H + 1));
  for (let r = 0; r < H; r++) {
    let s = 0;
    for (let c = 0; c < W; c++) {
      s += !mask || mask[r * W + c] ? 1 : 0;
      I[(r + 1) * (W + 1) + c + 1] = I[r * (W + 1) + c + 1] + s;
    }
  }
  const validIn = (r: number, c: number): number => {
    const r1 = Math.min(H, r + windowSize);
    const c1 = Math.min(W, c + windowSize);
    return I[r1 * (W + 1) + c1] - I[r * (W + 1) + c1] - I[r1 * (W + 1) + c] + I[r * (W + 1) + c];
  };
  const all: Window[] = [];
  for (const r of rows) for (const c of cols) if (validIn(r, c) > 0) all.push({ row: r, col: c, size: windowSize, label: 0, kind: 'random-negative' });
  // Sums and counts go into difference arrays: O(1) per window instead of O(size^2).
  const dSum = new Float64Array((W + 1) * (H + 1));
  const dCnt = new Float64Array((W + 1) * (H + 1));
  const add = (w: Window, p: number): void => {
    const r1 = Math.min(H, w.row + windowSize);
    const c1 = Math.min(W, w.col + windowSize);
    for (const [r, c, s] of [
      [w.row, w.col, 1],
      [w.row, c1, -1],
      [r1, w.col, -1],
      [r1, c1, 1],
    ]) {
      dSum[r * (W + 1) + c] += s * p;
      dCnt[r * (W + 1) + c] += s;
    }
  };
  const batch = Math.max(1, opts.batchSize ?? 32);
  for (let k = 0; k < all.length; k += batch) {
    throwIfAborted(opts.signal);
    const part = all.slice(k, k + batch);
    const probs = await predictBatch(extract(part), part.length);
    if (probs.length < part.length) {
      throw new ProspectError(`predictBatch returned ${probs.length} probabilities for ${part.length} windows.`, 'MODEL_OUTPUT');
    }
    part.forEach((w, t) => add(w, probs[t]));
    opts.onProgress?.({ step: 'dense', done: Math.min(k + batch, all.length), total: all.length });
  }
  const out = new Float32Array(W * H);
  // Two-dimensional prefix sums turn the difference arrays back into per-cell sums and counts.
  for (let r = 0; r <= H; r++) {
    for (let c = 0; c <= W; c++) {
      const i = r * (W + 1) + c;
      if (r > 0) (dSum[i] += dSum[i - (W + 1)]), (dCnt[i] += dCnt[i - (W + 1)]);
    }
  }
  for (let r = 0; r < H; r++) {
    let s = 0;
    let n = 0;
    for (let c = 0; c < W; c++) {
      s += dSum[r * (W + 1) + c];
      n += dCnt[r * (W + 1) + c];
      const i = r * W + c;
      out[i] = (mask && !mask[i]) || n < 0.5 ? NaN : s / n;
    }
  }
  return out;
}
