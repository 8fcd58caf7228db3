// The IDW inner loop, shared by the worker threads and the in-thread path. It must stay bit-identical to
// `gdal_grid -a invdistnn` (GDAL 3.6): same cell centres, same squared distances (dx * dx + dy * dy), neighbours in
// (distance, sample order), weights summed in that order, a sample on a node taking the node. For one group of
// elements at power 2 the cells of each tile run on WebAssembly (idw-wasm.ts, the same operations); the cell loop
// below is their reference and serves every other case.
import type { GridSpec } from '../types';
import type { IdwParams } from './idw';
import type { IdwIndex } from './idw-index';
import { SimdIdw, type CandidateViews } from './idw-wasm';

/** The grid geometry and the gdal_grid parameters, as plain data a worker receives (minPoints resolved). */
export interface IdwKernelParams extends Omit<GridSpec, 'crs'>, Required<IdwParams> {}

// gdal_grid takes a sample closer than this (squared distance) to a node as the node's value.
const EXACT_HIT_R2 = 0.0000000000001;

/** Cells per tile side: a tile shares one sorted candidate list; about half a search radius, 2 to 8. */
export function tileSide(p: IdwKernelParams): number {
  // Kernel CPU on the Yilgarn bench (16 elements, ~490 m cells): 5 km radius, T = 3/5/8: 0.49/0.43/0.45 s; 20 km,
  // T = 4/8/16: 2.3/2.4/2.8 s. Wide tiles loosen the per-cell bound (tile-centre distance minus the cell's offset) and
  // scramble the candidate order, so insertions shift more.
  return Math.max(2, Math.min(8, Math.round(p.radius / Math.max(p.cellX, p.cellY) / 2)));
}

/** Scratch buffers of one thread, reused for every tile (no allocation in the hot loop). */
export class IdwScratch {
  cand = new Int32Array(1024);
  dc = new Float64Array(1024);
  keys = new Float64Array(1024);
  sx = new Float64Array(1024);
  sy = new Float64Array(1024);
  slb = new Float64Array(1024);
  smask = new Uint32Array(1024);
  srank = new Int32Array(1024);
  /** The last gathered tile's largest candidate distance and its bounds' rounding allowance. */
  maxDc = 0;
  slack = 0;
  /** Per group g: its nearest so far as (squared distance, sample rank): the rank breaks ties and finds the values, from g * k. */
  topD = new Float64Array(0);
  topJ = new Int32Array(0);
  cnt = new Int32Array(32);
  kCap = new Int32Array(32);
  /** One cell's neighbours of one group: weight and values offset, in neighbour order. */
  wq = new Float64Array(16);
  rq = new Int32Array(16);
  /** The WebAssembly cells for the index last gridded, with what they were made for. */
  private simd: { ix: IdwIndex; key: string; sim: SimdIdw | null } | null = null;

  /** `simd: false` keeps the JavaScript cells everywhere (the reference the tests compare the module with). */
  constructor(readonly useSimd = true) {}

  /** Whether the last index gridded with this scratch ran its cells on WebAssembly. */
  simdInUse(): boolean {
    return this.simd?.sim != null;
  }

  /** The WebAssembly cells for this index and settings, made once and reused band after band (null: not here). */
  simdFor(ix: IdwIndex, kc: number, rows: number, p: IdwKernelParams): SimdIdw | null {
    const key = [kc, rows, p.xmin, p.ymax, p.cellX, p.cellY, p.width, p.radius, p.minPoints].join();
    if (this.simd?.ix !== ix || this.simd.key !== key) {
      const sim = SimdIdw.create(ix.values, ix.slotBand.length, kc, rows,
        { xmin: p.xmin, ymax: p.ymax, cellX: p.cellX, cellY: p.cellY, width: p.width, R2: p.radius * p.radius, minPoints: p.minPoints });
      this.simd = { ix, key, sim };
    }
    return this.simd.sim;
  }

  ensureNeighbours(k: number): void {
    if (this.wq.length < k) { this.wq = new Float64Array(k); this.rq = new Int32Array(k); }
  }

  ensureCandidates(m: number): void {
    if (m <= this.cand.length) return;
    let len = this.cand.length;
    while (len < m) len *= 2;
    const cand = new Int32Array(len); cand.set(this.cand); this.cand = cand;
    const dc = new Float64Array(len); dc.set(this.dc); this.dc = dc;
    this.keys = new Float64Array(len);
    this.sx = new Float64Array(len); this.sy = new Float64Array(len); this.slb = new Float64Array(len);
    this.smask = new Uint32Array(len); this.srank = new Int32Array(len);
  }

  ensureHeaps(groups: number, k: number): void {
    if (this.topD.length < groups * k) { this.topD = new Float64Array(groups * k); this.topJ = new Int32Array(groups * k); }
    if (this.cnt.length < groups) { this.cnt = new Int32Array(groups); this.kCap = new Int32Array(groups); }
  }
}

/** What every gridding thread gets: the index, the output bands and the row bands it claims through `next`. */
export interface IdwWorkerInit {
  type: 'init';
  params: IdwKernelParams;
  indexes: IdwIndex[];
  out: Float32Array[];
  /** Row band b spans rows bandRows[2b] .. bandRows[2b + 1]. */
  bandRows: Int32Array;
  /** next[0]: the next unclaimed band (Atomics.add). */
  next: Int32Array;
}

/** Grids row band b of `init` (all bands of output). */
export function gridBand(init: IdwWorkerInit, b: number, s: IdwScratch): void {
  const row0 = init.bandRows[2 * b], row1 = init.bandRows[2 * b + 1];
  // idwRows writes every cell of the bands its index serves (NaN where no sample reaches); a band no index serves (an
  // element without one valid sample) is all nodata.
  const served = new Set(init.indexes.flatMap((ix) => [...ix.slotBand]));
  const unserved = init.out.filter((_, i) => !served.has(i));
  clearRows(init.params, unserved, row0, row1);
  for (const ix of init.indexes) idwRows(init.params, ix, init.out, row0, row1, s);
}

/** Fills rows [row0, row1) of every output band with NaN: the value of every cell no sample reaches. */
export function clearRows(p: IdwKernelParams, out: Float32Array[], row0: number, row1: number): void {
  for (const band of out) band.fill(NaN, row0 * p.width, row1 * p.width);
}

/**
 * Grids rows [row0, row1) of every group of `ix` into `out` (one Float32Array per output band), NaN where a group has
 * no result: every cell of the index's bands is written once, so the bands need no clearing pass beforehand.
 */
export function idwRows(
  p: IdwKernelParams, ix: IdwIndex, out: Float32Array[], row0: number, row1: number, s: IdwScratch = new IdwScratch(),
): void {
  const { xmin, ymax, cellX, cellY, width, radius } = p;
  const R2 = radius * radius;
  const G = ix.groupSize.length;
  const { px, py, mask, rank, values, slotBand, groupStart } = ix;
  const S = slotBand.length;
  let K = 1;
  for (let g = 0; g < G; g++) {
    const kc = p.maxPoints > 0 ? Math.min(p.maxPoints, ix.groupSize[g]) : ix.groupSize[g];
    if (kc > K) K = kc;
  }
  s.ensureHeaps(G, K);
  const { cnt, kCap } = s;
  for (let g = 0; g < G; g++) kCap[g] = p.maxPoints > 0 ? Math.min(p.maxPoints, ix.groupSize[g]) : ix.groupSize[g];
  const halfPow = p.power / 2;
  const power2 = halfPow === 1;
  const minPoints = p.minPoints;
  const T = tileSide(p);
  const outs = Array.from(slotBand, (b) => out[b]);
  s.ensureNeighbours(K);
  const { wq, rq } = s;
  const nodataTile = (r0: number, r1: number, c0: number, c1: number) => {
    for (const o of outs) for (let r = r0; r < r1; r++) o.fill(NaN, r * width + c0, r * width + c1);
  };
  const allGroups = G >= 32 ? -1 : (1 << G) - 1;
  // One group at power 2 (the usual survey) runs its cells on WebAssembly: the same operations, less CPU.
  const simd = s.useSimd && G === 1 && power2 ? s.simdFor(ix, kCap[0], T, p) : null;

  for (let tr0 = row0; tr0 < row1; tr0 += T) {
    const tr1 = Math.min(row1, tr0 + T);
    if (simd) {
      simdTileRow(simd, s, p, ix, tr0, tr1, T);
      simd.flush(outs, tr0, tr1);
      continue;
    }
    for (let tc0 = 0; tc0 < width; tc0 += T) {
      const tc1 = Math.min(width, tc0 + T);
      const cx = xmin + ((tc0 + tc1) / 2) * cellX;
      const cy = ymax - ((tr0 + tr1) / 2) * cellY;
      const m = gatherTile(s, p, ix, tr0, tr1, tc0, tc1, cx, cy);
      if (m === 0) { nodataTile(tr0, tr1, tc0, tc1); continue; }
      sortCandidates(s, m, s.maxDc, px, py, mask, rank);
      const slack = s.slack;
      const { topD, topJ } = s;

      for (let r = tr0; r < tr1; r++) {
        const yc = ymax - (r + 0.5) * cellY;
        const oy = yc - cy;
        for (let c = tc0; c < tc1; c++) {
          const xc = xmin + (c + 0.5) * cellX;
          const ox = xc - cx;
          // Any sample is at least (its distance to the tile centre - oc) from this cell centre.
          const oc = Math.sqrt(ox * ox + oy * oy) + slack;
          if (G === 1) cnt[0] = nearestOne(s, m, xc, yc, oc, R2, kCap[0]);
          else nearestGroups(s, m, xc, yc, oc, R2, G, K, allGroups);

          const idx = r * width + c;
          for (let g = 0; g < G; g++) {
            const cg = cnt[g];
            const base = g * K;
            const s0 = groupStart[g], s1 = groupStart[g + 1];
            // A sample on the node: gdal_grid returns its value outright (before the min_points test).
            if (cg > 0 && topD[base] < EXACT_HIT_R2) {
              let hit = topJ[base];
              for (let q = 1; q < cg && topD[base + q] < EXACT_HIT_R2; q++) if (topJ[base + q] < hit) hit = topJ[base + q];
              for (let sl = s0; sl < s1; sl++) outs[sl][idx] = values[hit * S + sl];
              continue;
            }
            let den = 0;
            for (let q = 0; q < cg; q++) {
              const d2 = topD[base + q];
              const w = 1 / (power2 ? d2 : Math.pow(d2, halfPow));
              wq[q] = w;
              rq[q] = topJ[base + q] * S;
              den += w;
            }
            if (cg === 0 || cg < minPoints || den === 0) {
              for (let sl = s0; sl < s1; sl++) outs[sl][idx] = NaN;
              continue;
            }
            // Each element's sum in neighbour order, as gdal_grid adds them; its values sit side by side per sample.
            // Four elements at a time: four independent chains of additions keep the FPU busy where one chain would
            // wait on each addition's latency (each chain still adds in neighbour order, so the sums are the same).
            let sl = s0;
            for (; sl + 7 < s1; sl += 8) {
              let n0 = 0, n1 = 0, n2 = 0, n3 = 0, n4 = 0, n5 = 0, n6 = 0, n7 = 0;
              for (let q = 0; q < cg; q++) {
                const w = wq[q], v = rq[q] + sl;
                n0 += w * values[v]; n1 += w * values[v + 1]; n2 += w * values[v + 2]; n3 += w * values[v + 3];
                n4 += w * values[v + 4]; n5 += w * values[v + 5]; n6 += w * values[v + 6]; n7 += w * values[v + 7];
              }
              outs[sl][idx] = n0 / den; outs[sl + 1][idx] = n1 / den; outs[sl + 2][idx] = n2 / den; outs[sl + 3][idx] = n3 / den;
              outs[sl + 4][idx] = n4 / den; outs[sl + 5][idx] = n5 / den; outs[sl + 6][idx] = n6 / den; outs[sl + 7][idx] = n7 / den;
            }
            for (; sl + 3 < s1; sl += 4) {
              let n0 = 0, n1 = 0, n2 = 0, n3 = 0;
              for (let q = 0; q < cg; q++) {
                const w = wq[q], v = rq[q] + sl;
                n0 += w * values[v]; n1 += w * values[v + 1]; n2 += w * values[v + 2]; n3 += w * values[v + 3];
              }
              outs[sl][idx] = n0 / den; outs[sl + 1][idx] = n1 / den; outs[sl + 2][idx] = n2 / den; outs[sl + 3][idx] = n3 / den;
            }
            for (; sl < s1; sl++) {
              let num = 0;
              for (let q = 0; q < cg; q++) num += wq[q] * values[rq[q] + sl];
              outs[sl][idx] = num / den;
            }
          }
        }
      }
    }
  }
}

/**
 * Gathers into s.cand / s.dc the samples within the radius of the rectangle spanned by the cell centres of tile
 * [tr0, tr1) x [tc0, tc1) (centre cx, cy), with their distance to the centre; returns how many, and leaves their
 * largest distance in s.maxDc and the bounds' rounding allowance in s.slack.
 */
function gatherTile(
  s: IdwScratch, p: IdwKernelParams, ix: IdwIndex, tr0: number, tr1: number, tc0: number, tc1: number, cx: number, cy: number,
): number {
  const { cellX, cellY, radius } = p;
  const { px, py, bucketStart, bx0, by0, bsize, nbx, nby } = ix;
  // The half-extents of the rectangle spanned by the tile's cell centres.
  const hx = ((tc1 - tc0 - 1) / 2) * cellX;
  const hy = ((tr1 - tr0 - 1) / 2) * cellY;
  // Slack so that rounding in the bounds can never drop a sample gdal_grid would keep.
  const slack = 1e-9 * (Math.abs(cx) + Math.abs(cy) + hx + hy + radius) + 1e-9;
  s.slack = slack;
  const reachX = radius + hx + slack, reachY = radius + hy + slack;
  const gx0 = Math.max(0, Math.floor((cx - reachX - bx0) / bsize));
  const gx1 = Math.min(nbx - 1, Math.floor((cx + reachX - bx0) / bsize));
  const gy0 = Math.max(0, Math.floor((cy - reachY - by0) / bsize));
  const gy1 = Math.min(nby - 1, Math.floor((cy + reachY - by0) / bsize));
  if (gx0 > gx1 || gy0 > gy1) return 0;
  const rr = radius + slack, rr2 = rr * rr;
  let m = 0, maxDc = 0;
  for (let gy = gy0; gy <= gy1; gy++) {
    const e = bucketStart[gy * nbx + gx1 + 1];
    for (let j = bucketStart[gy * nbx + gx0]; j < e; j++) {
      const dx = px[j] - cx, dy = py[j] - cy;
      const ex = Math.abs(dx) - hx, ey = Math.abs(dy) - hy;
      const rx = ex > 0 ? ex : 0, ry = ey > 0 ? ey : 0;
      if (rx * rx + ry * ry > rr2) continue;
      if (m === s.cand.length) s.ensureCandidates(m + 1);
      const d = Math.sqrt(dx * dx + dy * dy);
      s.cand[m] = j;
      s.dc[m] = d;
      if (d > maxDc) maxDc = d;
      m++;
    }
  }
  s.maxDc = maxDc;
  return m;
}

/** The tiles of rows [tr0, tr1) gathered and sorted here, their cells gridded by the WebAssembly module. */
function simdTileRow(
  simd: SimdIdw, s: IdwScratch, p: IdwKernelParams, ix: IdwIndex, tr0: number, tr1: number, T: number,
): void {
  const { xmin, ymax, cellX, cellY, width } = p;
  for (let tc0 = 0; tc0 < width; tc0 += T) {
    const tc1 = Math.min(width, tc0 + T);
    const cx = xmin + ((tc0 + tc1) / 2) * cellX;
    const cy = ymax - ((tr0 + tr1) / 2) * cellY;
    const m = gatherTile(s, p, ix, tr0, tr1, tc0, tc1, cx, cy);
    if (m === 0) { simd.blank(tr0, tr1, tc0, tc1, tr0); continue; }
    sortCandidates(s, m, s.maxDc, ix.px, ix.py, ix.mask, ix.rank, simd.candidates(m));
    simd.tile(m, tr0, tr1, tc0, tc1, tr0, cx, cy, s.slack);
  }
}

/**
 * The k nearest of the m sorted candidates to the cell centre (xc, yc) for every group, into topD/topJ from g * K and
 * cnt[g]; `oc` bounds how much nearer than its tile-centre distance a candidate can be.
 */
function nearestGroups(
  s: IdwScratch, m: number, xc: number, yc: number, oc: number, R2: number, G: number, K: number, allGroups: number,
): void {
  const { sx, sy, slb, smask, srank, topD, topJ, cnt, kCap } = s;
  for (let g = 0; g < G; g++) cnt[g] = 0;
  // Groups that may still gain a neighbour: a full group leaves once a sample's lower bound passes its k-th.
  let active = allGroups;
  for (let j = 0; j < m; j++) {
    const lb = slb[j] - oc;
    const lb2 = lb > 0 ? lb * lb : 0;
    if (lb2 > R2) break;
    let bits = smask[j] & active;
    if (bits === 0) continue;
    const dx = sx[j] - xc, dy = sy[j] - yc;
    const d2 = dx * dx + dy * dy;
    if (d2 > R2) continue;
    const i = srank[j];
    while (bits !== 0) {
      const low = bits & -bits;
      bits ^= low;
      const g = 31 - Math.clz32(low);
      const base = g * K;
      let q = cnt[g];
      const full = q === kCap[g];
      if (full) {
        const wd = topD[base + q - 1];
        if (lb2 > wd) { active ^= low; continue; }
        if (d2 > wd || (d2 === wd && i > topJ[base + q - 1])) continue;
        q--;
      } else {
        cnt[g] = q + 1;
      }
      // Insertion keeps (distance, sample order): gdal_grid's multimap keeps ties in search order.
      while (q > 0 && (topD[base + q - 1] > d2 || (topD[base + q - 1] === d2 && topJ[base + q - 1] > i))) {
        topD[base + q] = topD[base + q - 1]; topJ[base + q] = topJ[base + q - 1]; q--;
      }
      topD[base + q] = d2; topJ[base + q] = i;
    }
    if (active === 0) break;
  }
}

/**
 * nearestGroups for a single group (every element valid at the same samples, the usual survey): no masks, and the
 * walk ends at the first candidate whose lower bound passes the k-th distance so far. Returns the neighbour count.
 */
function nearestOne(
  s: IdwScratch, m: number, xc: number, yc: number, oc: number, R2: number, kc: number,
): number {
  const { sx, sy, slb, srank, topD, topJ } = s;
  let cnt = 0;
  // The farthest squared distance a candidate may have and still enter: the radius, then the k-th once full.
  let lim = R2;
  for (let j = 0; j < m; j++) {
    const lb = slb[j] - oc;
    if (lb > 0 && lb * lb > lim) break;
    const dx = sx[j] - xc, dy = sy[j] - yc;
    const d2 = dx * dx + dy * dy;
    if (d2 > lim) continue;
    const i = srank[j];
    let q = cnt;
    if (q === kc) {
      if (d2 === lim && i > topJ[q - 1]) continue;
      q--;
    } else {
      cnt = q + 1;
    }
    while (q > 0 && (topD[q - 1] > d2 || (topD[q - 1] === d2 && topJ[q - 1] > i))) {
      topD[q] = topD[q - 1]; topJ[q] = topJ[q - 1]; q--;
    }
    topD[q] = d2; topJ[q] = i;
    if (cnt === kc) lim = topD[kc - 1];
  }
  return cnt;
}

/**
 * Orders the m gathered candidates by distance to the tile centre with the engine's native numeric sort: each key is
 * the distance rounded DOWN to a quantum, times a power of two, plus the candidate's slot, all exact in a double. The
 * rounded-down distance is kept as the candidate's lower bound (never above the true one, so no sample is skipped).
 */
function sortCandidates(
  s: IdwScratch, m: number, maxDc: number, px: Float64Array, py: Float64Array, mask: Uint32Array, rank: Int32Array,
  into: CandidateViews = s,
): void {
  const slotBits = 32 - Math.clz32(m);
  const slots = 2 ** slotBits;
  const steps = 2 ** (52 - slotBits);
  const quantum = (maxDc > 0 ? maxDc : 1) / steps;
  const { keys, cand, dc, smask } = s;
  const { sx, sy, slb, srank } = into;
  for (let j = 0; j < m; j++) keys[j] = Math.floor(dc[j] / quantum) * slots + j;
  keys.subarray(0, m).sort();
  for (let t = 0; t < m; t++) {
    const key = keys[t];
    const q = Math.floor(key / slots);
    const j = key - q * slots;
    const i = cand[j];
    sx[t] = px[i]; sy[t] = py[i]; smask[t] = mask[i]; srank[t] = rank[i];
    // Floor and product may each round up by half an ulp: step one quantum down to stay a lower bound.
    slb[t] = q > 0 ? (q - 1) * quantum : 0;
  }
}
