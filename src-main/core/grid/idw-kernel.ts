// The IDW inner loop, shared by the worker threads and the in-thread path. Plain typed arrays only, so that the same
// buffers (SharedArrayBuffers in the parallel case) serve every thread without copies.

/** One set of elements that share the same valid samples, hence the same neighbours at every cell. */
export interface IdwGroup {
  /** Coordinates of the group's samples, in the caller's sample order (that order breaks distance ties, as GDAL's). */
  x: Float64Array;
  y: Float64Array;
  /** values[e * n + i]: element e (local to the group) at sample i. */
  values: Float64Array;
  /** Output band index of each local element. */
  bands: Int32Array;
  /** Bucket index: sample ids bucket by bucket (row-major from the bottom-left), start offsets per bucket (+1). */
  bucketIds: Int32Array;
  bucketStart: Int32Array;
  bx0: number;
  by0: number;
  bsize: number;
  nbx: number;
  nby: number;
}

export interface IdwKernelParams {
  xmin: number;
  ymax: number;
  cellX: number;
  cellY: number;
  width: number;
  height: number;
  power: number;
  maxPoints: number;
  radius: number;
  minPoints: number;
}

// gdal_grid takes a sample closer than this (squared distance) to a node as the node's value.
const EXACT_HIT_R2 = 0.0000000000001;

/** Cells per tile side: a tile shares one candidate list; about one search radius, at most 16. */
export function tileSide(p: IdwKernelParams): number {
  // Measured on the Yilgarn bench: tiles about one radius wide balance the per-tile bucket scan against the looser
  // distance bound of wider tiles (half a radius was 1.3x slower, a quarter 4x).
  return Math.max(1, Math.min(16, Math.floor(p.radius / Math.max(p.cellX, p.cellY))));
}

/** Grids rows [row0, row1) of every element of `group` into `out` (one Float32Array per output band). */
export function idwRows(p: IdwKernelParams, group: IdwGroup, out: Float32Array[], row0: number, row1: number): void {
  const { xmin, ymax, cellX, cellY, width, radius } = p;
  const R2 = radius * radius;
  const k = p.maxPoints > 0 ? p.maxPoints : Number.MAX_SAFE_INTEGER;
  const kCap = Math.min(k, group.x.length);
  const halfPow = p.power / 2;
  const power2 = halfPow === 1;
  const T = tileSide(p);
  const { x: px, y: py, values, bands, bucketIds, bucketStart, bx0, by0, bsize, nbx, nby } = group;
  const n = px.length;
  const nEl = bands.length;
  const outs = Array.from(bands, (b) => out[b]);

  const topD = new Float64Array(Math.max(1, kCap));
  const topI = new Int32Array(Math.max(1, kCap));
  const invW = new Float64Array(Math.max(1, kCap));
  let cand: Int32Array = new Int32Array(1024);
  let candLb: Float64Array = new Float64Array(1024);
  let order: Int32Array = new Int32Array(1024);
  let sortedIds: Int32Array = new Int32Array(1024);
  let sortedLb: Float64Array = new Float64Array(1024);

  for (let tr0 = row0; tr0 < row1; tr0 += T) {
    const tr1 = Math.min(row1, tr0 + T);
    for (let tc0 = 0; tc0 < width; tc0 += T) {
      const tc1 = Math.min(width, tc0 + T);
      // Tile centre and the half-diagonal that bounds how far any cell centre of the tile lies from it.
      const cx = xmin + ((tc0 + tc1) / 2) * cellX;
      const cy = ymax - ((tr0 + tr1) / 2) * cellY;
      const hx = ((tc1 - tc0 - 1) / 2) * cellX;
      const hy = ((tr1 - tr0 - 1) / 2) * cellY;
      const h = Math.sqrt(hx * hx + hy * hy);
      // Slack so that rounding in the bound can never drop a point gdal_grid would keep.
      const slack = 1e-9 * (Math.abs(cx) + Math.abs(cy) + h + radius) + 1e-9;
      const reach = radius + h + slack;
      const gx0 = Math.max(0, Math.floor((cx - reach - bx0) / bsize));
      const gx1 = Math.min(nbx - 1, Math.floor((cx + reach - bx0) / bsize));
      const gy0 = Math.max(0, Math.floor((cy - reach - by0) / bsize));
      const gy1 = Math.min(nby - 1, Math.floor((cy + reach - by0) / bsize));
      let m = 0;
      for (let gy = gy0; gy <= gy1; gy++) {
        for (let gx = gx0; gx <= gx1; gx++) {
          const b = gy * nbx + gx;
          for (let s = bucketStart[b], e = bucketStart[b + 1]; s < e; s++) {
            const i = bucketIds[s];
            const dx = px[i] - cx, dy = py[i] - cy;
            const lb = Math.sqrt(dx * dx + dy * dy) - h - slack;
            if (lb > radius) continue;
            if (m === cand.length) {
              const grow = m * 2;
              cand = growI(cand, grow); candLb = growF(candLb, grow); order = new Int32Array(grow);
              sortedIds = new Int32Array(grow); sortedLb = new Float64Array(grow);
            }
            cand[m] = i;
            candLb[m] = lb > 0 ? lb * lb : 0;
            m++;
          }
        }
      }
      if (m === 0) {
        for (let r = tr0; r < tr1; r++) for (let e = 0; e < nEl; e++) outs[e].fill(NaN, r * width + tc0, r * width + tc1);
        continue;
      }
      // Candidates by their lower-bound distance: a cell stops scanning once no later candidate can enter its top k.
      for (let j = 0; j < m; j++) order[j] = j;
      const ord = order.subarray(0, m);
      ord.sort((a, b) => candLb[a] - candLb[b]);
      for (let j = 0; j < m; j++) { sortedIds[j] = cand[ord[j]]; sortedLb[j] = candLb[ord[j]]; }

      for (let r = tr0; r < tr1; r++) {
        const yc = ymax - (r + 0.5) * cellY;
        for (let c = tc0; c < tc1; c++) {
          const xc = xmin + (c + 0.5) * cellX;
          let cnt = 0;
          for (let j = 0; j < m; j++) {
            const lb2 = sortedLb[j];
            if (lb2 > R2 || (cnt === kCap && lb2 > topD[cnt - 1])) break;
            const i = sortedIds[j];
            const dx = px[i] - xc, dy = py[i] - yc;
            const d2 = dx * dx + dy * dy;
            if (d2 > R2) continue;
            if (cnt === kCap) {
              const wd = topD[cnt - 1];
              if (d2 > wd || (d2 === wd && i > topI[cnt - 1])) continue;
              cnt--;
            }
            // Insertion keeps (distance, sample order): gdal_grid's multimap keeps ties in search order.
            let q = cnt;
            while (q > 0 && (topD[q - 1] > d2 || (topD[q - 1] === d2 && topI[q - 1] > i))) {
              topD[q] = topD[q - 1]; topI[q] = topI[q - 1]; q--;
            }
            topD[q] = d2; topI[q] = i; cnt++;
          }
          const idx = r * width + c;
          // A sample on the node: gdal_grid returns its value outright (before the min_points test).
          if (cnt > 0 && topD[0] < EXACT_HIT_R2) {
            let hit = topI[0];
            for (let q = 1; q < cnt && topD[q] < EXACT_HIT_R2; q++) if (topI[q] < hit) hit = topI[q];
            for (let e = 0; e < nEl; e++) outs[e][idx] = values[e * n + hit];
            continue;
          }
          if (cnt === 0 || cnt < p.minPoints) {
            for (let e = 0; e < nEl; e++) outs[e][idx] = NaN;
            continue;
          }
          let den = 0;
          for (let q = 0; q < cnt; q++) {
            const w = 1 / (power2 ? topD[q] : Math.pow(topD[q], halfPow));
            invW[q] = w;
            den += w;
          }
          if (den === 0) {
            for (let e = 0; e < nEl; e++) outs[e][idx] = NaN;
            continue;
          }
          for (let e = 0; e < nEl; e++) {
            const base = e * n;
            let num = 0;
            for (let q = 0; q < cnt; q++) num += invW[q] * values[base + topI[q]];
            outs[e][idx] = num / den;
          }
        }
      }
    }
  }
}

function growI(a: Int32Array, len: number): Int32Array {
  const b = new Int32Array(len);
  b.set(a);
  return b;
}

function growF(a: Float64Array, len: number): Float64Array {
  const b = new Float64Array(len);
  b.set(a);
  return b;
}
