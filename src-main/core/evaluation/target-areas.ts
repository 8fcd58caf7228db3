// Target areas: target cells split into areas a geologist can walk, one per peak, each outlined, measured and classed
// by its peak against the known deposits (known, extension of a known one, or greenfield).
import type { DepositCell } from '../dataset/cells';
import type { AreaGeometry, TargetArea, TargetClass } from '../targets-types';
import { ProspectError, type GridSpec } from '../types';

export interface TargetAreaInput {
  spec: GridSpec;
  /** Per-cell score: a dense map, or tile scores painted onto their tiles' cells. NaN = not scored. */
  score: Float32Array;
  /** Cells scoring at or above this are target cells. */
  threshold: number;
  /** Known deposits on the grid. */
  deposits: DepositCell[];
  /** The model's window in cells: an area within one window of a known deposit is its extension. */
  windowSize: number;
  /** Per-cell uncertainty (e.g. mapSpread().sd); its mean over each area is reported. */
  uncertainty?: Float32Array | null;
  /**
   * Least rise of a peak above the saddle joining it to a higher one for it to keep its own area, in score units.
   * Default DEFAULT_MIN_PROMINENCE_SHARE (5%) of the map's valid value range.
   */
  minProminence?: number;
}

export interface TargetAreas {
  /** Ranked by peak score, then mean score (class is a field: the caller orders by class as its screen needs). */
  areas: TargetArea[];
  /** Area id per cell (0 = no target), for the class raster. */
  labels: Int32Array;
}

type Vertex = [number, number];

/**
 * Outline of a set of cells as GeoJSON rings in map coordinates. Each boundary edge of a cell is directed with the
 * cells on its left (counter-clockwise around the union in a y-up frame) and edges are chained into rings; where two
 * cells touch only at a corner the chain turns left, so each ring stays simple and such cells become two polygons
 * touching at a point (valid, unlike one self-touching ring). Counter-clockwise rings are exteriors, clockwise ones
 * holes, each hole given to the smallest exterior around it.
 */
export function outlineCells(spec: GridSpec, cells: number[]): AreaGeometry {
  const W = spec.width;
  const inSet = new Set(cells);
  const has = (r: number, c: number) => r >= 0 && c >= 0 && r < spec.height && c < W && inSet.has(r * W + c);
  // Vertices on the (W + 1) x (H + 1) corner lattice: v = vr * (W + 1) + vc.
  const V = (vc: number, vr: number) => vr * (W + 1) + vc;
  const out = new Map<number, number[]>();
  const addEdge = (a: number, b: number) => {
    const list = out.get(a);
    if (list) list.push(b);
    else out.set(a, [b]);
  };
  for (const i of cells) {
    const r = Math.floor(i / W);
    const c = i % W;
    if (!has(r + 1, c)) addEdge(V(c, r + 1), V(c + 1, r + 1));
    if (!has(r, c + 1)) addEdge(V(c + 1, r + 1), V(c + 1, r));
    if (!has(r - 1, c)) addEdge(V(c + 1, r), V(c, r));
    if (!has(r, c - 1)) addEdge(V(c, r), V(c, r + 1));
  }
  const xy = (v: number): Vertex => [v % (W + 1), Math.floor(v / (W + 1))];
  // Direction in a y-up frame (vertex rows grow downwards).
  const dir = (a: number, b: number): Vertex => {
    const [ac, ar] = xy(a);
    const [bc, br] = xy(b);
    return [bc - ac, -(br - ar)];
  };
  const rings: { pts: Vertex[]; probe: Vertex }[] = [];
  for (const start of [...out.keys()].sort((a, b) => a - b)) {
    while ((out.get(start)?.length ?? 0) > 0) {
      const pts: number[] = [start];
      let prev = start;
      let cur = out.get(start)!.pop()!;
      const probe: Vertex = [(xy(start)[0] + xy(cur)[0]) / 2, (xy(start)[1] + xy(cur)[1]) / 2];
      while (cur !== start) {
        pts.push(cur);
        const options = out.get(cur)!;
        let k = 0;
        if (options.length > 1) {
          const u = dir(prev, cur);
          k = options.findIndex((n) => {
            const v = dir(cur, n);
            return u[0] * v[1] - u[1] * v[0] > 0;
          });
          if (k < 0) k = 0;
        }
        const next = options.splice(k, 1)[0];
        prev = cur;
        cur = next;
      }
      // Drop vertices in the middle of straight runs.
      const ring = pts.filter((p, j) => {
        const a = pts[(j - 1 + pts.length) % pts.length];
        const b = pts[(j + 1) % pts.length];
        const d1 = dir(a, p);
        const d2 = dir(p, b);
        return d1[0] * d2[1] - d1[1] * d2[0] !== 0;
      });
      rings.push({ pts: ring.map(xy), probe });
    }
  }
  const signedArea = (pts: Vertex[]) => {
    let s = 0;
    for (let j = 0; j < pts.length; j++) {
      const [x1, r1] = pts[j];
      const [x2, r2] = pts[(j + 1) % pts.length];
      s += x1 * -r2 - x2 * -r1;
    }
    return s / 2;
  };
  const inside = (p: Vertex, pts: Vertex[]) => {
    let c = false;
    for (let j = 0, k = pts.length - 1; j < pts.length; k = j++) {
      const [xj, yj] = pts[j];
      const [xk, yk] = pts[k];
      if (yj > p[1] !== yk > p[1] && p[0] < ((xk - xj) * (p[1] - yj)) / (yk - yj) + xj) c = !c;
    }
    return c;
  };
  const shells = rings.filter((r) => signedArea(r.pts) > 0).map((r) => ({ ...r, area: signedArea(r.pts), holes: [] as Vertex[][] }));
  for (const h of rings.filter((r) => signedArea(r.pts) < 0)) {
    const owner = shells.filter((s) => inside(h.probe, s.pts)).sort((a, b) => a.area - b.area)[0];
    if (!owner) throw new ProspectError('Outline: a hole lies outside every exterior ring (a bug).', 'INTERNAL');
    owner.holes.push(h.pts);
  }
  const toMap = (pts: Vertex[]) => {
    const ring = pts.map(([vc, vr]) => [spec.xmin + vc * spec.cellX, spec.ymax - vr * spec.cellY]);
    return [...ring, ring[0]];
  };
  const polys = shells.map((s) => [toMap(s.pts), ...s.holes.map(toMap)]);
  return polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys };
}

/** Default least prominence of a peak, as a share of the map's valid value range (max - min): see peakLabels. */
export const DEFAULT_MIN_PROMINENCE_SHARE = 0.05;

/**
 * Target cells (score >= threshold) split into one area per peak: a watershed from the local maxima, flooding the
 * cells in decreasing score. A cell with no scored neighbour above it starts a basin at its peak; a cell touching two
 * basins is their saddle, and there the lower basin, whose peak rises less than `minProminence` above the saddle, is
 * merged into the higher (the persistence rule; ties and plateaus rise 0, so they always merge); a basin that rises
 * more keeps its own area and the saddle cell goes to the higher basin. So a ridge above the threshold no longer joins
 * two anomalies into one area, while noise on one anomaly's flank does not split it. Ids 1.. by scan order of peaks.
 */
export function peakLabels(score: Float32Array, width: number, height: number, threshold: number, minProminence: number): { labels: Int32Array; components: number[][]; peaks: number[] } {
  const n = width * height;
  const idx: number[] = [];
  for (let i = 0; i < n; i++) if (score[i] >= threshold) idx.push(i);
  idx.sort((a, b) => score[b] - score[a] || a - b);
  const basin = new Int32Array(n).fill(-1);
  const parent: number[] = [];
  const peakOf: number[] = [];
  const find = (b: number): number => {
    while (parent[b] !== b) b = parent[b] = parent[parent[b]];
    return b;
  };
  for (const i of idx) {
    const r = Math.floor(i / width);
    const c = i - r * width;
    const near = new Set<number>();
    for (let dr = -1; dr <= 1; dr++) {
      for (let dc = -1; dc <= 1; dc++) {
        const rr = r + dr;
        const cc = c + dc;
        if ((dr || dc) && rr >= 0 && cc >= 0 && rr < height && cc < width && basin[rr * width + cc] >= 0) near.add(find(basin[rr * width + cc]));
      }
    }
    if (near.size === 0) {
      parent.push(parent.length);
      peakOf.push(i);
      basin[i] = parent.length - 1;
      continue;
    }
    // Highest peak first: it absorbs every basin that does not rise far enough above this saddle.
    const order = [...near].sort((a, b) => score[peakOf[b]] - score[peakOf[a]] || peakOf[a] - peakOf[b]);
    const top = order[0];
    for (const b of order.slice(1)) if (score[peakOf[b]] - score[i] <= minProminence) parent[b] = top;
    basin[i] = top;
  }
  const idOf = new Map<number, number>();
  const components: number[][] = [];
  const peaks: number[] = [];
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (basin[i] < 0) continue;
    const root = find(basin[i]);
    let id = idOf.get(root);
    if (id === undefined) {
      id = components.length + 1;
      idOf.set(root, id);
      components.push([]);
      peaks.push(peakOf[root]);
    }
    labels[i] = id;
    components[id - 1].push(i);
  }
  return { labels, components, peaks };
}

/**
 * Splits target cells into areas, one per peak (peakLabels), and describes each: outline, area in km^2 (CRS in metres), peak and mean score,
 * mean uncertainty, and class by its peak, where a geologist would start: 'known' when a deposit lies within half a
 * window of the peak (the model's window centred on the peak holds it), 'extension' when one lies within one window
 * (the two windows overlap), else 'greenfield', even when the area's flank reaches a deposit. Distances between cell
 * centres, windowSize cells. nearestDeposit is measured from the peak.
 */
export function targetAreas(input: TargetAreaInput): TargetAreas {
  const { spec, score, threshold, deposits, windowSize, uncertainty } = input;
  const { width: W, height: H } = spec;
  if (score.length !== W * H) throw new ProspectError(`The score map has ${score.length} cells but the grid is ${W} x ${H}.`, 'GRID_SHAPE');
  if (uncertainty && uncertainty.length !== W * H) throw new ProspectError(`The uncertainty map has ${uncertainty.length} cells but the grid is ${W} x ${H}.`, 'GRID_SHAPE');
  if (!Number.isFinite(threshold)) throw new ProspectError(`The target threshold must be a number (got ${threshold}).`, 'BAD_OPTION', { column: 'threshold' });
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of score) if (!Number.isNaN(v)) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  const minProminence = input.minProminence ?? (hi > lo ? DEFAULT_MIN_PROMINENCE_SHARE * (hi - lo) : 0);
  if (!(minProminence >= 0)) throw new ProspectError(`The least peak prominence must be 0 or more (got ${minProminence}).`, 'BAD_OPTION', { column: 'minProminence' });
  const { labels, components, peaks } = peakLabels(score, W, H, threshold, minProminence);
  const reach = windowSize * Math.max(spec.cellX, spec.cellY);
  const cellKm2 = (spec.cellX * spec.cellY) / 1e6;
  const areas = components.map((cells, k): Omit<TargetArea, 'rank'> => {
    const id = k + 1;
    const peak = peaks[k];
    let sum = 0;
    let uSum = 0;
    let uN = 0;
    let r0 = H;
    let r1 = -1;
    let c0 = W;
    let c1 = -1;
    for (const i of cells) {
      sum += score[i];
      if (uncertainty && !Number.isNaN(uncertainty[i])) (uSum += uncertainty[i]), uN++;
      const r = Math.floor(i / W);
      const c = i % W;
      (r0 = Math.min(r0, r)), (r1 = Math.max(r1, r)), (c0 = Math.min(c0, c)), (c1 = Math.max(c1, c));
    }
    const onArea = deposits.filter((d) => labels[d.row * W + d.col] === id);
    const pr = Math.floor(peak / W);
    const pc = peak % W;
    let nearest: TargetArea['nearestDeposit'] = null;
    for (const d of deposits) {
      const dist = Math.hypot((pr - d.row) * spec.cellY, (pc - d.col) * spec.cellX);
      if (!nearest || dist < nearest.distance) nearest = { id: d.id ?? `${d.row},${d.col}`, distance: dist };
    }
    const cls: TargetClass = nearest && nearest.distance <= reach / 2 ? 'known' : nearest && nearest.distance <= reach ? 'extension' : 'greenfield';
    return {
      id, class: cls, cells: cells.length, areaKm2: cells.length * cellKm2, peakScore: score[peak], meanScore: sum / cells.length,
      meanUncertainty: uncertainty ? (uN ? uSum / uN : NaN) : null,
      deposits: onArea.map((d) => d.id ?? `${d.row},${d.col}`), nearestDeposit: nearest,
      peak: { row: pr, col: pc, x: spec.xmin + (pc + 0.5) * spec.cellX, y: spec.ymax - (pr + 0.5) * spec.cellY },
      extent: { xmin: spec.xmin + c0 * spec.cellX, xmax: spec.xmin + (c1 + 1) * spec.cellX, ymax: spec.ymax - r0 * spec.cellY, ymin: spec.ymax - (r1 + 1) * spec.cellY },
      geometry: outlineCells(spec, cells),
    };
  });
  const ranked = areas
    .sort((a, b) => b.peakScore - a.peakScore || b.meanScore - a.meanScore || a.id - b.id)
    .map((a, i) => ({ ...a, rank: i + 1 }) as TargetArea);
  return { areas: ranked, labels };
}
