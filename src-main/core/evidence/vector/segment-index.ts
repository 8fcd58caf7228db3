// A bounding-volume tree over segments for exact nearest-segment and within-radius queries from cell centres.
const LEAF = 8;

/** Squared distance from (px, py) to segment (ax, ay)-(bx, by). */
export function segmentDistance2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax, dy = by - ay;
  const l2 = dx * dx + dy * dy;
  let t = l2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / l2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const ex = ax + t * dx - px, ey = ay + t * dy - py;
  return ex * ex + ey * ey;
}

export class SegmentIndex {
  /** Segments reordered by the tree: [x1, y1, x2, y2] each. */
  readonly seg: Float64Array;
  /** Per node: [xmin, ymin, xmax, ymax]. */
  private box: Float64Array;
  /** Per node: first segment and count (leaves), or -1 and the right child (inner nodes; left child is node + 1). */
  private first: Int32Array;
  private count: Int32Array;
  private nodes = 0;

  constructor(segments: Float64Array) {
    const n = segments.length / 4;
    const order = Int32Array.from({ length: n }, (_, i) => i);
    const cx = new Float64Array(n), cy = new Float64Array(n);
    for (let i = 0; i < n; i++) { cx[i] = (segments[4 * i] + segments[4 * i + 2]) / 2; cy[i] = (segments[4 * i + 1] + segments[4 * i + 3]) / 2; }
    const maxNodes = Math.max(1, 2 * Math.ceil(n / (LEAF / 2)) + 1);
    this.box = new Float64Array(4 * maxNodes);
    this.first = new Int32Array(maxNodes);
    this.count = new Int32Array(maxNodes);
    if (n > 0) this.build(segments, order, cx, cy, 0, n);
    this.seg = new Float64Array(4 * n);
    for (let i = 0; i < n; i++) this.seg.set(segments.subarray(4 * order[i], 4 * order[i] + 4), 4 * i);
  }

  get size(): number { return this.seg.length / 4; }

  private build(s: Float64Array, order: Int32Array, cx: Float64Array, cy: Float64Array, lo: number, hi: number): number {
    const node = this.nodes++;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let k = lo; k < hi; k++) {
      const i = 4 * order[k];
      x0 = Math.min(x0, s[i], s[i + 2]); x1 = Math.max(x1, s[i], s[i + 2]);
      y0 = Math.min(y0, s[i + 1], s[i + 3]); y1 = Math.max(y1, s[i + 1], s[i + 3]);
    }
    this.box.set([x0, y0, x1, y1], 4 * node);
    if (hi - lo <= LEAF) { this.first[node] = lo; this.count[node] = hi - lo; return node; }
    // Split at the median centre along the box's longer side.
    const key = x1 - x0 >= y1 - y0 ? cx : cy;
    const part = order.subarray(lo, hi);
    part.sort((a, b) => key[a] - key[b]);
    const mid = (lo + hi) >> 1;
    this.first[node] = -1;
    this.build(s, order, cx, cy, lo, mid);
    this.count[node] = this.build(s, order, cx, cy, mid, hi);
    return node;
  }

  private boxDist2(node: number, px: number, py: number): number {
    const b = 4 * node;
    const dx = px < this.box[b] ? this.box[b] - px : px > this.box[b + 2] ? px - this.box[b + 2] : 0;
    const dy = py < this.box[b + 1] ? this.box[b + 1] - py : py > this.box[b + 3] ? py - this.box[b + 3] : 0;
    return dx * dx + dy * dy;
  }

  /**
   * Distance from (px, py) to the nearest segment, and its index; `hint` (a segment index, e.g. the previous cell's
   * nearest) seeds the bound so that the search prunes at once.
   */
  nearest(px: number, py: number, hint = -1): { d: number; seg: number } {
    if (this.size === 0) return { d: Infinity, seg: -1 };
    let best = Infinity, bestSeg = -1;
    const s = this.seg;
    if (hint >= 0) { best = segmentDistance2(px, py, s[4 * hint], s[4 * hint + 1], s[4 * hint + 2], s[4 * hint + 3]); bestSeg = hint; }
    const stack: number[] = [0];
    while (stack.length) {
      const node = stack.pop()!;
      if (this.boxDist2(node, px, py) >= best) continue;
      if (this.first[node] >= 0) {
        for (let k = this.first[node], e = k + this.count[node]; k < e; k++) {
          const d = segmentDistance2(px, py, s[4 * k], s[4 * k + 1], s[4 * k + 2], s[4 * k + 3]);
          if (d < best) { best = d; bestSeg = k; }
        }
        continue;
      }
      const l = node + 1, r = this.count[node];
      const dl = this.boxDist2(l, px, py), dr = this.boxDist2(r, px, py);
      // Nearer child last, so it is searched first.
      if (dl < dr) { stack.push(r, l); } else { stack.push(l, r); }
    }
    return { d: Math.sqrt(best), seg: bestSeg };
  }

  /** Calls `visit` for each segment whose box comes within `radius` of (px, py). */
  within(px: number, py: number, radius: number, visit: (k: number) => void): void {
    if (this.size === 0) return;
    const r2 = radius * radius;
    const stack: number[] = [0];
    while (stack.length) {
      const node = stack.pop()!;
      if (this.boxDist2(node, px, py) > r2) continue;
      if (this.first[node] >= 0) { for (let k = this.first[node], e = k + this.count[node]; k < e; k++) visit(k); continue; }
      stack.push(node + 1, this.count[node]);
    }
  }
}
