// Scoring as trained: windows of the training size (no resampling, no crop of a tile) placed by the same rule as the
// training windows, each window's score standing for its centre. Positives were trained with the deposit within the
// slide radius of the centre, so a window's score says something about its centre, not about its whole extent: the
// dense map is a centre-weighted kernel mean of window scores, and a tile is scored by the windows centred in it.
import { DEFAULT_MAX_NODATA_FRACTION, windowRule, type Window, type WindowRule } from '../dataset/windows';
import type { TileWindowScore } from '../targets-types';
import { ProspectError, throwIfAborted, type GridSpec, type TaskOptions } from '../types';

/** Scores of a batch of windows (the caller extracts them and runs the model), one per window, in order. */
export type WindowScorer = (windows: Window[]) => Promise<Float32Array>;

/** The cell rectangle of a tile (tiling.ts' Tile has it). */
export interface TileRect {
  id: number;
  row0: number;
  col0: number;
  rows: number;
  cols: number;
}

export interface WindowScoringInput {
  spec: GridSpec;
  mask: Uint8Array | null;
  /** The training window size in cells, on a grid of the training cell size. */
  size: number;
  /** Lattice step between window centres, cells. */
  stride: number;
  scorer: WindowScorer;
  /** The sampler's nodata limit (windows.ts default when absent). */
  maxNodataFraction?: number;
  /** Tiles to score as well (their windows are scored in the same pass, each window once). */
  tiles?: TileRect[];
}

export interface WindowScoringOptions extends TaskOptions {
  /** Windows per scorer call. Default 64. */
  batchSize?: number;
  /** Kernel options of the dense map (see centreKernelMap). */
  sigma?: number;
  reach?: number;
}

export interface WindowScoring {
  /** width x height, NaN outside the mask and beyond `reach` of every scored centre. */
  map: Float32Array;
  /** The lattice windows the rule allowed, and their scores. */
  windows: Window[];
  scores: Float32Array;
  /** One per input tile, in order. */
  tiles: TileWindowScore[];
}

/** The cell a window's score belongs to: where the sampler puts the (unslid) deposit. */
export function windowCentre(w: Pick<Window, 'row' | 'col' | 'size'>): { row: number; col: number } {
  const half = Math.floor(w.size / 2);
  return { row: w.row + half, col: w.col + half };
}

/** Top-left positions along one axis, stride apart, the last flush with the far edge; none when the axis is shorter. */
export function latticeStarts(length: number, size: number, stride: number): number[] {
  if (length < size) return [];
  const out: number[] = [];
  for (let s = 0; s + size <= length; s += stride) out.push(s);
  if (out[out.length - 1] + size < length) out.push(length - size);
  return out;
}

function check(spec: GridSpec, mask: Uint8Array | null, size: number, stride: number): void {
  if (!Number.isInteger(size) || size < 1 || !Number.isInteger(stride) || stride < 1) {
    throw new ProspectError(`Window scoring needs integer size >= 1 and stride >= 1 (got ${size}, ${stride}).`, 'BAD_OPTION');
  }
  if (mask && mask.length !== spec.width * spec.height) {
    throw new ProspectError(`The mask has ${mask.length} cells but the grid is ${spec.width} x ${spec.height}.`, 'GRID_SHAPE');
  }
}

/** The lattice windows that follow the training rule, row by row. */
export function latticeWindows(spec: GridSpec, rule: WindowRule, size: number, stride: number): Window[] {
  const out: Window[] = [];
  for (const r of latticeStarts(spec.height, size, stride)) {
    for (const c of latticeStarts(spec.width, size, stride)) {
      if (rule(r, c, size)) out.push({ row: r, col: c, size, label: 0, kind: 'random-negative' });
    }
  }
  return out;
}

const inTile = (t: TileRect, row: number, col: number) => row >= t.row0 && row < t.row0 + t.rows && col >= t.col0 && col < t.col0 + t.cols;

/**
 * The windows that score one tile. A tile at least a window long on some axis: the lattice windows whose centre
 * lies in it (several, at the training cell size). A smaller tile, or a larger one where the rule leaves no lattice
 * window: the window centred on the tile, moved inside the grid if needed. None when that breaks the rule too.
 */
export function tileWindows(spec: GridSpec, rule: WindowRule, lattice: Window[], t: TileRect, size: number): { how: TileWindowScore['how']; windows: Window[]; offCentre: number } {
  if (t.rows >= size || t.cols >= size) {
    const ws = lattice.filter((w) => {
      const c = windowCentre(w);
      return inTile(t, c.row, c.col);
    });
    if (ws.length > 0) return { how: 'lattice', windows: ws, offCentre: 0 };
  }
  const half = Math.floor(size / 2);
  const wantRow = t.row0 + Math.floor(t.rows / 2) - half;
  const wantCol = t.col0 + Math.floor(t.cols / 2) - half;
  if (spec.height < size || spec.width < size) return { how: 'none', windows: [], offCentre: 0 };
  const row = Math.min(Math.max(wantRow, 0), spec.height - size);
  const col = Math.min(Math.max(wantCol, 0), spec.width - size);
  if (!rule(row, col, size)) return { how: 'none', windows: [], offCentre: 0 };
  return { how: 'centred', windows: [{ row, col, size, label: 0, kind: 'random-negative' }], offCentre: Math.max(Math.abs(row - wantRow), Math.abs(col - wantCol)) };
}

/**
 * Dense map from window scores at their centres: each cell is the Gaussian-weighted mean (sd `sigma` cells) of the
 * scores of the windows whose centre lies within `reach` cells of it on both axes (a square support, so the kernel
 * is separable and runs in O(cells x reach / stride)). Defaults: sigma = stride, reach = half a window, so a cell is
 * scored by windows that contain it, those centred nearest it weighing most.
 */
export function centreKernelMap(
  spec: GridSpec,
  mask: Uint8Array | null,
  windows: Window[],
  scores: Float32Array,
  opts: { sigma: number; reach: number },
): Float32Array {
  const { width: W, height: H } = spec;
  const { sigma, reach } = opts;
  if (!(sigma > 0) || !(reach >= 0)) throw new ProspectError(`The dense kernel needs sigma > 0 and reach >= 0 (got ${sigma}, ${reach}).`, 'BAD_OPTION');
  const R = Math.floor(reach);
  const g = Float64Array.from({ length: R + 1 }, (_, d) => Math.exp(-(d * d) / (2 * sigma * sigma)));
  const centreRows = [...new Set(windows.map((w) => windowCentre(w).row))].sort((a, b) => a - b);
  const rowIndex = new Map(centreRows.map((r, i) => [r, i]));
  // Pass 1, along each lattice row: kernel-weighted score sums and weights for every grid column.
  const A = new Float64Array(centreRows.length * W);
  const B = new Float64Array(centreRows.length * W);
  windows.forEach((w, k) => {
    const c = windowCentre(w);
    const base = rowIndex.get(c.row)! * W;
    const s = scores[k];
    if (Number.isNaN(s)) return;
    for (let x = Math.max(0, c.col - R); x <= Math.min(W - 1, c.col + R); x++) {
      const wt = g[Math.abs(x - c.col)];
      A[base + x] += wt * s;
      B[base + x] += wt;
    }
  });
  // Pass 2, down each column: the lattice rows within reach.
  const out = new Float32Array(W * H).fill(NaN);
  const num = new Float64Array(W);
  const den = new Float64Array(W);
  let lo = 0;
  for (let r = 0; r < H; r++) {
    while (lo < centreRows.length && centreRows[lo] < r - R) lo++;
    num.fill(0);
    den.fill(0);
    for (let i = lo; i < centreRows.length && centreRows[i] <= r + R; i++) {
      const wt = g[Math.abs(r - centreRows[i])];
      const base = i * W;
      for (let x = 0; x < W; x++) {
        num[x] += wt * A[base + x];
        den[x] += wt * B[base + x];
      }
    }
    for (let x = 0; x < W; x++) {
      const i = r * W + x;
      if ((!mask || mask[i]) && den[x] > 0) out[i] = num[x] / den[x];
    }
  }
  return out;
}

/**
 * Scores the lattice (and the tiles' own windows) in batches, each distinct window once, and builds the dense map
 * and the tile scores (max and mean of the windows centred in each tile) from the same scores.
 */
export async function scoreAsTrained(input: WindowScoringInput, opts: WindowScoringOptions = {}): Promise<WindowScoring> {
  const { spec, mask, size, stride } = input;
  check(spec, mask, size, stride);
  const rule = windowRule(spec, mask, input.maxNodataFraction ?? DEFAULT_MAX_NODATA_FRACTION);
  const lattice = latticeWindows(spec, rule, size, stride);
  const perTile = (input.tiles ?? []).map((t) => tileWindows(spec, rule, lattice, t, size));
  const key = (w: Window) => `${w.row}:${w.col}`;
  const index = new Map<string, number>();
  const all: Window[] = [];
  for (const w of [...lattice, ...perTile.flatMap((p) => p.windows)]) {
    if (!index.has(key(w))) (index.set(key(w), all.length), all.push(w));
  }
  const scores = new Float32Array(all.length);
  const batch = Math.max(1, opts.batchSize ?? 64);
  for (let k = 0; k < all.length; k += batch) {
    throwIfAborted(opts.signal);
    const part = all.slice(k, k + batch);
    const s = await input.scorer(part);
    if (s.length < part.length) throw new ProspectError(`The scorer returned ${s.length} scores for ${part.length} windows.`, 'MODEL_OUTPUT');
    scores.set(s.subarray(0, part.length), k);
    opts.onProgress?.({ step: 'dense', done: Math.min(k + batch, all.length), total: all.length });
  }
  const latticeScores = scores.slice(0, lattice.length);
  const map = centreKernelMap(spec, mask, lattice, latticeScores, { sigma: opts.sigma ?? stride, reach: opts.reach ?? Math.floor(size / 2) });
  const tiles: TileWindowScore[] = (input.tiles ?? []).map((t, k) => {
    const p = perTile[k];
    const v = p.windows.map((w) => scores[index.get(key(w))!]).filter((x) => !Number.isNaN(x));
    return {
      tile: t.id, how: v.length ? p.how : 'none', windows: v.length, offCentre: p.offCentre,
      max: v.length ? Math.max(...v) : null, mean: v.length ? v.reduce((a, b) => a + b, 0) / v.length : null,
    };
  });
  return { map, windows: lattice, scores: latticeScores, tiles };
}
