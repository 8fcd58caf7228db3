// Where the map rests on few samples: for every grid cell, the distance from its centre to its k-th nearest sample.
// A cell whose k-th nearest sample lies farther than the survey's sample spacing is interpolated from fewer than k
// samples near it, so a high score there may be one or two anomalous samples, not a pattern. k = SUPPORT_SAMPLES (3):
// "a target resting on one or two samples" is the case to flag.
import { ProspectError, type GridSpec } from '../types';
import { kthNeighbourDistances, RADIUS_NEIGHBOURS } from './radius';

/** The k of the support layer: a cell is well supported when at least this many samples lie within the sample spacing. */
export const SUPPORT_SAMPLES = 3;

export interface SamplingSupport {
  /** Distance in map units (metres) from each cell centre to its k-th nearest sample; NaN outside `mask`. */
  distance: Float32Array;
  k: number;
  /** The sample spacing of the radius rule (median distance from a sample to its RADIUS_NEIGHBOURS-th neighbour). */
  spacing: number;
}

/**
 * The k-th nearest sample distance of every cell (inside `mask` when given), by a bucket grid over the samples and a
 * ring search per cell that stops once the next ring cannot hold a nearer sample.
 */
export function samplingSupport(spec: GridSpec, x: ArrayLike<number>, y: ArrayLike<number>, opts: { k?: number; mask?: Uint8Array } = {}): SamplingSupport {
  const k = opts.k ?? SUPPORT_SAMPLES;
  const px: number[] = [], py: number[] = [];
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i]) && Number.isFinite(y[i])) (px.push(x[i]), py.push(y[i]));
  const n = px.length;
  if (n < k) throw new ProspectError(`The sampling-support layer needs at least ${k} samples with coordinates; the project has ${n}.`, 'GRID_NO_POINTS');
  const spacing = median(kthNeighbourDistances(px, py, RADIUS_NEIGHBOURS));
  let xmin = Infinity, ymin = Infinity, xmax = -Infinity, ymax = -Infinity;
  for (let i = 0; i < n; i++) {
    xmin = Math.min(xmin, px[i]); xmax = Math.max(xmax, px[i]); ymin = Math.min(ymin, py[i]); ymax = Math.max(ymax, py[i]);
  }
  const w = Math.max(xmax - xmin, 1e-9), h = Math.max(ymax - ymin, 1e-9);
  // About k samples per bucket on average (as kthNeighbourDistances).
  const b = Math.max(Math.sqrt((w * h * k) / n), (Math.max(w, h) * k) / n, 1e-9);
  const nx = Math.max(1, Math.ceil(w / b)), ny = Math.max(1, Math.ceil(h / b));
  const start = new Int32Array(nx * ny + 1);
  const bucketOf = (xx: number, yy: number) =>
    Math.min(ny - 1, Math.max(0, Math.floor((yy - ymin) / b))) * nx + Math.min(nx - 1, Math.max(0, Math.floor((xx - xmin) / b)));
  const of = new Int32Array(n);
  for (let i = 0; i < n; i++) (of[i] = bucketOf(px[i], py[i])), start[of[i] + 1]++;
  for (let q = 0; q < nx * ny; q++) start[q + 1] += start[q];
  const fill = start.slice(0, nx * ny);
  const sx = new Float64Array(n), sy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = fill[of[i]]++;
    sx[s] = px[i]; sy[s] = py[i];
  }
  const { width: W, height: H } = spec;
  const distance = new Float32Array(W * H).fill(NaN);
  const best = new Float64Array(k);
  for (let r = 0; r < H; r++) {
    for (let c = 0; c < W; c++) {
      const idx = r * W + c;
      if (opts.mask && !opts.mask[idx]) continue;
      const cx = spec.xmin + (c + 0.5) * spec.cellX, cy = spec.ymax - (r + 0.5) * spec.cellY;
      // The bucket of the cell centre, clamped to the samples' extent: every bucket not yet read is then at least
      // `ring` buckets from the centre's own (unclamped) bucket along some axis, so at least (ring - 1) * b away.
      const gx0 = Math.min(nx - 1, Math.max(0, Math.floor((cx - xmin) / b))), gy0 = Math.min(ny - 1, Math.max(0, Math.floor((cy - ymin) / b)));
      let found = 0;
      for (let ring = 0; ring <= Math.max(nx, ny); ring++) {
        if (found === k && (ring - 1) * b > best[k - 1]) break;
        for (let gy = gy0 - ring; gy <= gy0 + ring; gy++) {
          if (gy < 0 || gy >= ny) continue;
          const step = gy === gy0 - ring || gy === gy0 + ring ? 1 : 2 * ring;
          for (let gx = gx0 - ring; gx <= gx0 + ring; gx += Math.max(1, step)) {
            if (gx < 0 || gx >= nx) continue;
            const q = gy * nx + gx;
            for (let s = start[q]; s < start[q + 1]; s++) {
              const d = Math.hypot(sx[s] - cx, sy[s] - cy);
              if (found === k && d >= best[k - 1]) continue;
              let at = found === k ? k - 1 : found++;
              while (at > 0 && best[at - 1] > d) (best[at] = best[at - 1]), at--;
              best[at] = d;
            }
          }
        }
      }
      distance[idx] = best[k - 1];
    }
  }
  return { distance, k, spacing };
}

function median(v: Float64Array): number {
  const s = Float64Array.from(v).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
