// Blocked spatial cross-validation. The paper tests on tiles that hold the very deposits its training windows were
// slid around; here every window of a deposit, and everything overlapping it, stays in one fold, and windows of
// different folds keep a buffer between them, so a test score is a held-out score.
import { ProspectError } from '../types';
import { createRng, type Rng } from '../util/random';
import type { Window } from './windows';

export interface FoldOptions {
  k: number;
  /** Least gap in cells between windows of different folds. Default: the window size. */
  buffer?: number;
  seed?: number;
}

export interface Folds {
  k: number;
  buffer: number;
  /** Fold index per window, -1 for windows dropped because they touched windows of two folds. */
  fold: Int32Array;
  dropped: number;
  /** Deposits all of whose windows were dropped (they sit between deposits of other folds). */
  droppedDeposits: string[];
  positivesPerFold: number[];
  negativesPerFold: number[];
}

export interface FoldViolation {
  a: number;
  b: number;
  /** Gap in cells between the two windows (0 = they overlap or touch). */
  gap: number;
}

/** Gap in cells between two windows along the more separated axis; 0 when they overlap or touch. */
export function windowGap(a: Window, b: Window): number {
  const gr = Math.max(b.row - (a.row + a.size), a.row - (b.row + b.size), 0);
  const gc = Math.max(b.col - (a.col + a.size), a.col - (b.col + b.size), 0);
  return Math.max(gr, gc);
}

interface DepositPoint { id: string; row: number; col: number; windows: number[] }

/**
 * Splits deposits into k compact groups by recursive bisection along the longer axis. Each cut is placed in the
 * widest gap between neighbouring deposits near the balanced position, so that few windows straddle a border.
 */
function bisect(deps: DepositPoint[], k: number, out: DepositPoint[][]): void {
  if (k <= 1 || deps.length <= 1) {
    out.push(deps);
    for (let i = 1; i < k; i++) out.push([]);
    return;
  }
  const rows = deps.map((d) => d.row);
  const cols = deps.map((d) => d.col);
  const axis: 'row' | 'col' = Math.max(...rows) - Math.min(...rows) >= Math.max(...cols) - Math.min(...cols) ? 'row' : 'col';
  const sorted = [...deps].sort((a, b) => a[axis] - b[axis] || a.id.localeCompare(b.id));
  const weight = (d: DepositPoint) => Math.max(1, d.windows.length);
  const total = sorted.reduce((a, d) => a + weight(d), 0);
  const k1 = Math.floor(k / 2);
  const target = (total * k1) / k;
  // Candidate cuts: from 60% to 140% of the balanced share on the left; the widest gap wins, balance breaks ties.
  let best = -1;
  let bestScore = -Infinity;
  let acc = 0;
  for (let i = 1; i < sorted.length; i++) {
    acc += weight(sorted[i - 1]);
    if (acc < 0.6 * target || acc > 1.4 * target) continue;
    const gap = sorted[i][axis] - sorted[i - 1][axis];
    const score = gap - Math.abs(acc - target) / total;
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  }
  if (best < 0) {
    acc = 0;
    best = 1;
    for (let i = 1; i < sorted.length; i++) {
      acc += weight(sorted[i - 1]);
      if (acc >= target) { best = i; break; }
    }
  }
  bisect(sorted.slice(0, best), k1, out);
  bisect(sorted.slice(best), k - k1, out);
}

/**
 * Builds k folds as compact spatial blocks:
 * 1. the deposits are split into k groups by recursive bisection (cuts in the widest gaps near balance); all windows
 *    slid around a deposit take its group's fold;
 * 2. negatives take the fold of the nearest deposit, so each fold is one contiguous region of the map;
 * 3. windows are committed in order (positives nearest their deposit first, then negatives in seeded order); a window
 *    within `buffer` cells of an already committed window of another fold is dropped. Drops therefore happen only at
 *    region borders, and no window ever overlaps, or comes within the buffer of, a window of another fold.
 */
export function buildSpatialFolds(windows: Window[], { k, buffer, seed = 1 }: FoldOptions): Folds {
  if (!Number.isInteger(k) || k < 2) throw new ProspectError(`Cross-validation needs k >= 2 folds, got ${k}.`, 'BAD_OPTION', { column: 'k' });
  const buf = buffer ?? Math.max(0, ...windows.map((w) => w.size));
  const rng: Rng = createRng(seed);
  const n = windows.length;
  const centre = (w: Window): [number, number] => [w.row + w.size / 2, w.col + w.size / 2];

  // Deposits, located by the mean centre of their windows (the windows were slid around them).
  const deps = new Map<string, DepositPoint>();
  windows.forEach((w, i) => {
    if (w.label !== 1) return;
    const id = w.depositId ?? `#${i}`;
    const d = deps.get(id) ?? { id, row: 0, col: 0, windows: [] };
    d.windows.push(i);
    deps.set(id, d);
  });
  for (const d of deps.values()) {
    const cs = d.windows.map((i) => centre(windows[i]));
    d.row = cs.reduce((a, c) => a + c[0], 0) / cs.length;
    d.col = cs.reduce((a, c) => a + c[1], 0) / cs.length;
  }
  const groups: DepositPoint[][] = [];
  bisect([...deps.values()], k, groups);
  const depFold = new Map<string, number>();
  groups.forEach((g, f) => g.forEach((d) => depFold.set(d.id, f)));
  const depList = [...deps.values()];

  const wanted = new Int32Array(n).fill(-1);
  windows.forEach((w, i) => {
    if (w.label === 1) wanted[i] = depFold.get(w.depositId ?? `#${i}`)!;
    else if (depList.length) {
      const [r, c] = centre(w);
      let bestD = Infinity;
      for (const d of depList) {
        const dd = (d.row - r) ** 2 + (d.col - c) ** 2;
        if (dd < bestD) (bestD = dd), (wanted[i] = depFold.get(d.id)!);
      }
    } else wanted[i] = rng.int(k);
  });

  const offset = (i: number): number => {
    const d = deps.get(windows[i].depositId ?? `#${i}`);
    if (!d) return 0;
    const [r, c] = centre(windows[i]);
    return Math.hypot(r - d.row, c - d.col);
  };
  const pos = windows.map((_, i) => i).filter((i) => windows[i].label === 1).sort((a, b) => offset(a) - offset(b) || a - b);
  const neg = rng.shuffle(windows.map((_, i) => i).filter((i) => windows[i].label === 0));

  // A coarse bucket grid of committed windows keeps the conflict test local.
  const cell = Math.max(1, Math.max(...windows.map((w) => w.size), 1) + buf);
  const buckets = new Map<string, number[]>();
  const key = (r: number, c: number) => `${Math.floor(r / cell)},${Math.floor(c / cell)}`;
  const fold = new Int32Array(n).fill(-1);
  const commit = (i: number): boolean => {
    const w = windows[i];
    const br = Math.floor(w.row / cell);
    const bc = Math.floor(w.col / cell);
    for (let dr = -2; dr <= 2; dr++) {
      for (let dc = -2; dc <= 2; dc++) {
        for (const j of buckets.get(`${br + dr},${bc + dc}`) ?? []) {
          if (fold[j] !== wanted[i] && windowGap(w, windows[j]) < buf) return false;
        }
      }
    }
    fold[i] = wanted[i];
    const kk = key(w.row, w.col);
    const list = buckets.get(kk);
    if (list) list.push(i);
    else buckets.set(kk, [i]);
    return true;
  };
  let dropped = 0;
  for (const i of [...pos, ...neg]) if (!commit(i)) dropped++;

  const positivesPerFold = new Array(k).fill(0);
  const negativesPerFold = new Array(k).fill(0);
  windows.forEach((w, i) => {
    if (fold[i] < 0) return;
    if (w.label === 1) positivesPerFold[fold[i]]++;
    else negativesPerFold[fold[i]]++;
  });
  const droppedDeposits = depList.filter((d) => d.windows.every((i) => fold[i] < 0)).map((d) => d.id);
  return { k, buffer: buf, fold, dropped, droppedDeposits, positivesPerFold, negativesPerFold };
}

export function buildRandomFolds(windows: Window[], { k, seed = 1 }: { k: number; seed?: number }): Folds {
  if (!Number.isInteger(k) || k < 2) throw new ProspectError(`Cross-validation needs k >= 2 folds, got ${k}.`, 'BAD_OPTION', { column: 'k' });
  const rng = createRng(seed);
  const fold = new Int32Array(windows.length).fill(-1);
  const posCount = new Array<number>(k).fill(0);
  const negCount = new Array<number>(k).fill(0);
  for (const label of [1, 0] as const) {
    const idx = rng.shuffle(windows.map((w, i) => (w.label === label ? i : -1)).filter((i) => i >= 0));
    idx.forEach((i, t) => {
      fold[i] = t % k;
      (label === 1 ? posCount : negCount)[t % k]++;
    });
  }
  return { k, buffer: 0, fold, dropped: 0, droppedDeposits: [], positivesPerFold: posCount, negativesPerFold: negCount };
}

/** Every pair of kept windows in different folds that sits closer than `buffer` cells (empty = valid). */
export function validateFolds(windows: Window[], folds: Pick<Folds, 'fold' | 'buffer'>): FoldViolation[] {
  const out: FoldViolation[] = [];
  for (let a = 0; a < windows.length; a++) {
    if (folds.fold[a] < 0) continue;
    for (let b = a + 1; b < windows.length; b++) {
      if (folds.fold[b] < 0 || folds.fold[b] === folds.fold[a]) continue;
      const gap = windowGap(windows[a], windows[b]);
      const overlap =
        windows[a].row < windows[b].row + windows[b].size &&
        windows[b].row < windows[a].row + windows[a].size &&
        windows[a].col < windows[b].col + windows[b].size &&
        windows[b].col < windows[a].col + windows[a].size;
      if (overlap || gap < folds.buffer) out.push({ a, b, gap });
    }
  }
  return out;
}

/** Train / test window indices of one fold (dropped windows are in neither). */
export function foldSplit(folds: Pick<Folds, 'fold'>, f: number): { train: number[]; test: number[] } {
  const train: number[] = [];
  const test: number[] = [];
  folds.fold.forEach((g, i) => {
    if (g < 0) return;
    (g === f ? test : train).push(i);
  });
  return { train, test };
}
