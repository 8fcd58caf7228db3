// Blocked spatial cross-validation. The paper tests on tiles that hold the very deposits its training windows were
// slid around; here every window of a deposit, and everything overlapping it, stays in one fold, and windows of
// different folds keep a buffer between them, so a test score is a held-out score.
import { ProspectError } from '../types';
import { createRng, type Rng } from '../util/random';
import type { DepositCell } from './cells';
import { clusterPoints } from './clusters';
import type { Window } from './windows';

export interface FoldOptions {
  k: number;
  /** Least gap in cells between windows of different folds. Default: the window size. */
  buffer?: number;
  /**
   * Deposits closer than this many cells (along both axes) form one cluster, which goes to one fold whole.
   * Default: window size + buffer, the distance below which the centred windows of two deposits could not be kept
   * in different folds.
   */
  clusterDistance?: number;
  /**
   * Where the deposits are, by id (their windows' depositId). Default: the mean centre of each deposit's windows, which
   * the random slide moves off the deposit by a fraction of a cell or more.
   */
  deposits?: DepositCell[];
  seed?: number;
}

export type FoldProblemCode = 'EMPTY_FOLD' | 'SINGLE_CLASS_FOLD' | 'MOST_WINDOWS_DROPPED' | 'DEPOSITS_DROPPED';

/** Something that makes a fold set unfit (severity 'error') or worth telling the user ('warning'). */
export interface FoldProblem {
  code: FoldProblemCode;
  severity: 'error' | 'warning';
  /** The fold concerned, when the problem is about one fold. */
  fold?: number;
  message: string;
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
  /** Deposits (with at least one kept window) per fold. */
  depositsPerFold: number[];
  /** Windows that wanted each fold but were dropped at its border. */
  droppedPerFold: number[];
  /** Deposit clusters at the cluster distance (0 for random folds). */
  clusters: number;
  /** True when there were fewer clusters than folds, so clusters were cut and deposits assigned one by one. */
  splitClusters: boolean;
  /** Empty or single-class folds, most windows dropped, deposits lost: see validateFolds. */
  problems: FoldProblem[];
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
interface Cluster { id: string; row: number; col: number; weight: number; deposits: DepositPoint[] }

/**
 * Splits clusters into k compact groups by recursive bisection along the longer axis. Each cut is placed in the
 * widest gap between neighbouring clusters near the balanced position, so that few windows straddle a border, and
 * leaves each side at least as many clusters as folds it must fill, so no fold is left without ore.
 */
function bisect(items: Cluster[], k: number, out: Cluster[][]): void {
  if (k <= 1 || items.length <= 1) {
    out.push(items);
    for (let i = 1; i < k; i++) out.push([]);
    return;
  }
  const rows = items.map((d) => d.row);
  const cols = items.map((d) => d.col);
  const axis: 'row' | 'col' = Math.max(...rows) - Math.min(...rows) >= Math.max(...cols) - Math.min(...cols) ? 'row' : 'col';
  const sorted = [...items].sort((a, b) => a[axis] - b[axis] || a.id.localeCompare(b.id));
  const total = sorted.reduce((a, d) => a + d.weight, 0);
  const k1 = Math.floor(k / 2);
  const target = (total * k1) / k;
  const n = sorted.length;
  // With at least k clusters, each side keeps at least as many clusters as folds it gets.
  const lo = n >= k ? k1 : 1;
  const hi = n >= k ? n - (k - k1) : n - 1;
  // Candidate cuts: from 60% to 140% of the balanced share on the left; the widest gap wins, balance breaks ties.
  let best = -1;
  let bestScore = -Infinity;
  let acc = 0;
  for (let i = 1; i < n; i++) {
    acc += sorted[i - 1].weight;
    if (i < lo || i > hi || acc < 0.6 * target || acc > 1.4 * target) continue;
    const gap = sorted[i][axis] - sorted[i - 1][axis];
    const score = gap - Math.abs(acc - target) / total;
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  }
  if (best < 0) {
    acc = 0;
    best = hi;
    for (let i = 1; i < n; i++) {
      acc += sorted[i - 1].weight;
      if (acc >= target) { best = i; break; }
    }
    best = Math.min(hi, Math.max(lo, best));
  }
  bisect(sorted.slice(0, best), k1, out);
  bisect(sorted.slice(best), k - k1, out);
}

/**
 * Builds k folds as compact spatial blocks:
 * 1. deposits closer than `clusterDistance` form clusters; clusters are split into k groups by recursive bisection
 *    (cuts in the widest gaps near balance, every group gets a cluster when there are k or more; with fewer clusters
 *    than folds, deposits are the units, so clusters are cut); all windows slid around a deposit take its group's fold;
 * 2. negatives want the fold of the nearest deposit, so each fold is one contiguous region of the map;
 * 3. windows are committed in order (positives nearest their deposit first, then negatives in seeded order); a
 *    positive within `buffer` cells of a committed window of another fold is dropped; a negative near windows of one
 *    other fold only joins that fold (it lies at the border of both regions), near two or more it is dropped. Drops
 *    therefore happen only where regions meet, and no window comes within the buffer of a window of another fold.
 * Problems (empty or single-class folds, most windows dropped) are reported in `problems`, not thrown: the caller
 * chooses fewer folds or a smaller buffer.
 */
export function buildSpatialFolds(windows: Window[], { k, buffer, clusterDistance, deposits, seed = 1 }: FoldOptions): Folds {
  if (!Number.isInteger(k) || k < 2) throw new ProspectError(`Cross-validation needs k >= 2 folds, got ${k}.`, 'BAD_OPTION', { column: 'k' });
  const maxSize = Math.max(0, ...windows.map((w) => w.size));
  const buf = buffer ?? maxSize;
  if (!(buf >= 0)) throw new ProspectError(`The fold buffer must be >= 0 cells, got ${buf}.`, 'BAD_OPTION', { column: 'buffer' });
  const linkDistance = clusterDistance ?? maxSize + buf;
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
  // Ids as sampleWindows gives them (the index when a deposit has none).
  const known = new Map((deposits ?? []).map((d, i) => [d.id ?? String(i), d]));
  for (const d of deps.values()) {
    const at = known.get(d.id);
    if (at) {
      // Cell centres, in the same frame as window centres (row + size / 2).
      d.row = at.row + 0.5;
      d.col = at.col + 0.5;
      continue;
    }
    const cs = d.windows.map((i) => centre(windows[i]));
    d.row = cs.reduce((a, c) => a + c[0], 0) / cs.length;
    d.col = cs.reduce((a, c) => a + c[1], 0) / cs.length;
  }
  const depList = [...deps.values()];
  let cid = clusterPoints(depList, linkDistance);
  // Fewer clusters than folds: the clusters are cut at their widest gaps instead (every deposit a unit), and the
  // windows between deposits of different folds are dropped; validateFolds says when that costs too much.
  const splitClusters = new Set(cid).size < k && depList.length >= k;
  if (splitClusters) cid = depList.map((_, i) => i);
  const clusters: Cluster[] = [];
  depList.forEach((d, i) => {
    const c = clusters[cid[i]] ?? (clusters[cid[i]] = { id: d.id, row: 0, col: 0, weight: 0, deposits: [] });
    c.deposits.push(d);
  });
  for (const c of clusters) {
    const w = c.deposits.map((d) => Math.max(1, d.windows.length));
    c.weight = w.reduce((a, b) => a + b, 0);
    c.row = c.deposits.reduce((a, d, j) => a + d.row * w[j], 0) / c.weight;
    c.col = c.deposits.reduce((a, d, j) => a + d.col * w[j], 0) / c.weight;
  }
  const groups: Cluster[][] = [];
  bisect(clusters, k, groups);
  const depFold = new Map<string, number>();
  groups.forEach((g, f) => g.forEach((c) => c.deposits.forEach((d) => depFold.set(d.id, f))));

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

  // A coarse bucket grid of committed windows keeps the conflict test local: a bucket is at least a window plus the
  // buffer wide, so every window that could be within the buffer lies in the 5 x 5 buckets around.
  const cell = Math.max(1, maxSize + buf);
  const buckets = new Map<string, number[]>();
  const fold = new Int32Array(n).fill(-1);
  const nearFolds = (i: number): Set<number> => {
    const w = windows[i];
    const br = Math.floor(w.row / cell);
    const bc = Math.floor(w.col / cell);
    const out = new Set<number>();
    for (let dr = -2; dr <= 2; dr++) {
      for (let dc = -2; dc <= 2; dc++) {
        for (const j of buckets.get(`${br + dr},${bc + dc}`) ?? []) {
          if (windowGap(w, windows[j]) < buf || overlaps(w, windows[j])) out.add(fold[j]);
        }
      }
    }
    return out;
  };
  const commit = (i: number, f: number): void => {
    fold[i] = f;
    const w = windows[i];
    const kk = `${Math.floor(w.row / cell)},${Math.floor(w.col / cell)}`;
    const list = buckets.get(kk);
    if (list) list.push(i);
    else buckets.set(kk, [i]);
  };
  const droppedPerFold = new Array<number>(k).fill(0);
  let dropped = 0;
  for (const i of pos) {
    const near = nearFolds(i);
    if ([...near].every((f) => f === wanted[i])) commit(i, wanted[i]);
    else (dropped++, droppedPerFold[wanted[i]]++);
  }
  for (const i of neg) {
    const near = nearFolds(i);
    if (near.size === 0) commit(i, wanted[i]);
    else if (near.size === 1) commit(i, [...near][0]);
    else (dropped++, droppedPerFold[wanted[i]]++);
  }

  const positivesPerFold = new Array<number>(k).fill(0);
  const negativesPerFold = new Array<number>(k).fill(0);
  windows.forEach((w, i) => {
    if (fold[i] < 0) return;
    if (w.label === 1) positivesPerFold[fold[i]]++;
    else negativesPerFold[fold[i]]++;
  });
  const depositsPerFold = new Array<number>(k).fill(0);
  const droppedDeposits: string[] = [];
  for (const d of depList) {
    const kept = d.windows.find((i) => fold[i] >= 0);
    if (kept === undefined) droppedDeposits.push(d.id);
    else depositsPerFold[fold[kept]]++;
  }
  const out = {
    k, buffer: buf, fold, dropped, droppedDeposits, positivesPerFold, negativesPerFold, depositsPerFold, droppedPerFold,
    clusters: new Set(clusterPoints(depList, linkDistance)).size, splitClusters,
  };
  return { ...out, problems: validateFolds(out) };
}

function overlaps(a: Window, b: Window): boolean {
  return a.row < b.row + b.size && b.row < a.row + a.size && a.col < b.col + b.size && b.col < a.col + a.size;
}

/**
 * What makes a fold set unfit for cross-validation: an empty fold, a fold with one class only (no AUC can be
 * computed on it, and a pooled score would mix it in), more than half the windows dropped at fold borders (errors);
 * deposits that lost every window (a warning: they take no part in training or testing).
 */
export function validateFolds(
  folds: Pick<Folds, 'k' | 'fold' | 'dropped' | 'droppedDeposits' | 'positivesPerFold' | 'negativesPerFold'> & { clusters?: number },
): FoldProblem[] {
  const out: FoldProblem[] = [];
  for (let f = 0; f < folds.k; f++) {
    const p = folds.positivesPerFold[f];
    const q = folds.negativesPerFold[f];
    if (p + q === 0) {
      out.push({ code: 'EMPTY_FOLD', severity: 'error', fold: f,
        message: `Fold ${f + 1} of ${folds.k} holds no window` +
          (folds.clusters !== undefined && folds.clusters < folds.k ? ` (the deposits form only ${folds.clusters} clusters)` : '') +
          ': choose fewer folds or a smaller buffer.' });
    } else if (p === 0 || q === 0) {
      out.push({ code: 'SINGLE_CLASS_FOLD', severity: 'error', fold: f,
        message: `Fold ${f + 1} of ${folds.k} holds only ${p === 0 ? 'background' : 'ore'} windows (${p + q}); no AUC can be measured on it: choose fewer folds or a smaller buffer.` });
    }
  }
  const total = folds.fold.length;
  if (total > 0 && folds.dropped > total / 2) {
    out.push({ code: 'MOST_WINDOWS_DROPPED', severity: 'error',
      message: `${folds.dropped} of ${total} windows (${Math.round((100 * folds.dropped) / total)}%) were dropped at fold borders: choose fewer folds, a smaller buffer or smaller windows.` });
  }
  if (folds.droppedDeposits.length > 0) {
    out.push({ code: 'DEPOSITS_DROPPED', severity: 'warning',
      message: `${folds.droppedDeposits.length} deposit(s) lost every window at fold borders (${folds.droppedDeposits.slice(0, 5).join(', ')}${folds.droppedDeposits.length > 5 ? ', ...' : ''}); they take no part in training or testing.` });
  }
  return out;
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
  const depositsPerFold = new Array<number>(k).fill(0);
  const seen = new Set<string>();
  windows.forEach((w, i) => {
    const key = `${fold[i]}:${w.depositId ?? ''}`;
    if (w.label === 1 && w.depositId !== undefined && !seen.has(key)) (seen.add(key), depositsPerFold[fold[i]]++);
  });
  const out = {
    k, buffer: 0, fold, dropped: 0, droppedDeposits: [], positivesPerFold: posCount, negativesPerFold: negCount,
    depositsPerFold, droppedPerFold: new Array<number>(k).fill(0), clusters: 0, splitClusters: false,
  };
  return { ...out, problems: validateFolds(out) };
}

/** Every pair of kept windows in different folds that sits closer than `buffer` cells (empty = valid). */
export function bufferViolations(windows: Window[], folds: Pick<Folds, 'fold' | 'buffer'>): FoldViolation[] {
  const out: FoldViolation[] = [];
  for (let a = 0; a < windows.length; a++) {
    if (folds.fold[a] < 0) continue;
    for (let b = a + 1; b < windows.length; b++) {
      if (folds.fold[b] < 0 || folds.fold[b] === folds.fold[a]) continue;
      const gap = windowGap(windows[a], windows[b]);
      if (overlaps(windows[a], windows[b]) || gap < folds.buffer) out.push({ a, b, gap });
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
