// Colour stretches: how a raster's values become positions t in [0, 1] along a colour ramp, and the tick values
// that tell the legend what each position means under that stretch. Pure functions.

export type StretchKind = 'preset' | 'minmax' | 'percentile' | 'log' | 'equal-area';
export const STRETCH_KINDS: StretchKind[] = ['preset', 'minmax', 'percentile', 'log', 'equal-area'];

export interface StretchChoice {
  kind: StretchKind;
  /** Percentile stretch bounds, in percent (2 and 98 unless edited). */
  lo: number;
  hi: number;
}
export const DEFAULT_STRETCH: StretchChoice = { kind: 'preset', lo: 2, hi: 98 };

export interface Tick {
  value: number;
  /** Where the value sits along the ramp, 0..1. */
  t: number;
  label: string;
}

export interface Stretch {
  kind: StretchKind;
  /** The values at t = 0 and t = 1. */
  range: [number, number];
  /** t in [0, 1] for a value; NaN for a value with no colour (NaN, or <= 0 under log). */
  map: (v: number) => number;
  ticks: Tick[];
}

/** Quantile breakpoints kept for equal-area: enough that the step between two is below a colour-table step. */
const QUANTILES = 1024;

export function formatTick(v: number): string {
  if (v === 0) return '0';
  return Math.abs(v) >= 1e5 || Math.abs(v) < 0.01 ? v.toExponential(1) : String(+v.toPrecision(3));
}

/** The finite values (and only the positive ones, when asked) in ascending order. */
export function finiteSorted(values: ArrayLike<number>, positiveOnly = false): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v) && (!positiveOnly || v > 0)) n++;
  }
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v) && (!positiveOnly || v > 0)) out[k++] = v;
  }
  return out.sort();
}

/** Quantile p in [0, 1] of ascending values: the nearest order statistic. */
export const quantileOf = (sorted: Float64Array, p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(p * (sorted.length - 1))))]!;

/** Log stretch needs every finite value positive; the reason it is off otherwise, for the layer panel to say. */
export function logUnavailable(values: ArrayLike<number>): string | null {
  let finite = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    finite++;
    if (v <= 0) return 'nonPositive';
  }
  return finite === 0 ? 'empty' : null;
}

/** Round values between a and b (1, 2 or 5 x 10^n apart), for the ticks of a linear stretch. */
export function niceTicks(a: number, b: number, count = 4): number[] {
  if (!(b > a)) return [a];
  const raw = (b - a) / count;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).reduce((best, s) =>
    (Math.abs((b - a) / s - count) < Math.abs((b - a) / best - count) ? s : best));
  const out: number[] = [];
  for (let v = Math.ceil(a / step) * step; v <= b + step * 1e-9; v += step) out.push(+v.toPrecision(12));
  return out;
}

function linear(kind: StretchKind, a: number, b: number): Stretch {
  const span = b - a || 1;
  const map = (v: number) => (Number.isFinite(v) ? Math.min(1, Math.max(0, (v - a) / span)) : NaN);
  const inner = niceTicks(a, b).filter((v) => (v - a) / span > 0.08 && (b - v) / span > 0.08);
  const ticks = [a, ...inner, b].map((value) => ({ value, t: map(value), label: formatTick(value) }));
  return { kind, range: [a, b], map, ticks };
}

function logStretch(sorted: Float64Array): Stretch {
  const a = sorted[0]!;
  const b = sorted[sorted.length - 1]!;
  const la = Math.log10(a);
  const span = Math.log10(b) - la || 1;
  const map = (v: number) => (Number.isFinite(v) && v > 0 ? Math.min(1, Math.max(0, (Math.log10(v) - la) / span)) : NaN);
  const ticks: Tick[] = [];
  for (let e = Math.ceil(la - 1e-9); e <= Math.log10(b) + 1e-9; e++) {
    const value = 10 ** e;
    ticks.push({ value, t: map(value), label: formatTick(value) });
  }
  // A range within one decade holds at most one power of ten: its ends then say what the colours mean.
  if (ticks.length < 2) {
    ticks.unshift({ value: a, t: 0, label: formatTick(a) });
    ticks.push({ value: b, t: 1, label: formatTick(b) });
  }
  return { kind: 'log', range: [a, b], map, ticks: ticks.sort((x, y) => x.t - y.t) };
}

function equalArea(sorted: Float64Array): Stretch {
  const n = sorted.length;
  const k = Math.min(QUANTILES, n);
  const q = new Float64Array(k + 1);
  for (let i = 0; i <= k; i++) q[i] = quantileOf(sorted, i / k);
  // The colour of a value is its quantile: the share of cells below it, interpolated between the breakpoints and
  // taken at the middle of a run of equal breakpoints, so tied values share one colour.
  const map = (v: number): number => {
    if (!Number.isFinite(v)) return NaN;
    if (v < q[0]!) return 0;
    if (v > q[k]!) return 1;
    // lo: the last breakpoint <= v.
    let lo = 0;
    let hi = k + 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (q[mid]! <= v) lo = mid;
      else hi = mid;
    }
    if (q[lo] === v) {
      let first = lo;
      while (first > 0 && q[first - 1] === v) first--;
      return (first + lo) / 2 / k;
    }
    return (lo + (v - q[lo]!) / (q[lo + 1]! - q[lo]!)) / k;
  };
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((p) => {
    const value = quantileOf(sorted, p);
    return { value, t: p, label: formatTick(value) };
  });
  return { kind: 'equal-area', range: [q[0]!, q[k]!], map, ticks };
}

/**
 * The stretch of a raster's values. `preset` is the range the screen gave the level (e.g. 0..1 for a probability);
 * log falls back to min-max when a value is not positive (the panel says why, see `logUnavailable`).
 */
export function buildStretch(values: ArrayLike<number>, choice: StretchChoice, preset?: [number, number]): Stretch {
  if (choice.kind === 'preset' && preset) return linear('preset', preset[0], preset[1]);
  const sorted = finiteSorted(values);
  if (sorted.length === 0) return linear(choice.kind, 0, 1);
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  if (choice.kind === 'log' && min > 0) return logStretch(sorted);
  if (choice.kind === 'equal-area') return equalArea(sorted);
  if (choice.kind === 'percentile') {
    const lo = Math.min(100, Math.max(0, choice.lo)) / 100;
    const hi = Math.min(100, Math.max(0, choice.hi)) / 100;
    const a = quantileOf(sorted, Math.min(lo, hi));
    const b = quantileOf(sorted, Math.max(lo, hi));
    return a === b ? linear('percentile', a - 0.5, b + 0.5) : linear('percentile', a, b);
  }
  return min === max ? linear('minmax', min - 0.5, max + 0.5) : linear('minmax', min, max);
}
