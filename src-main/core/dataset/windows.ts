// Training windows: positives slid around each deposit, negatives drawn at random away from every deposit
// (Gao et al. 2022: 212 slid positives, 225 random negatives of 256 x 256 cells).
import { ProspectError, type GridSpec, type GridStack } from '../types';
import { createRng } from '../util/random';
import { bandsOf, type DepositCell } from './cells';

export interface Window {
  /** Top-left cell. Sampled and scored windows lie inside the grid (windowRule); extractWindows still pads any that do not. */
  row: number;
  col: number;
  size: number;
  label: 0 | 1;
  depositId?: string;
  kind: 'slid-positive' | 'random-negative';
}

export interface WindowOptions {
  size: number;
  /** Slid windows per deposit; ignored when nPositive is given. */
  positivesPerDeposit?: number;
  /** Total slid positives, shared round-robin among deposits (the paper: 212). */
  nPositive?: number;
  /** Random negatives (the paper: 225). */
  nNegative?: number;
  /** Largest offset, in cells along each axis, of the deposit from the window centre. Default size / 4. */
  slideRadius?: number;
  /** Least distance, in cells, from any deposit to a negative window's nearest cell. Default 0 (just not inside). */
  negativeMinDistance?: number;
  /** Largest share of a window that may be nodata; every window also lies inside the grid (windowRule). Default 0.5. */
  maxNodataFraction?: number;
  /** Tries per wanted window before giving up on it. Default 200. */
  maxTries?: number;
  seed?: number;
}

export interface SampledWindows {
  windows: Window[];
  requested: { positive: number; negative: number };
  /** Windows that could not be placed within maxTries (too much nodata, no room away from deposits). */
  shortfall: { positive: number; negative: number };
}

/** Summed-area table of invalid cells (mask 0) with a zero border, so any rectangle's count is O(1). */
function invalidIntegral(spec: GridSpec, mask: Uint8Array | null): Float64Array {
  const { width: W, height: H } = spec;
  const S = new Float64Array((W + 1) * (H + 1));
  for (let r = 0; r < H; r++) {
    let rowSum = 0;
    for (let c = 0; c < W; c++) {
      rowSum += mask && !mask[r * W + c] ? 1 : 0;
      S[(r + 1) * (W + 1) + c + 1] = S[r * (W + 1) + c + 1] + rowSum;
    }
  }
  return S;
}

/** Share of a size x size window at (row, col) that is nodata, counting cells beyond the grid as nodata. */
function nodataFraction(S: Float64Array, spec: GridSpec, row: number, col: number, size: number): number {
  const { width: W, height: H } = spec;
  const r0 = Math.max(0, row);
  const c0 = Math.max(0, col);
  const r1 = Math.min(H, row + size);
  const c1 = Math.min(W, col + size);
  if (r1 <= r0 || c1 <= c0) return 1;
  const inside = (r1 - r0) * (c1 - c0);
  const invalid = S[r1 * (W + 1) + c1] - S[r0 * (W + 1) + c1] - S[r1 * (W + 1) + c0] + S[r0 * (W + 1) + c0];
  return (size * size - inside + invalid) / (size * size);
}

/** The sampler's default largest share of nodata in a window. */
export const DEFAULT_MAX_NODATA_FRACTION = 0.5;

/** Whether a size x size window with top-left (row, col) may be used. */
export type WindowRule = (row: number, col: number, size: number) => boolean;

/**
 * The one rule every window follows, training positives, training negatives and scored windows alike: it lies
 * wholly inside the grid and at most maxNodataFraction of its cells are nodata. Letting only positives run off the
 * edge (zero-padded) would give the model a cue that only one class has.
 */
export function windowRule(spec: GridSpec, mask: Uint8Array | null, maxNodataFraction = DEFAULT_MAX_NODATA_FRACTION): WindowRule {
  const S = invalidIntegral(spec, mask);
  return (row, col, size) =>
    row >= 0 && col >= 0 && row + size <= spec.height && col + size <= spec.width && nodataFraction(S, spec, row, col, size) <= maxNodataFraction;
}

/** Euclidean distance in cells from a cell to the nearest cell of a window (0 if inside). */
function distanceToWindow(d: DepositCell, row: number, col: number, size: number): number {
  const dr = Math.max(row - d.row, 0, d.row - (row + size - 1));
  const dc = Math.max(col - d.col, 0, d.col - (col + size - 1));
  return Math.hypot(dr, dc);
}

/** Same as sampleWindowsDetailed, returning the windows only. */
export function sampleWindows(spec: GridSpec, mask: Uint8Array | null, depositCells: DepositCell[], opts: WindowOptions): Window[] {
  return sampleWindowsDetailed(spec, mask, depositCells, opts).windows;
}

/**
 * Seeded window sampling. Positives: the window centre is the deposit cell moved by a uniform offset in
 * [-slideRadius, slideRadius] on each axis, so the deposit lies anywhere near the centre (the paper's sliding).
 * Negatives: uniform top-left positions whose window keeps negativeMinDistance from every deposit. Windows that
 * break windowRule (past the grid edge, more than maxNodataFraction nodata) are redrawn, so a deposit closer to the
 * edge than half a window less the slide radius gets no positives (counted in the shortfall). Positives come first,
 * deposit by deposit round-robin.
 */
export function sampleWindowsDetailed(
  spec: GridSpec,
  mask: Uint8Array | null,
  depositCells: DepositCell[],
  opts: WindowOptions,
): SampledWindows {
  const { size } = opts;
  if (!Number.isInteger(size) || size < 1) {
    throw new ProspectError(`Window size must be a positive integer, got ${size}.`, 'BAD_OPTION', { column: 'size' });
  }
  if (mask && mask.length !== spec.width * spec.height) {
    throw new ProspectError(`The mask has ${mask.length} cells but the grid is ${spec.width} x ${spec.height}.`, 'GRID_SHAPE');
  }
  const slideRadius = opts.slideRadius ?? Math.floor(size / 4);
  const fits = windowRule(spec, mask, opts.maxNodataFraction ?? DEFAULT_MAX_NODATA_FRACTION);
  const minDist = opts.negativeMinDistance ?? 0;
  const maxTries = opts.maxTries ?? 200;
  const nDep = depositCells.length;
  const nPositive = opts.nPositive ?? (opts.positivesPerDeposit ?? 0) * nDep;
  const nNegative = opts.nNegative ?? 0;
  if (nPositive > 0 && nDep === 0) {
    throw new ProspectError('Positive windows need at least one deposit on the grid.', 'NO_DEPOSITS');
  }
  const rng = createRng(opts.seed ?? 1);
  const half = Math.floor(size / 2);
  const windows: Window[] = [];
  const seen = new Set<string>();
  let shortPos = 0;
  for (let k = 0; k < nPositive; k++) {
    const di = k % nDep;
    const d = depositCells[di];
    let placed = false;
    for (let t = 0; t < maxTries && !placed; t++) {
      const dr = rng.int(2 * slideRadius + 1) - slideRadius;
      const dc = rng.int(2 * slideRadius + 1) - slideRadius;
      const row = d.row + dr - half;
      const col = d.col + dc - half;
      const key = `${di}:${row}:${col}`;
      // Avoid exact duplicates while the slide range still offers new positions.
      if (seen.has(key) && t < maxTries / 2) continue;
      if (!fits(row, col, size)) continue;
      seen.add(key);
      windows.push({ row, col, size, label: 1, depositId: d.id ?? String(di), kind: 'slid-positive' });
      placed = true;
    }
    if (!placed) shortPos++;
  }
  let shortNeg = 0;
  const rowSpan = spec.height - size + 1;
  const colSpan = spec.width - size + 1;
  for (let k = 0; k < nNegative; k++) {
    let placed = false;
    for (let t = 0; t < maxTries && !placed && rowSpan > 0 && colSpan > 0; t++) {
      const row = rng.int(rowSpan);
      const col = rng.int(colSpan);
      if (!fits(row, col, size)) continue;
      let ok = true;
      for (const d of depositCells) {
        const dist = distanceToWindow(d, row, col, size);
        if (dist === 0 || dist < minDist) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      windows.push({ row, col, size, label: 0, kind: 'random-negative' });
      placed = true;
    }
    if (!placed) shortNeg++;
  }
  return {
    windows,
    requested: { positive: nPositive, negative: nNegative },
    shortfall: { positive: shortPos, negative: shortNeg },
  };
}

/**
 * Cuts windows out of a stack into one NHWC Float32Array (N x S x S x C, channels in `elements` order).
 * NaN and cells beyond the grid become 0, the z-score mean, so the model never sees NaN.
 */
export function extractWindows(stack: GridStack, windows: Window[], elements: string[]): Float32Array {
  const bands = bandsOf(stack, elements);
  const { width: W, height: H } = stack.spec;
  const C = bands.length;
  if (windows.length === 0) return new Float32Array(0);
  const S = windows[0].size;
  for (const w of windows) {
    if (w.size !== S) throw new ProspectError(`extractWindows: all windows must share one size (${S} and ${w.size} seen).`, 'BAD_OPTION');
  }
  const out = new Float32Array(windows.length * S * S * C);
  for (let n = 0; n < windows.length; n++) {
    const w = windows[n];
    for (let i = 0; i < S; i++) {
      const r = w.row + i;
      if (r < 0 || r >= H) continue;
      for (let j = 0; j < S; j++) {
        const c = w.col + j;
        if (c < 0 || c >= W) continue;
        const src = r * W + c;
        const dst = ((n * S + i) * S + j) * C;
        for (let k = 0; k < C; k++) {
          const v = bands[k][src];
          out[dst + k] = Number.isNaN(v) ? 0 : v;
        }
      }
    }
  }
  return out;
}

/** A dataset window with the fold it was given (-1 = dropped at a fold border). */
export interface StoredWindow extends Window { fold: number }
