// Pure summaries of predicted tiles for the Evaluate and Targets steps.

export interface TileLike {
  number: number;
  label: number;
  prob: number | null;
  predicted: number | null;
  valid: boolean;
}

export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export function confusion(tiles: TileLike[], threshold = 0.5): Confusion {
  const c = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (const t of tiles) {
    if (!t.valid || t.prob === null) continue;
    const p = t.predicted ?? (t.prob >= threshold ? 1 : 0);
    if (t.label === 1) p === 1 ? c.tp++ : c.fn++;
    else p === 1 ? c.fp++ : c.tn++;
  }
  return c;
}

export function scores(c: Confusion): { accuracy: number; precision: number; recall: number; f1: number } {
  const n = c.tp + c.fp + c.tn + c.fn;
  const precision = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 0;
  const recall = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 0;
  return { accuracy: n ? (c.tp + c.tn) / n : NaN, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

/**
 * Success-rate curve over tiles: tiles taken in decreasing probability, x = share of (valid) area, y = share of
 * ore tiles captured. Ties are taken together so the curve does not depend on the order of equal scores.
 */
export function successCurve(tiles: TileLike[]): [number, number][] {
  const v = tiles.filter((t) => t.valid && t.prob !== null).sort((a, b) => b.prob! - a.prob!);
  const nPos = v.filter((t) => t.label === 1).length;
  const out: [number, number][] = [[0, 0]];
  if (!v.length) return out;
  let pos = 0;
  for (let i = 0; i < v.length; i++) {
    if (v[i]!.label === 1) pos++;
    if (i + 1 < v.length && v[i + 1]!.prob === v[i]!.prob) continue;
    out.push([(i + 1) / v.length, nPos ? pos / nPos : 0]);
  }
  return out;
}

export interface RankedTarget {
  rank: number;
  number: number;
  prob: number;
  label: number;
}

/** Valid tiles ranked by probability (highest first), the ranked target list. */
export function rankTargets(tiles: TileLike[], limit = 144): RankedTarget[] {
  return tiles
    .filter((t) => t.valid && t.prob !== null)
    .sort((a, b) => b.prob! - a.prob! || a.number - b.number)
    .slice(0, limit)
    .map((t, i) => ({ rank: i + 1, number: t.number, prob: t.prob!, label: t.label }));
}

/** Tile probabilities as a rows x cols level (row 0 = north) for the probability map; NaN where invalid. */
export function tileLevel(tiles: TileLike[], rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols).fill(NaN);
  for (const t of tiles) if (t.valid && t.prob !== null && t.number >= 1 && t.number <= rows * cols) out[t.number - 1] = t.prob;
  return out;
}
