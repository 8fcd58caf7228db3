// Does an element's level step where one campaign meets another? Geology changes over kilometres and does not follow
// survey boundaries; a lab or digest change does. So only samples of two campaigns that lie close to each other are
// compared: for campaigns A and B, the samples of A within `radius` of a sample of B, against the samples of B within
// `radius` of a sample of A. A step is reported when a two-sided Mann-Whitney test rejects equal levels (p < alpha,
// default 0.001, strict because every element is tested on every adjacent pair) AND the medians differ by at least
// `minRatio` (default 2x), so that a large survey's trivial but significant differences are not flagged.
import { mannWhitneyTest, median } from './stats';
import type { CampaignStep } from './types';

export interface CampaignStepOptions {
  /** Metres; default 3x the median nearest-neighbour distance of all samples. */
  radius?: number;
  alpha?: number;
  minRatio?: number;
  /** Fewest boundary samples with a value on each side for a test (default 8). */
  minSide?: number;
}

export interface CampaignStepResult {
  steps: CampaignStep[];
  tested: { a: string; b: string; nA: number; nB: number }[];
  radius: number;
  /** Adjacent pairs with too few boundary samples to test. */
  untested: { a: string; b: string; nA: number; nB: number }[];
}

/** Buckets of points on a square grid of side `cell`, for neighbour searches. */
function buckets(x: ArrayLike<number>, y: ArrayLike<number>, cell: number): { key: (i: number) => [number, number]; at: Map<string, number[]> } {
  const at = new Map<string, number[]>();
  const key = (i: number): [number, number] => [Math.floor(x[i] / cell), Math.floor(y[i] / cell)];
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) continue;
    const [bx, by] = key(i);
    const k = `${bx},${by}`;
    const list = at.get(k);
    if (list) list.push(i); else at.set(k, [i]);
  }
  return { key, at };
}

/** Median distance from each sample to its nearest other sample at a different position. */
export function medianNearestNeighbour(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (n < 2) return NaN;
  let xmin = Infinity, xmax = -Infinity, ymin = Infinity, ymax = -Infinity;
  for (let i = 0; i < n; i++) { xmin = Math.min(xmin, x[i]); xmax = Math.max(xmax, x[i]); ymin = Math.min(ymin, y[i]); ymax = Math.max(ymax, y[i]); }
  const cell = Math.max(1e-9, Math.sqrt(((xmax - xmin) * (ymax - ymin)) / n) || 1);
  const { key, at } = buckets(x, y, cell);
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const [bx, by] = key(i);
    let best = Infinity;
    // Ring r holds the buckets at Chebyshev distance r; a point beyond ring r is at least r cells away.
    for (let ring = 0; ring < 64 && !(best <= (ring - 1) * cell); ring++) {
      for (let gx = bx - ring; gx <= bx + ring; gx++) {
        for (let gy = by - ring; gy <= by + ring; gy++) {
          if (Math.max(Math.abs(gx - bx), Math.abs(gy - by)) < ring) continue;
          for (const j of at.get(`${gx},${gy}`) ?? []) {
            const dd = Math.hypot(x[j] - x[i], y[j] - y[i]);
            if (dd > 0 && dd < best) best = dd;
          }
        }
      }
    }
    d[i] = best;
  }
  return median(d);
}

/**
 * For every pair of campaigns that share ground, tests each element for a step in level. `campaignOf[i]` indexes
 * `names` (-1: no campaign, never tested); values are ppm with NaN where the sample has no value.
 */
export function findCampaignSteps(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  campaignOf: Int32Array,
  names: string[],
  elements: { element: string; value: ArrayLike<number> }[],
  options: CampaignStepOptions = {},
): CampaignStepResult {
  const alpha = options.alpha ?? 0.001;
  const minRatio = options.minRatio ?? 2;
  const minSide = options.minSide ?? 8;
  const radius = options.radius ?? 3 * medianNearestNeighbour(x, y);
  const result: CampaignStepResult = { steps: [], tested: [], untested: [], radius };
  if (names.length < 2 || !(radius > 0)) return result;
  const { key, at } = buckets(x, y, radius);
  // near.get(a * C + b): samples of campaign a within radius of some sample of campaign b
  const C = names.length;
  const near = new Map<number, Set<number>>();
  for (let i = 0; i < x.length; i++) {
    const ci = campaignOf[i];
    if (ci < 0 || !Number.isFinite(x[i]) || !Number.isFinite(y[i])) continue;
    const [bx, by] = key(i);
    for (let gx = bx - 1; gx <= bx + 1; gx++) {
      for (let gy = by - 1; gy <= by + 1; gy++) {
        for (const j of at.get(`${gx},${gy}`) ?? []) {
          const cj = campaignOf[j];
          if (cj < 0 || cj === ci || Math.hypot(x[j] - x[i], y[j] - y[i]) > radius) continue;
          let s = near.get(ci * C + cj);
          if (!s) near.set(ci * C + cj, (s = new Set()));
          s.add(i);
        }
      }
    }
  }
  for (let a = 0; a < C; a++) {
    for (let b = a + 1; b < C; b++) {
      const sa = near.get(a * C + b), sb = near.get(b * C + a);
      if (!sa || !sb) continue;
      const pair = { a: names[a], b: names[b], nA: sa.size, nB: sb.size };
      if (sa.size < minSide || sb.size < minSide) { result.untested.push(pair); continue; }
      result.tested.push(pair);
      for (const el of elements) {
        const va = [...sa].map((i) => el.value[i]).filter(Number.isFinite);
        const vb = [...sb].map((i) => el.value[i]).filter(Number.isFinite);
        if (va.length < minSide || vb.length < minSide) continue;
        const { p } = mannWhitneyTest(va, vb);
        const ma = median(va), mb = median(vb);
        const ratio = mb > 0 ? ma / mb : ma > 0 ? Infinity : 1;
        if (p < alpha && (ratio >= minRatio || ratio <= 1 / minRatio)) {
          result.steps.push({
            element: el.element, a: names[a], b: names[b], nA: va.length, nB: vb.length,
            medianA: +ma.toPrecision(6), medianB: +mb.toPrecision(6), ratio: +ratio.toPrecision(4), p, radius,
          });
        }
      }
    }
  }
  return result;
}
