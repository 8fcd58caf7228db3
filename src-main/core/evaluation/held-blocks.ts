// The ground a geologist would search in a held-out fold: the fold's whole block, not the windows slid around its
// deposits. Scoring on the union of held-out windows made the region half deposit neighbourhood (its make-up set by
// nPositive / nNegative), which lowered AUCs and penalised smooth maps, and made "the best 20% of the area" 20% of an
// enriched region. Here every model is scored on the same cells: the fold's block of the map, minus the fold buffer
// around other folds' windows, minus a footprint of the buffer's width around every other known deposit.
import type { DepositCell } from '../dataset/cells';
import type { Window } from '../dataset/windows';
import { ProspectError } from '../types';
import { createRng } from '../util/random';
import { windowCover } from './fold-inputs';
import { dilate } from './map-eval';

/** Default most cells scored per fold; beyond it the background is drawn uniformly (seeded) over the block. */
export const MAX_BLOCK_CELLS = 250_000;

/**
 * The fold of every cell of the grid: that of the nearest kept window centre (Chebyshev distance, by a breadth-first
 * sweep from all centres at once, so O(cells)). Folds were built so that windows near each deposit share its fold and
 * background windows take the fold of the nearest deposit, so this partitions the map into one block per fold.
 * -1 only when no window is kept.
 */
export function foldBlocks(width: number, height: number, windows: (Window & { fold: number })[]): Int32Array {
  const label = new Int32Array(width * height).fill(-1);
  const queue = new Int32Array(width * height);
  let tail = 0;
  for (const w of windows) {
    if (w.fold < 0) continue;
    const r = Math.min(height - 1, Math.max(0, w.row + Math.floor(w.size / 2)));
    const c = Math.min(width - 1, Math.max(0, w.col + Math.floor(w.size / 2)));
    const i = r * width + c;
    if (label[i] < 0) (label[i] = w.fold), (queue[tail++] = i);
  }
  for (let head = 0; head < tail; head++) {
    const i = queue[head];
    const r = Math.floor(i / width);
    const c = i - r * width;
    for (let dr = -1; dr <= 1; dr++) {
      const rr = r + dr;
      if (rr < 0 || rr >= height) continue;
      for (let dc = -1; dc <= 1; dc++) {
        const cc = c + dc;
        if (cc < 0 || cc >= width) continue;
        const j = rr * width + cc;
        if (label[j] < 0) (label[j] = label[i]), (queue[tail++] = j);
      }
    }
  }
  return label;
}

export interface HeldBlock {
  /** The cells every model is scored on: the block's valid cells minus the buffer and footprints, maybe sampled. */
  region: Uint8Array;
  /** Cells the simple maps may learn from: valid cells outside the scored ground grown by the buffer. */
  trainMask: Uint8Array;
  /** Valid cells of the block left after the buffer and the footprints (before sampling). */
  blockCells: number;
  /** Cells in `region` (the held-out deposits' cells plus the background drawn). */
  scoredCells: number;
  /** True when the background was drawn (blockCells > maxCells). */
  sampled: boolean;
  /** Held-out deposits whose cell fell outside the block, buffer or footprint removed it (ids): not scored. */
  lostDeposits: string[];
}

export interface HeldBlockInput {
  width: number;
  height: number;
  /** Valid cells of the fold's maps (where its elements are defined). */
  mask: Uint8Array;
  /** fold of every cell (foldBlocks). */
  blocks: Int32Array;
  fold: number;
  /** The dataset's windows with their folds: other folds' windows reaching into the block are buffered too. */
  windows: (Window & { fold: number })[];
  /** The fold buffer, cells: the gap kept from other folds and the footprint around other known deposits. */
  buffer: number;
  /** Every known deposit on the grid. */
  deposits: DepositCell[];
  /** Ids of the fold's held-out deposits (the ones scored). */
  heldIds: Set<string>;
  maxCells?: number;
  seed: number;
}

/**
 * The fold's held-out block: valid cells of the block, minus every cell within `buffer` (Chebyshev) of another
 * fold's window (what the CNN learnt from), minus a footprint of `buffer` around every known deposit not held out in
 * this fold (a deposit of another fold, or one dropped at a fold border: ground already known is not where a map
 * earns its keep, and its neighbourhood would count as background); the held-out deposits' own cells always stay. With more than maxCells, the held-out deposits' cells are
 * kept and the background drawn uniformly over the block with a seeded generator.
 */
export function heldOutBlock(b: HeldBlockInput): HeldBlock {
  const { width: W, height: H, blocks, fold, buffer } = b;
  const n = W * H;
  if (b.mask.length !== n || blocks.length !== n) throw new ProspectError(`heldOutBlock: a ${W} x ${H} grid but masks of ${b.mask.length} and ${blocks.length} cells.`, 'LENGTH_MISMATCH');
  const inBlock = Uint8Array.from(blocks, (f) => (f === fold ? 1 : 0));
  // The CNN learnt from the other folds' windows: nothing within the buffer of them is scored. (The simple maps learn
  // outside this block grown by the buffer, so the gap on their side is kept by trainMask.)
  const otherWindows = windowCover(W, H, b.windows.filter((w) => w.fold >= 0 && w.fold !== fold));
  const near = dilate(otherWindows, W, H, buffer);
  const otherDeps = new Uint8Array(n);
  const heldCells = new Set<number>();
  for (const d of b.deposits) {
    if (d.row < 0 || d.col < 0 || d.row >= H || d.col >= W) continue;
    if (d.id !== undefined && b.heldIds.has(d.id)) heldCells.add(d.row * W + d.col);
    else otherDeps[d.row * W + d.col] = 1;
  }
  const footprint = dilate(otherDeps, W, H, buffer);
  const region = new Uint8Array(n);
  let blockCells = 0;
  for (let i = 0; i < n; i++) {
    // A held-out deposit inside another's footprint (clusters cut by the folds) is still scored: it is the test.
    if (inBlock[i] && b.mask[i] && !near[i] && (!footprint[i] || heldCells.has(i))) (region[i] = 1), blockCells++;
  }
  const lostDeposits = b.deposits.filter((d) => d.id !== undefined && b.heldIds.has(d.id) && !(d.row >= 0 && d.row < H && d.col >= 0 && d.col < W && region[d.row * W + d.col])).map((d) => d.id!);
  const scoredGround = Uint8Array.from(region);
  const maxCells = b.maxCells ?? MAX_BLOCK_CELLS;
  let scoredCells = blockCells;
  const sampled = blockCells > maxCells;
  if (sampled) {
    // Each background cell kept with the same chance: a uniform draw over the block, so area shares stay unbiased.
    const rng = createRng(b.seed);
    const keep = maxCells / blockCells;
    scoredCells = 0;
    for (let i = 0; i < n; i++) {
      if (!region[i]) continue;
      if (heldCells.has(i) || rng.next() < keep) scoredCells++;
      else region[i] = 0;
    }
  }
  // The simple maps learn nowhere within the buffer of the scored ground (before any draw): the same gap the CNN
  // keeps, since the region keeps the buffer from the other folds' windows.
  const grown = dilate(scoredGround, W, H, buffer);
  const trainMask = Uint8Array.from(grown, (g, i) => (g ? 0 : b.mask[i]));
  return { region, trainMask, blockCells, scoredCells, sampled, lostDeposits };
}
