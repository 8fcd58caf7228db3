import { describe, expect, it } from 'vitest';
import type { Window } from '../../src-main/core/dataset/windows';
import { foldBlocks, heldOutBlock } from '../../src-main/core/evaluation/held-blocks';

const W = 80;
const H = 40;
const S = 8;
const B = 6;

/** Fold 0 on the left, fold 1 on the right, windows on a grid, a deposit of each fold and one dropped deposit. */
function layout() {
  const windows: (Window & { fold: number })[] = [];
  for (let r = 0; r + S <= H; r += S) for (let c = 0; c + S <= W; c += S) {
    const fold = c + S <= 36 ? 0 : c >= 44 ? 1 : -1;
    windows.push({ row: r, col: c, size: S, label: 0, kind: 'random-negative', fold });
  }
  const deposits = [
    { id: 'a', row: 20, col: 10 }, { id: 'b', row: 21, col: 12 }, // fold 0, held out there
    { id: 'c', row: 18, col: 60 }, // fold 1
    { id: 'x', row: 5, col: 20 }, // known but dropped: no fold holds it
  ];
  return { windows, deposits, mask: new Uint8Array(W * H).fill(1) };
}

describe('held-out blocks', () => {
  it('partitions the map by the nearest kept window, one block per fold', () => {
    const { windows } = layout();
    const blocks = foldBlocks(W, H, windows);
    expect(blocks[20 * W + 2]).toBe(0);
    expect(blocks[20 * W + 77]).toBe(1);
    expect(blocks.every((f) => f === 0 || f === 1)).toBe(true);
  });

  it('scores the whole block minus the buffer at the fold border and a footprint around other known deposits', () => {
    const { windows, deposits, mask } = layout();
    const blocks = foldBlocks(W, H, windows);
    const b = heldOutBlock({ width: W, height: H, mask, blocks, fold: 0, windows, buffer: B, deposits, heldIds: new Set(['a', 'b']), seed: 1 });
    // Held-out deposits stay; far corners of the block are in; nothing within the buffer of fold 1's block or windows.
    expect(b.region[20 * W + 10]).toBe(1);
    expect(b.region[21 * W + 12]).toBe(1);
    expect(b.region[0]).toBe(1);
    expect(b.lostDeposits).toEqual([]);
    // A held-out deposit within another's footprint (clusters cut by the folds) is still scored.
    const close = heldOutBlock({ width: W, height: H, mask, blocks, fold: 0, windows, buffer: B, deposits: [...deposits, { id: 'y', row: 22, col: 13 }], heldIds: new Set(['a', 'b']), seed: 1 });
    expect(close.region[21 * W + 12]).toBe(1);
    expect(close.region[22 * W + 14]).toBe(0);
    expect(close.lostDeposits).toEqual([]);
    let bad = 0;
    for (let i = 0; i < W * H; i++) {
      if (!b.region[i]) continue;
      const r = Math.floor(i / W), c = i % W;
      if (blocks[i] !== 0) bad++;
      // Nothing of fold 1's windows (from column 48) within B cells (Chebyshev).
      if (c + B >= 48) bad++;
      // The dropped deposit x at (5, 20): a footprint of the buffer's width around it.
      if (Math.max(Math.abs(r - 5), Math.abs(c - 20)) <= B) bad++;
    }
    expect(bad).toBe(0);
    // The simple maps learn nowhere within the buffer of the scored ground.
    let near = 0;
    for (let i = 0; i < W * H; i++) {
      if (!b.trainMask[i]) continue;
      const r = Math.floor(i / W), c = i % W;
      for (let rr = Math.max(0, r - B); rr <= Math.min(H - 1, r + B); rr++) for (let cc = Math.max(0, c - B); cc <= Math.min(W - 1, c + B); cc++) near += b.region[rr * W + cc];
    }
    expect(near).toBe(0);
    expect(b.trainMask[20 * W + 77]).toBe(1);
    expect(b.sampled).toBe(false);
    expect(b.scoredCells).toBe(b.blockCells);
  });

  it('draws the background uniformly over a large block (seeded), keeping the held-out deposits', () => {
    const { windows, deposits, mask } = layout();
    const blocks = foldBlocks(W, H, windows);
    const full = heldOutBlock({ width: W, height: H, mask, blocks, fold: 0, windows, buffer: B, deposits, heldIds: new Set(['a', 'b']), seed: 1 });
    const args = { width: W, height: H, mask, blocks, fold: 0, windows, buffer: B, deposits, heldIds: new Set(['a', 'b']), seed: 4, maxCells: 300 };
    const s = heldOutBlock(args);
    expect(s.sampled).toBe(true);
    expect(s.blockCells).toBe(full.blockCells);
    expect(s.scoredCells).toBeGreaterThan(200);
    expect(s.scoredCells).toBeLessThan(400);
    expect(s.region[20 * W + 10] && s.region[21 * W + 12]).toBe(1);
    for (let i = 0; i < W * H; i++) if (s.region[i]) expect(full.region[i]).toBe(1);
    // Uniform: the left and right halves of the block keep about the same share.
    const share = (lo: number, hi: number) => {
      let k = 0, n = 0;
      for (let i = 0; i < W * H; i++) if (full.region[i] && i % W >= lo && i % W < hi) (n++, (k += s.region[i]));
      return k / n;
    };
    expect(Math.abs(share(0, 14) - share(14, 30))).toBeLessThan(0.1);
    expect(Array.from(heldOutBlock(args).region)).toEqual(Array.from(s.region));
  });
});
