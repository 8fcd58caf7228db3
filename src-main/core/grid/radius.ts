// The IDW search radius from the sample spacing. One fixed radius (3000 m) filled the unsampled corners of a 50 m soil
// grid and left 3 km blobs on a regional stream-sediment survey: the radius is what says where the survey ends, so it
// has to scale with the survey.
//
// Rule: RADIUS_FACTOR x the median distance from a sample to its RADIUS_NEIGHBOURS-th nearest other sampled position,
// rounded up to two significant figures. On a regular grid of spacing s the 4th neighbour is at s, so a cell inside
// the survey finds about pi (2s)^2 / s^2 ~ 12 samples within the radius (IDW's 12 nearest), and a cell more than two
// spacings beyond the outermost samples has none and stays nodata (unsurveyed). The 4th neighbour rather than the
// nearest: on line surveys (Southern Cross: 50 m along lines 100 m apart) the nearest neighbour measures the spacing
// along the line only, and a radius from it would leave stripes between the lines.
import { ProspectError } from '../types';
import type { DatasetChoice } from '../results';

export const RADIUS_NEIGHBOURS = 4;
export const RADIUS_FACTOR = 2;

/** For each distinct position, the distance to its k-th nearest other distinct position (fewer than k others: the farthest). */
export function kthNeighbourDistances(x: ArrayLike<number>, y: ArrayLike<number>, k: number): Float64Array {
  const seen = new Set<string>();
  const px: number[] = [], py: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) continue;
    const key = `${x[i]} ${y[i]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    px.push(x[i]); py.push(y[i]);
  }
  const n = px.length;
  if (n < 2) throw new ProspectError('At least two sampled positions are needed to derive the IDW search radius.', 'GRID_NO_POINTS');
  const kk = Math.min(k, n - 1);
  let xmin = Infinity, ymin = Infinity, xmax = -Infinity, ymax = -Infinity;
  for (let i = 0; i < n; i++) {
    xmin = Math.min(xmin, px[i]); xmax = Math.max(xmax, px[i]); ymin = Math.min(ymin, py[i]); ymax = Math.max(ymax, py[i]);
  }
  const w = Math.max(xmax - xmin, 1e-9), h = Math.max(ymax - ymin, 1e-9);
  // About k samples per bucket on average; along a line of samples (a degenerate extent) by its length.
  const b = Math.max(Math.sqrt((w * h * kk) / n), (Math.max(w, h) * kk) / n, 1e-9);
  const nx = Math.max(1, Math.ceil(w / b)), ny = Math.max(1, Math.ceil(h / b));
  const bx = (i: number) => Math.min(nx - 1, Math.floor((px[i] - xmin) / b));
  const by = (i: number) => Math.min(ny - 1, Math.floor((py[i] - ymin) / b));
  const buckets = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const key = by(i) * nx + bx(i);
    const list = buckets.get(key);
    if (list) list.push(i); else buckets.set(key, [i]);
  }
  const out = new Float64Array(n);
  const best: number[] = [];
  for (let i = 0; i < n; i++) {
    best.length = 0;
    const cx = bx(i), cy = by(i);
    for (let ring = 0; ring <= Math.max(nx, ny); ring++) {
      // Everything in ring r is at least (r - 1) * b away: stop once the k-th best is nearer than that.
      if (best.length === kk && (ring - 1) * b > best[kk - 1]) break;
      for (let gy = cy - ring; gy <= cy + ring; gy++) {
        if (gy < 0 || gy >= ny) continue;
        // The ring's top and bottom rows whole; between them only its two ends.
        const step = gy === cy - ring || gy === cy + ring ? 1 : 2 * ring;
        for (let gx = cx - ring; gx <= cx + ring; gx += step) {
          if (gx < 0 || gx >= nx) continue;
          for (const j of buckets.get(gy * nx + gx) ?? []) {
            if (j === i) continue;
            const d = Math.hypot(px[j] - px[i], py[j] - py[i]);
            if (best.length === kk && d >= best[kk - 1]) continue;
            let at = best.length === kk ? kk - 1 : best.length;
            while (at > 0 && best[at - 1] > d) { best[at] = best[at - 1]; at--; }
            best[at] = d;
          }
        }
      }
    }
    out[i] = best[kk - 1];
  }
  return out;
}

function median(v: Float64Array): number {
  const s = Float64Array.from(v).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Rounds up to two significant figures: 1796 -> 1800, 200 -> 200. */
export function roundUp2(v: number): number {
  const p = Math.pow(10, Math.floor(Math.log10(v)) - 1);
  return Math.ceil(v / p - 1e-9) * p;
}

/** The search radius the data call for, as a setting with its reason (see the rule above). */
export function proposeRadius(x: ArrayLike<number>, y: ArrayLike<number>): DatasetChoice {
  const spacing = median(kthNeighbourDistances(x, y, RADIUS_NEIGHBOURS));
  const value = roundUp2(RADIUS_FACTOR * spacing);
  const m = (v: number) => `${+v.toPrecision(3)} m`;
  return {
    setting: 'radius', value, source: 'data',
    reason: `${RADIUS_FACTOR} x ${m(spacing)}, the median distance from a sample to its ${RADIUS_NEIGHBOURS}th nearest neighbour ` +
      `(the sample spacing): a cell inside the survey finds about 12 samples within it, and a cell farther than ${m(value)} ` +
      'from every sample is left unsurveyed (no value)',
  };
}

/** The radius used: the configured one, else the data's. */
export function resolveRadius(radius: number | 'auto', x: ArrayLike<number>, y: ArrayLike<number>): DatasetChoice {
  if (radius !== 'auto') return { setting: 'radius', value: radius, source: 'configuration', reason: 'set by the user or the preset' };
  return proposeRadius(x, y);
}
