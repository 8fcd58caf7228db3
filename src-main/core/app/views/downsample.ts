// Grids shrunk for the screen: at most maxSize cells a side, so a 3072 x 3072 map crosses to the window in a fraction
// of its bytes. Continuous maps take the block mean; class maps the block's most frequent class, since a mean of
// class codes is a class nobody assigned.
import type { GridSpec } from '../../types';
import type { Level } from '../../view-types';

export type { Level };

export type Reduce = 'mean' | 'mode';

function blockMean(band: ArrayLike<number>, W: number, r0: number, r1: number, c0: number, c1: number): number {
  let s = 0;
  let n = 0;
  for (let rr = r0; rr < r1; rr++) {
    for (let cc = c0; cc < c1; cc++) {
      const v = band[rr * W + cc]!;
      if (!Number.isNaN(v)) (s += v), n++;
    }
  }
  return n ? s / n : NaN;
}

/** Most frequent value; a tie goes to the larger code (greenfield over extension over known over background). */
function blockMode(band: ArrayLike<number>, W: number, r0: number, r1: number, c0: number, c1: number): number {
  const counts = new Map<number, number>();
  for (let rr = r0; rr < r1; rr++) {
    for (let cc = c0; cc < c1; cc++) {
      const v = band[rr * W + cc]!;
      if (!Number.isNaN(v)) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
  }
  let best = NaN;
  let bestN = 0;
  for (const [v, n] of counts) if (n > bestN || (n === bestN && v > best)) (best = v), (bestN = n);
  return best;
}

export function downsample(band: ArrayLike<number>, spec: GridSpec, maxSize: number, reduce: Reduce = 'mean'): Level {
  const { width: W, height: H } = spec;
  if (band.length !== W * H) throw new Error(`A band of ${band.length} cells does not fit a ${W} x ${H} grid.`);
  const f = Math.max(1, Math.ceil(Math.max(W, H) / maxSize));
  const w = Math.ceil(W / f);
  const h = Math.ceil(H / f);
  const values = new Float32Array(w * h);
  const cell = reduce === 'mode' ? blockMode : blockMean;
  let min = Infinity;
  let max = -Infinity;
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const v = cell(band, W, r * f, Math.min(H, (r + 1) * f), c * f, Math.min(W, (c + 1) * f));
      values[r * w + c] = v;
      if (!Number.isNaN(v)) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
  }
  return {
    spec: { ...spec, cellX: spec.cellX * f, cellY: spec.cellY * f, width: w, height: h },
    width: w, height: h, values,
    min: Number.isFinite(min) ? min : 0, max: Number.isFinite(max) ? max : 0,
  };
}
