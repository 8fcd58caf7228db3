// What the model used: per target, the drop in its score when one element's channel is replaced by that element's
// background value (occlusion), ranked. The highest mean z-score in a tile says what is anomalous there, not what
// the model responds to; occlusion asks the model itself.
//
// The background value: the mean z-score over the training negatives' valid cells (trainingBackground), not 0. Zero
// is the area mean, which includes the deposits' halos, and it is also what nodata and padding read as, so a channel
// set to 0 looks like "no data" as much as "background"; the negatives' mean is what the model was taught background
// looks like. The two are close where ore windows are a small part of the area; the caller may pass either.
import { bandsOf } from '../dataset/cells';
import { DEFAULT_MAX_NODATA_FRACTION, extractWindows, windowRule, type Window } from '../dataset/windows';
import type { OcclusionDriver, TargetDrivers } from '../targets-types';
import { ProspectError, throwIfAborted, type GridSpec, type GridStack, type TaskOptions } from '../types';

/** Scores of n windows given as one NHWC array (e.g. predictProbabilities bound to the model). */
export type BatchScorer = (x: Float32Array, n: number) => Promise<Float32Array>;

export interface OcclusionTarget {
  id: string;
  windows: Window[];
}

/** Mean z-score of each element over the valid cells of the negative (label 0) windows. */
export function trainingBackground(stack: GridStack, windows: Window[], elements: string[]): number[] {
  const { width: W, height: H } = stack.spec;
  const negatives = windows.filter((w) => w.label === 0);
  return bandsOf(stack, elements).map((b, k) => {
    let s = 0;
    let n = 0;
    for (const w of negatives) {
      for (let r = Math.max(0, w.row); r < Math.min(H, w.row + w.size); r++) {
        for (let c = Math.max(0, w.col); c < Math.min(W, w.col + w.size); c++) {
          const v = b[r * W + c];
          if (!Number.isNaN(v)) (s += v), n++;
        }
      }
    }
    if (n === 0) throw new ProspectError(`No valid ${elements[k]} cell in the negative windows: no background value for it.`, 'NO_BACKGROUND', { column: elements[k] });
    return s / n;
  });
}

const mean = (v: Float32Array, n: number) => {
  let s = 0;
  for (let i = 0; i < n; i++) s += v[i];
  return s / n;
};

/**
 * For each target, the mean score of its windows as they are, and with each element's channel set to its
 * background value on the cells where that element is measured (nodata stays 0, as in training); drivers ranked by
 * drop, largest first. One scorer call per target and channel.
 */
export async function occlusionDrivers(
  stack: GridStack,
  elements: string[],
  targets: OcclusionTarget[],
  scorer: BatchScorer,
  opts: TaskOptions & { background?: number[] } = {},
): Promise<TargetDrivers[]> {
  const C = elements.length;
  const background = opts.background ?? new Array<number>(C).fill(0);
  if (background.length !== C) throw new ProspectError(`${background.length} background values for ${C} elements.`, 'BAD_OPTION', { column: 'background' });
  const bands = bandsOf(stack, elements);
  const { width: W, height: H } = stack.spec;
  const out: TargetDrivers[] = [];
  let done = 0;
  for (const t of targets) {
    throwIfAborted(opts.signal);
    const n = t.windows.length;
    if (n === 0) throw new ProspectError(`Target ${t.id} has no windows to occlude.`, 'BAD_OPTION', { target: t.id });
    const S = t.windows[0].size;
    const x = extractWindows(stack, t.windows, elements);
    const base = mean(await scorer(x, n), n);
    const drivers: OcclusionDriver[] = [];
    for (let k = 0; k < C; k++) {
      throwIfAborted(opts.signal);
      const xo = x.slice();
      t.windows.forEach((w, m) => {
        for (let i = 0; i < S; i++) {
          const r = w.row + i;
          if (r < 0 || r >= H) continue;
          for (let j = 0; j < S; j++) {
            const c = w.col + j;
            if (c < 0 || c >= W || Number.isNaN(bands[k][r * W + c])) continue;
            xo[((m * S + i) * S + j) * C + k] = background[k];
          }
        }
      });
      const occluded = mean(await scorer(xo, n), n);
      drivers.push({ element: elements[k], drop: base - occluded, occludedScore: occluded });
    }
    drivers.sort((a, b) => b.drop - a.drop || a.element.localeCompare(b.element));
    out.push({ target: t.id, windows: n, baseScore: base, drivers });
    opts.onProgress?.({ step: 'occlusion', done: ++done, total: targets.length });
  }
  return out;
}

/**
 * The windows that stand for a target area in occlusion: centred on its highest-scoring cells, at least `spacing`
 * cells apart (default a quarter window), at most `max` (default 9), each following the training window rule.
 */
export function windowsForArea(
  spec: GridSpec,
  mask: Uint8Array | null,
  labels: Int32Array,
  id: number,
  score: Float32Array,
  size: number,
  opts: { max?: number; spacing?: number; maxNodataFraction?: number } = {},
): Window[] {
  const rule = windowRule(spec, mask, opts.maxNodataFraction ?? DEFAULT_MAX_NODATA_FRACTION);
  const spacing = opts.spacing ?? Math.max(1, Math.floor(size / 4));
  const max = opts.max ?? 9;
  const half = Math.floor(size / 2);
  const cells: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i] === id) cells.push(i);
  cells.sort((a, b) => score[b] - score[a] || a - b);
  const out: Window[] = [];
  for (const i of cells) {
    if (out.length >= max) break;
    const r = Math.floor(i / spec.width) - half;
    const c = (i % spec.width) - half;
    if (!rule(r, c, size)) continue;
    if (out.some((w) => Math.max(Math.abs(w.row - r), Math.abs(w.col - c)) < spacing)) continue;
    out.push({ row: r, col: c, size, label: 0, kind: 'random-negative' });
  }
  return out;
}
