// Target areas: adjacent target cells merged into areas a geologist can walk, each outlined, measured and classed
// against the known deposits (known, extension of a known one, or greenfield).
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

/** Connected components (8-neighbour) of the cells scoring at least the threshold; ids 1.. in scan order. */
export function componentLabels(score: Float32Array, width: number, height: number, threshold: number): { labels: Int32Array; components: number[][] } {
  const labels = new Int32Array(width * height);
  const components: number[][] = [];
  const hit = (i: number) => score[i] >= threshold;
  for (let i = 0; i < width * height; i++) {
    if (labels[i] || !hit(i)) continue;
    const id = components.length + 1;
    const cells: number[] = [];
    const stack = [i];
    labels[i] = id;
    while (stack.length) {
      const j = stack.pop()!;
      cells.push(j);
      const r = Math.floor(j / width);
      const c = j % width;
      for (let dr = -1; dr <= 1; dr++) {
        for (let dc = -1; dc <= 1; dc++) {
          const rr = r + dr;
          const cc = c + dc;
          if (rr < 0 || cc < 0 || rr >= height || cc >= width) continue;
          const k = rr * width + cc;
          if (!labels[k] && hit(k)) (labels[k] = id), stack.push(k);
        }
      }
    }
    components.push(cells.sort((a, b) => a - b));
  }
  return { labels, components };
}

/**
 * Merges target cells into areas and describes each: outline, area in km^2 (CRS in metres), peak and mean score,
 * mean uncertainty, and class: 'known' when a deposit lies on one of its cells, 'extension' when one lies within one
 * window (windowSize cells, measured between cell centres) of its nearest cell, else 'greenfield'.
 */
export function targetAreas(input: TargetAreaInput): TargetAreas {
  const { spec, score, threshold, deposits, windowSize, uncertainty } = input;
  const { width: W, height: H } = spec;
  if (score.length !== W * H) throw new ProspectError(`The score map has ${score.length} cells but the grid is ${W} x ${H}.`, 'GRID_SHAPE');
  if (uncertainty && uncertainty.length !== W * H) throw new ProspectError(`The uncertainty map has ${uncertainty.length} cells but the grid is ${W} x ${H}.`, 'GRID_SHAPE');
  if (!Number.isFinite(threshold)) throw new ProspectError(`The target threshold must be a number (got ${threshold}).`, 'BAD_OPTION', { column: 'threshold' });
  const { labels, components } = componentLabels(score, W, H, threshold);
  const reach = windowSize * Math.max(spec.cellX, spec.cellY);
  const cellKm2 = (spec.cellX * spec.cellY) / 1e6;
  const areas = components.map((cells, k): Omit<TargetArea, 'rank'> => {
    const id = k + 1;
    let peak = cells[0];
    let sum = 0;
    let uSum = 0;
    let uN = 0;
    let r0 = H;
    let r1 = -1;
    let c0 = W;
    let c1 = -1;
    for (const i of cells) {
      if (score[i] > score[peak]) peak = i;
      sum += score[i];
      if (uncertainty && !Number.isNaN(uncertainty[i])) (uSum += uncertainty[i]), uN++;
      const r = Math.floor(i / W);
      const c = i % W;
      (r0 = Math.min(r0, r)), (r1 = Math.max(r1, r)), (c0 = Math.min(c0, c)), (c1 = Math.max(c1, c));
    }
    const onArea = deposits.filter((d) => labels[d.row * W + d.col] === id);
    let nearest: TargetArea['nearestDeposit'] = null;
    for (const d of deposits) {
      let best = Infinity;
      for (const i of cells) {
        const dist = Math.hypot((Math.floor(i / W) - d.row) * spec.cellY, ((i % W) - d.col) * spec.cellX);
        if (dist < best) best = dist;
      }
      if (!nearest || best < nearest.distance) nearest = { id: d.id ?? `${d.row},${d.col}`, distance: best };
    }
    const cls: TargetClass = onArea.length > 0 ? 'known' : nearest && nearest.distance <= reach ? 'extension' : 'greenfield';
    const pr = Math.floor(peak / W);
    const pc = peak % W;
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
