// The search structure behind idwGrid: ONE bucket index over the union of every element's valid samples, each sample
// tagged with a bit mask of the element groups it is valid for. A cell then walks its neighbourhood once for all
// groups instead of once per group (the Yilgarn bench has 16 groups: one per element). Plain typed arrays only, so the
// same buffers (SharedArrayBuffers when workers run) serve every thread without copies.
import type { SamplePoints } from '../types';

/** Groups per index: one bit each in a Uint32 mask. More groups get more indexes. */
export const GROUPS_PER_INDEX = 32;

export interface IdwIndex {
  /** Samples in the index (valid coordinates, valid for at least one of its groups). */
  n: number;
  /** Coordinates, group masks and sample ranks, stored bucket by bucket for locality. */
  px: Float64Array;
  py: Float64Array;
  mask: Uint32Array;
  /** Rank of each stored sample in the caller's sample order: it breaks distance ties, as gdal_grid's input order. */
  rank: Int32Array;
  /**
   * values[rank * slots + slot]: the value of element slot at a sample (slots grouped by groupStart). Sample-major, so
   * the weighted sums of a cell read each neighbour's values of a group as one contiguous run.
   */
  values: Float64Array;
  /** Output band of each slot. */
  slotBand: Int32Array;
  /** Slots of group g: groupStart[g] .. groupStart[g + 1]. */
  groupStart: Int32Array;
  /** Valid samples of each group (a group never holds more neighbours than that). */
  groupSize: Int32Array;
  /** Buckets of bsize x bsize from (bx0, by0), row-major from the bottom-left; samples of bucket b: start[b]..start[b+1]. */
  bucketStart: Int32Array;
  bx0: number;
  by0: number;
  bsize: number;
  nbx: number;
  nby: number;
}

/** Elements (indexes into points.elements) grouped by their pattern of valid samples; elements with none are left out. */
export function groupElements(points: SamplePoints): number[][] {
  const n = points.x.length;
  const byKey = new Map<string, number[]>();
  const mask = new Uint8Array(n);
  points.elements.forEach((_, e) => {
    const v = points.values[e];
    let count = 0;
    for (let i = 0; i < n; i++) {
      const ok = Number.isFinite(points.x[i]) && Number.isFinite(points.y[i]) && Number.isFinite(v[i]);
      mask[i] = ok ? 1 : 0;
      count += mask[i];
    }
    if (count === 0) return;
    const key = Buffer.from(mask).toString('base64');
    const list = byKey.get(key);
    if (list) list.push(e); else byKey.set(key, [e]);
  });
  return [...byKey.values()];
}

/** One index per GROUPS_PER_INDEX groups (usually exactly one). */
export function buildIndexes(points: SamplePoints, groups: number[][], radius: number, shared: boolean): IdwIndex[] {
  const out: IdwIndex[] = [];
  for (let g0 = 0; g0 < groups.length; g0 += GROUPS_PER_INDEX) {
    out.push(buildIndex(points, groups.slice(g0, g0 + GROUPS_PER_INDEX), radius, shared));
  }
  return out;
}

function buildIndex(points: SamplePoints, groups: number[][], radius: number, shared: boolean): IdwIndex {
  const alloc = (bytes: number) => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const N = points.x.length;
  const G = groups.length;
  // Group mask of every sample; the first element of a group stands for all (they share the valid pattern).
  const maskAll = new Uint32Array(N);
  const groupSize = new Int32Array(alloc(G * 4));
  for (let g = 0; g < G; g++) {
    const v = points.values[groups[g][0]];
    for (let i = 0; i < N; i++) {
      if (Number.isFinite(points.x[i]) && Number.isFinite(points.y[i]) && Number.isFinite(v[i])) {
        maskAll[i] |= 1 << g;
        groupSize[g]++;
      }
    }
  }
  const ids: number[] = [];
  for (let i = 0; i < N; i++) if (maskAll[i] !== 0) ids.push(i);
  const n = ids.length;

  const slots = groups.flat();
  const groupStart = new Int32Array(alloc((G + 1) * 4));
  for (let g = 0; g < G; g++) groupStart[g + 1] = groupStart[g] + groups[g].length;
  const slotBand = new Int32Array(alloc(slots.length * 4));
  slots.forEach((e, s) => { slotBand[s] = e; });
  const S = slots.length;
  const values = new Float64Array(alloc(Math.max(1, S * n) * 8));
  slots.forEach((e, s) => {
    const v = points.values[e];
    for (let r = 0; r < n; r++) values[r * S + s] = v[ids[r]];
  });

  let xmin = Infinity, ymin = Infinity, xmax = -Infinity, ymax = -Infinity;
  for (const i of ids) {
    const x = points.x[i], y = points.y[i];
    if (x < xmin) xmin = x;
    if (x > xmax) xmax = x;
    if (y < ymin) ymin = y;
    if (y > ymax) ymax = y;
  }
  const w = Math.max(xmax - xmin, 1e-6), h = Math.max(ymax - ymin, 1e-6);
  // Buckets of half the radius (a cell tile then reads a few contiguous runs per bucket row), but no more than about a
  // million of them or 4 per sample, whichever is larger (a tiny radius over a wide survey).
  let bsize = radius / 2;
  const maxBuckets = Math.max(1 << 20, n * 4);
  if ((w / bsize) * (h / bsize) > maxBuckets) bsize = Math.sqrt((w * h) / maxBuckets);
  const nbx = Math.max(1, Math.ceil(w / bsize) + 1), nby = Math.max(1, Math.ceil(h / bsize) + 1);
  const bucketStart = new Int32Array(alloc((nbx * nby + 1) * 4));
  const of = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const i = ids[r];
    const b = Math.floor((points.y[i] - ymin) / bsize) * nbx + Math.floor((points.x[i] - xmin) / bsize);
    of[r] = b;
    bucketStart[b + 1]++;
  }
  for (let b = 0; b < nbx * nby; b++) bucketStart[b + 1] += bucketStart[b];
  const fill = bucketStart.slice(0, nbx * nby);
  const px = new Float64Array(alloc(Math.max(1, n) * 8)), py = new Float64Array(alloc(Math.max(1, n) * 8));
  const mask = new Uint32Array(alloc(Math.max(1, n) * 4)), rank = new Int32Array(alloc(Math.max(1, n) * 4));
  // Ranks ascend within a bucket (stable fill), so a bucket row read left to right is in sample order per bucket.
  for (let r = 0; r < n; r++) {
    const s = fill[of[r]]++;
    const i = ids[r];
    px[s] = points.x[i]; py[s] = points.y[i]; mask[s] = maskAll[i]; rank[s] = r;
  }
  return { n, px, py, mask, rank, values, slotBand, groupStart, groupSize, bucketStart, bx0: xmin, by0: ymin, bsize, nbx, nby };
}
