// Generalisation: a multi-class table becomes a binary pattern (favourable = 2, the rest = 1) with its two weights,
// cut where the (studentized) contrast is largest, or on classes the user picks. Also GA's GEN_CLASS / WEIGHT / W_STD
// columns, which follow CalculateWeights.R exactly.
import { ProspectError } from '../types';
import { binaryWeights, type BinaryWeights } from './binary-weights';
import type { WeightsTable } from './weights-table';

export type Criterion = 'studC' | 'contrast';

export interface GeneraliseOptions {
  /** Where to cut: the largest studentized contrast (default), or the largest contrast as GA's script does. */
  criterion?: Criterion;
  /** The favourable classes, chosen by the user: then no search. */
  classes?: number[];
  /** The largest studentized contrast must reach this, or the layer is not significant (GA asks; ArcSDM's default 2). */
  confidence?: number;
}

export interface Generalised {
  /** Classes of the favourable pattern (binary class 2). */
  favourable: number[];
  /** Weights of the favourable pattern: class 2 takes W+, class 1 takes W-. */
  weights: BinaryWeights;
  /** Area (unit cells) and points of the favourable pattern. */
  area: number;
  points: number;
  /** Whether the layer's largest studentized contrast reaches the confidence asked. */
  significant: boolean;
  maxStudC: number;
}

export interface GenColumns {
  genClass: number;
  weight: number;
  wStd: number;
}

/** GA's "not significant" generalised class, when no class reaches the studentized contrast asked. */
export const GA_NOT_SIGNIFICANT = 999;

function argmax(values: number[]): number {
  // R's which.max: the first of equal maxima, NaN skipped.
  let best = -1;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]) && (best < 0 || values[i] > values[best])) best = i;
  return best;
}

function maxStudC(table: WeightsTable): number {
  return table.rows.reduce((m, r) => (r.missing ? m : Math.max(m, r.studC)), -Infinity);
}

/** The cut row of a cumulative table (index into table.rows). */
function cumulativeCut(table: WeightsTable, criterion: Criterion): number {
  return argmax(table.rows.map((r) => (r.missing ? NaN : criterion === 'contrast' ? r.contrast : r.studC)));
}

export function generalise(table: WeightsTable, opts: GeneraliseOptions = {}): Generalised {
  const criterion = opts.criterion ?? 'studC';
  const top = maxStudC(table);
  const significant = top >= (opts.confidence ?? 2);
  const live = table.rows.filter((r) => !r.missing);
  let favourable: number[];
  if (opts.classes) {
    const known = new Set(live.map((r) => r.class));
    const unknown = opts.classes.filter((c) => !known.has(c));
    if (unknown.length) {
      throw new ProspectError(`Class ${unknown.join(', ')} is not in the layer (classes: ${live.map((r) => r.class).join(', ')}).`,
        'BAD_ARGS', { column: 'classes' });
    }
    favourable = [...new Set(opts.classes)];
  } else if (table.type === 'categorical') {
    // Unordered classes: rank them by W+ (how much richer in points than the study area), cumulate, cut at the best.
    const ranked = live.filter((r) => r.classPoints > 0).sort((a, b) => b.wPlus - a.wPlus);
    let area = 0;
    let pts = 0;
    const scores = ranked.map((r) => {
      area += r.area;
      pts += r.classPoints;
      const w = binaryWeights(area, pts, table.studyArea, table.points);
      return criterion === 'contrast' ? w.contrast : w.studC;
    });
    favourable = ranked.slice(0, argmax(scores) + 1).map((r) => r.class);
  } else {
    const cut = cumulativeCut(table, criterion);
    favourable = table.rows.slice(0, cut + 1).filter((r) => !r.missing).map((r) => r.class);
  }
  const fav = new Set(favourable);
  let area = 0;
  let pts = 0;
  for (const r of live) {
    if (!fav.has(r.class)) continue;
    area += r.area;
    pts += r.classPoints;
  }
  return { favourable, weights: binaryWeights(area, pts, table.studyArea, table.points), area, points: pts, significant, maxStudC: top };
}

/**
 * GA's GEN_CLASS, WEIGHT, W_STD columns (CalculateWeights.R): cumulative tables cut at the largest *contrast* (the
 * studentized contrast only gates), classes up to the cut -> 2 with W+ and s(W+) of the cut row, the rest -> 1 with its
 * W- and s(W-); categorical tables keep each class with its own W+ and s(W+). Not significant: 999 and zeros.
 */
export function gaGenColumns(table: WeightsTable, confidence: number): GenColumns[] {
  const significant = maxStudC(table) >= confidence;
  const cut = table.type === 'categorical' ? -1 : cumulativeCut(table, 'contrast');
  return table.rows.map((r, i) => {
    if (r.missing) return { genClass: r.class, weight: 0, wStd: 0 };
    if (!significant) return { genClass: GA_NOT_SIGNIFICANT, weight: 0, wStd: 0 };
    if (table.type === 'categorical') return { genClass: r.class, weight: r.wPlus, wStd: r.sWPlus };
    const c = table.rows[cut];
    return i <= cut ? { genClass: 2, weight: c.wPlus, wStd: c.sWPlus } : { genClass: 1, weight: c.wMinus, wStd: c.sWMinus };
  });
}

/** The binary map of a generalisation: 2 on favourable classes, 1 elsewhere, 0 on NoData (NaN or `nodata`). */
export function reclassify(values: ArrayLike<number>, favourable: number[], nodata?: number | null): Uint8Array {
  const fav = new Set(favourable);
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = v !== v || v === nodata ? 0 : fav.has(v) ? 2 : 1;
  }
  return out;
}
