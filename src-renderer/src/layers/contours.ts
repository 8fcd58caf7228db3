// Contour lines of a grid level (d3-contour's marching squares) as paths in the grid's projected metres. Pure
// functions. d3-contour closes every ring, running it along the grid's border and around nodata as if they were
// below every level; those stretches are not contours of the data, so rings are cut wherever they touch them.
import { contours } from 'd3-contour';
import type { GridSpec } from './geometry';
import { finiteSorted, quantileOf } from './stretch';

export interface ContourLine {
  value: number;
  /** Projected coordinates (metres of the GridSpec's CRS). */
  path: [number, number][];
  /** True when the line is a whole ring (it never met nodata or the border). */
  closed: boolean;
}

interface LevelValues { width: number; height: number; values: ArrayLike<number> }

/** `n` levels at evenly spaced quantiles of the finite values (the ends excluded), without repeats. */
export function quantileLevels(values: ArrayLike<number>, n: number): number[] {
  const sorted = finiteSorted(values);
  if (sorted.length === 0 || n < 1) return [];
  const out: number[] = [];
  for (let k = 1; k <= n; k++) {
    const v = quantileOf(sorted, k / (n + 1));
    if (out[out.length - 1] !== v) out.push(v);
  }
  return out;
}

/**
 * d3-contour puts sample (c, r) at (c + 0.5, r + 0.5) and every ring vertex on the edge between two samples, one of
 * its coordinates a half-integer. A vertex is real only when both samples of its edge are finite and in the grid.
 */
function realVertex(level: LevelValues, x: number, y: number): boolean {
  const { width: w, height: h, values } = level;
  const ok = (c: number, r: number) => c >= 0 && r >= 0 && c < w && r < h && Number.isFinite(values[r * w + c]!);
  if (Math.abs(y - Math.floor(y) - 0.5) < 1e-9) {
    const r = Math.floor(y);
    const c = Math.floor(x - 0.5);
    return ok(c, r) && ok(c + 1, r);
  }
  const c = Math.floor(x);
  const r = Math.floor(y - 0.5);
  return ok(c, r) && ok(c, r + 1);
}

/** Contours of a level at the given values, in the projected coordinates of `spec` (the level's own grid). */
export function contourLines(level: LevelValues, spec: GridSpec, thresholds: number[]): ContourLine[] {
  const { width: w, height: h } = level;
  if (w < 2 || h < 2 || thresholds.length === 0) return [];
  const cellX = (spec.width * spec.cellX) / w;
  const cellY = (spec.height * spec.cellY) / h;
  const toMap = (p: number[]): [number, number] => [spec.xmin + p[0]! * cellX, spec.ymax - p[1]! * cellY];
  const gen = contours().size([w, h]).thresholds([...new Set(thresholds.filter(Number.isFinite))]);
  const out: ContourLine[] = [];
  for (const geom of gen(Array.from(level.values))) {
    for (const polygon of geom.coordinates) {
      for (const ring of polygon) {
        const real = ring.map((p) => realVertex(level, p[0]!, p[1]!));
        if (real.every(Boolean)) {
          out.push({ value: geom.value, path: ring.map(toMap), closed: true });
          continue;
        }
        // Start after a cut so that a run crossing the ring's first vertex stays one line.
        const start = real.indexOf(false);
        let run: [number, number][] = [];
        for (let k = 1; k <= ring.length; k++) {
          const i = (start + k) % ring.length;
          if (real[i]) run.push(toMap(ring[i]!));
          else {
            if (run.length >= 2) out.push({ value: geom.value, path: run, closed: false });
            run = [];
          }
        }
        if (run.length >= 2) out.push({ value: geom.value, path: run, closed: false });
      }
    }
  }
  return out;
}
