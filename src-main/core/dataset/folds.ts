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
  /** Seeded layouts tried; the one losing the fewest deposits, then positive windows, then windows, wins. Default 8. */
  restarts?: number;
  /** A fold may take up to this many times an equal share of positives before balance gives way to fewer drops. Default 1.2. */
  balanceSlack?: number;
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

function find(parent: Int32Array, i: number): number {
  while (parent[i] !== i) {
    parent[i] = parent[parent[i]];
    i = parent[i];
  }
  return i;
}

/**
 * Builds k folds as compact spatial blocks:
 * 1. positive windows are joined into groups when they share a deposit or overlap (so they never split);
 * 2. k fold centres are seeded far apart among the groups and refined by a few rounds of k-means in which a fold
 *    takes at most balanceSlack x an equal share of positives: folds balance by positives and stay compact;
 * 3. groups are committed core-first; a window within the buffer of an already kept window of another fold is
 *    dropped (so drops happen at region borders);
 * 4. negatives join the fold of the nearest centre, or are dropped when within the buffer of another fold's window.
 * By construction windows of different folds are at least `buffer` cells apart (validateFolds checks it).
 */
export function buildSpatialFolds(windows: Window[], { k, buffer, seed = 1, balanceSlack = 1.2, restarts = 8 }: FoldOptions): Folds {
  if (!Number.isInteger(k) || k < 2) throw new ProspectError(`Cross-validation needs k >= 2 folds, got ${k}.`, 'BAD_OPTION', { column: 'k' });
  const buf = buffer ?? Math.max(0, ...windows.map((w) => w.size));
  const master = createRng(seed);
  // Several seeded layouts; keep the one that loses the fewest deposits, then positives, then windows, then balance.
  const cost = (f: Folds): number => {
    const keptPos = f.positivesPerFold.reduce((a, b) => a + b, 0);
    const spread = Math.max(...f.positivesPerFold) - Math.min(...f.positivesPerFold);
    return f.droppedDeposits.length * 1e9 + (windows.length - keptPos) * 1e6 + f.dropped * 1e3 + spread;
  };
  let best: Folds | null = null;
  for (let t = 0; t < Math.max(1, restarts); t++) {
    const f = spatialFoldsAttempt(windows, k, buf, balanceSlack, master.fork());
    if (!best || cost(f) < cost(best)) best = f;
  }
  return best!;
}

function spatialFoldsAttempt(windows: Window[], k: number, buf: number, balanceSlack: number, rng: Rng): Folds {
  const n = windows.length;
  const fold = new Int32Array(n).fill(-1);
  const pos = windows.map((w, i) => (w.label === 1 ? i : -1)).filter((i) => i >= 0);
  const neg = windows.map((w, i) => (w.label === 0 ? i : -1)).filter((i) => i >= 0);
  const near = (a: number, b: number): boolean => windowGap(windows[a], windows[b]) < buf;

  const parent = new Int32Array(n).map((_, i) => i);
  const union = (a: number, b: number): void => {
    const ra = find(parent, a);
    const rb = find(parent, b);
    if (ra !== rb) parent[ra] = rb;
  };
  const overlaps = (a: Window, b: Window): boolean =>
    a.row < b.row + b.size && b.row < a.row + a.size && a.col < b.col + b.size && b.col < a.col + a.size;
  for (let x = 0; x < pos.length; x++) {
    for (let y = x + 1; y < pos.length; y++) {
      const a = pos[x];
      const b = pos[y];
      const same = windows[a].depositId !== undefined && windows[a].depositId === windows[b].depositId;
      if (same || overlaps(windows[a], windows[b])) union(a, b);
    }
  }
  const groups = new Map<number, number[]>();
  for (const i of pos) {
    const r = find(parent, i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  }
  const glist = rng.shuffle([...groups.values()]);
  const centre = (g: number[]): [number, number] => {
    let r = 0;
    let c = 0;
    for (const i of g) (r += windows[i].row + windows[i].size / 2), (c += windows[i].col + windows[i].size / 2);
    return [r / g.length, c / g.length];
  };
  const gc = glist.map(centre);
  const d2 = (p: [number, number], q: [number, number]): number => (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2;
  // Fold regions: k centres spread by farthest-point seeding, then a few rounds of capacity-limited k-means over
  // the deposit groups, so each fold is a compact block of deposits holding about a k-th of the positives.
  const kk = Math.min(k, glist.length);
  const centres: [number, number][] = [];
  if (glist.length) centres.push(gc[0]);
  while (centres.length < kk) {
    let far = 0;
    let farD = -1;
    gc.forEach((p, i) => {
      const dmin = Math.min(...centres.map((q) => d2(p, q)));
      if (dmin > farD) (farD = dmin), (far = i);
    });
    centres.push(gc[far]);
  }
  const gFold = new Int32Array(glist.length);
  const cap = Math.max((pos.length / k) * balanceSlack, ...glist.map((g) => g.length));
  for (let round = 0; round < 10; round++) {
    const pairs: [number, number, number][] = [];
    glist.forEach((_, g) => centres.forEach((q, f) => pairs.push([d2(gc[g], q), g, f])));
    pairs.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
    const load = new Array<number>(k).fill(0);
    const done = new Uint8Array(glist.length);
    for (const [, g, f] of pairs) {
      if (done[g] || load[f] + glist[g].length > cap) continue;
      done[g] = 1;
      gFold[g] = f;
      load[f] += glist[g].length;
    }
    // Whatever did not fit anywhere goes to the lightest fold.
    glist.forEach((gr, g) => {
      if (done[g]) return;
      let f = 0;
      for (let h = 1; h < k; h++) if (load[h] < load[f]) f = h;
      gFold[g] = f;
      load[f] += gr.length;
    });
    for (let f = 0; f < centres.length; f++) {
      const members = glist.map((_, g) => g).filter((g) => gFold[g] === f);
      if (members.length) centres[f] = centre(members.flatMap((g) => glist[g]));
    }
  }
  const posCount = new Array<number>(k).fill(0);
  const negCount = new Array<number>(k).fill(0);
  const assigned: number[] = [];
  let dropped = 0;
  // Core groups first: a group near another fold's region is the one that loses windows at the border.
  const order = glist.map((_, g) => g).sort((x, y) => d2(gc[x], centres[gFold[x]]) - d2(gc[y], centres[gFold[y]]) || x - y);
  for (const g of order) {
    const f = gFold[g];
    for (const i of glist[g]) {
      if (assigned.some((j) => fold[j] !== f && near(i, j))) {
        dropped++;
        continue;
      }
      fold[i] = f;
      posCount[f]++;
      assigned.push(i);
    }
  }
  // Negatives belong to the region of the nearest fold centre; one within the buffer of another fold is dropped.
  for (const i of rng.shuffle([...neg])) {
    const w = windows[i];
    const p: [number, number] = [w.row + w.size / 2, w.col + w.size / 2];
    let f = 0;
    if (centres.length === 0) {
      for (let g = 1; g < k; g++) if (negCount[g] < negCount[f]) f = g;
    } else {
      for (let g = 1; g < centres.length; g++) if (d2(p, centres[g]) < d2(p, centres[f])) f = g;
    }
    if (assigned.some((j) => fold[j] !== f && near(i, j))) {
      dropped++;
      continue;
    }
    fold[i] = f;
    negCount[f]++;
    assigned.push(i);
  }
  const kept = new Set<string>();
  const all = new Set<string>();
  windows.forEach((w, i) => {
    if (w.label !== 1 || w.depositId === undefined) return;
    all.add(w.depositId);
    if (fold[i] >= 0) kept.add(w.depositId);
  });
  const droppedDeposits = [...all].filter((d) => !kept.has(d));
  return { k, buffer: buf, fold, dropped, droppedDeposits, positivesPerFold: posCount, negativesPerFold: negCount };
}

/**
 * The paper's protocol for comparison: a seeded, label-stratified random split with no spatial blocking.
 * Windows of one deposit land in several folds, so its scores are NOT held out; label them as such.
 */
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
