// What one CV fold's models are fitted on: the training/held-out split of the windows, z-scores fitted on the
// training windows' cells, and the element selection on the training deposits with the held-out cells hidden.
import type { PipelineConfig } from '../config';
import type { DepositCell } from '../dataset/cells';
import type { Window } from '../dataset/windows';
import { applyZscore, bandStats } from '../grid/transform';
import type { StoredWindow } from '../dataset/windows';
import type { FoldSelection } from './result-types';
import { fallbackElements } from '../selection/fallback';
import { forceElements } from '../selection/force';
import { selectElements } from '../selection/select';
import type { GridStack } from '../types';

/** Marks the cells covered by the given windows (clipped to the grid). */
export function windowCover(width: number, height: number, windows: Window[]): Uint8Array {
  const m = new Uint8Array(width * height);
  for (const w of windows) {
    for (let r = Math.max(0, w.row); r < Math.min(height, w.row + w.size); r++) {
      m.fill(1, r * width + Math.max(0, w.col), r * width + Math.min(width, w.col + w.size));
    }
  }
  return m;
}

export interface FoldSplit {
  fold: number;
  /** Indices into the dataset's windows. */
  train: number[];
  test: number[];
}

/** Fold f held out, every other kept window trains; a reason instead when the fold cannot be scored. */
export function splitFold(windows: StoredWindow[], f: number): FoldSplit | { fold: number; reason: string } {
  const test = windows.map((w, i) => (w.fold === f ? i : -1)).filter((i) => i >= 0);
  const train = windows.map((w, i) => (w.fold >= 0 && w.fold !== f ? i : -1)).filter((i) => i >= 0);
  const trainLabels = new Set(train.map((i) => windows[i].label));
  if (test.length === 0) return { fold: f, reason: 'the fold holds no window' };
  if (trainLabels.size < 2) return { fold: f, reason: 'the training folds lack a class' };
  return { fold: f, train, test };
}

/**
 * Z-scores fitted on the training cells only. The stored band is already an affine image of the transformed value,
 * so re-standardising it with the training cells' mean and sd gives exactly the z-score a fit on those cells would.
 */
export function foldZscore(stack: GridStack, trainCells: Uint8Array): { bands: Float32Array[]; params: { element: string; mean: number; sd: number }[] } {
  const params: { element: string; mean: number; sd: number }[] = [];
  const bands = stack.bands.map((b, k) => {
    const vals: number[] = [];
    for (let i = 0; i < b.length; i++) if (trainCells[i] && !Number.isNaN(b[i])) vals.push(b[i]);
    const st = bandStats(Float32Array.from(vals));
    const mean = Number.isFinite(st.mean) ? st.mean : 0;
    const sd = Number.isFinite(st.sd) && st.sd > 0 ? st.sd : 1;
    params.push({ element: stack.elements[k], mean, sd });
    return applyZscore(b, mean, sd);
  });
  return { bands, params };
}

export interface FoldInputs {
  split: FoldSplit;
  /** Cells covered by the held-out windows. */
  held: Uint8Array;
  /** Every element, z-scored with the training cells' parameters. */
  stack: GridStack;
  selection: FoldSelection;
  /** The held-out deposits' cells (on the grid). */
  heldCells: DepositCell[];
}

/**
 * The fold's z-scores and selection. Selection sees no cell of the held-out windows: they are nodata to it, deposits
 * there included. The rule (threshold, direction, forced elements) is the select step's.
 */
export function fitFoldInputs(stack: GridStack, depositCells: DepositCell[], windows: StoredWindow[], split: FoldSplit, config: PipelineConfig,
  { fallbackCount = 3, hideHeld = true }: { fallbackCount?: number; hideHeld?: boolean } = {}): FoldInputs | { fold: number; reason: string } {
  const { width: W, height: H } = stack.spec;
  const held = windowCover(W, H, split.test.map((i) => windows[i]));
  const z = foldZscore(stack, windowCover(W, H, split.train.map((i) => windows[i])));
  const heldDeposits = [...new Set(split.test.map((i) => windows[i].depositId).filter((d): d is string => !!d))];
  const trainDepIds = new Set(split.train.map((i) => windows[i].depositId).filter((d): d is string => !!d));
  // The random CV (hideHeld false) is the naive protocol: selection there sees every cell, held-out ones included.
  const trainDeps = depositCells.filter((d) => d.id !== undefined && trainDepIds.has(d.id) && !(hideHeld && held[d.row * W + d.col]));
  if (trainDeps.length === 0) return { fold: split.fold, reason: 'no training deposit lies outside this fold, so no element can be selected' };
  const selBands = !hideHeld ? z.bands : z.bands.map((b) => {
    const o = Float32Array.from(b);
    for (let i = 0; i < o.length; i++) if (held[i]) o[i] = NaN;
    return o;
  });
  const s = config.select;
  // A fold may hold fewer training deposits than the select step would accept: it selects anyway (each row says so)
  // and falls back to the strongest elements below, rather than abandoning the whole cross-validation.
  const rows = forceElements(selectElements({ spec: stack.spec, elements: stack.elements, bands: selBands }, trainDeps, {
    threshold: s.threshold, twoSided: s.twoSided, criterion: s.criterion, holm: s.holm, minDeposits: s.minDeposits, allowFewDeposits: true, seed: config.seed,
  }), s.force);
  for (const r of rows) if (s.exclude?.includes(r.element)) r.selected = false;
  let elements = rows.filter((r) => r.selected).map((r) => r.element);
  const fallback = elements.length === 0;
  if (fallback) elements = fallbackElements(rows, fallbackCount, s.criterion, s.exclude);
  if (elements.length === 0) return { fold: split.fold, reason: 'no element has a finite statistic on the training deposits' };
  return {
    split, held,
    stack: { spec: stack.spec, elements: stack.elements, bands: z.bands },
    heldCells: depositCells.filter((d) => d.id !== undefined && heldDeposits.includes(d.id)),
    selection: {
      fold: split.fold, elements, fallback, trainingDeposits: trainDeps.map((d) => d.id!), heldOutDeposits: heldDeposits, zscore: z.params,
      rows: rows.map((r) => ({ element: r.element, auc: r.auc, se: r.se, zauc: r.zauc, p: r.p, selected: r.selected, direction: r.direction, nPos: r.nPos, nNeg: r.nNeg })),
    },
  };
}
