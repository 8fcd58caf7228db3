// Per-band value transforms before z-scoring, with the one rule for values <= 0, and z-scores whose fitted
// parameters are stored and reapplied (grid step, imported grids, CV folds, model cards).
import { ProspectError } from '../types';
import type { BandTransform } from '../vocabulary';

export type { BandTransform };

/**
 * Rule for values <= 0 (below-detection codes, zeros) under log10 and clr: they are replaced by half the smallest
 * positive value of that band before taking logs (the usual half-detection-limit substitution). A band with no positive
 * value cannot be logged and raises an error. NaN stays NaN.
 */
export function halfMinPositive(band: Float32Array, name = 'band'): number {
  let min = Infinity;
  for (let i = 0; i < band.length; i++) { const v = band[i]; if (v > 0 && v < min) min = v; }
  if (min === Infinity) {
    throw new ProspectError(`${name} has no positive value, so it cannot be log-transformed: use the 'none' transform.`,
      'TRANSFORM_NO_POSITIVE', { column: name });
  }
  return min / 2;
}

/** log10 of every cell (values <= 0 -> log10 of half the band's smallest positive value). */
export function log10Band(band: Float32Array, name?: string): Float32Array {
  const floor = halfMinPositive(band, name);
  const out = new Float32Array(band.length);
  for (let i = 0; i < band.length; i++) {
    const v = band[i];
    out[i] = v !== v ? NaN : Math.log10(v > 0 ? v : floor);
  }
  return out;
}

/** Centred log-ratio across the stack: ln(x_e) minus the mean over elements of ln(x); NaN where any element is NaN. */
export function clrStack(bands: Float32Array[], names: string[] = []): Float32Array[] {
  if (bands.length < 2) throw new ProspectError('clr needs at least two elements in the stack.', 'TRANSFORM_CLR');
  const n = bands[0].length;
  const floors = bands.map((b, e) => halfMinPositive(b, names[e] ?? `band ${e + 1}`));
  const out = bands.map(() => new Float32Array(n));
  const logs = new Float64Array(bands.length);
  for (let i = 0; i < n; i++) {
    let sum = 0, bad = false;
    for (let e = 0; e < bands.length; e++) {
      const v = bands[e][i];
      if (v !== v) { bad = true; break; }
      logs[e] = Math.log(v > 0 ? v : floors[e]);
      sum += logs[e];
    }
    const mean = sum / bands.length;
    for (let e = 0; e < bands.length; e++) out[e][i] = bad ? NaN : logs[e] - mean;
  }
  return out;
}

/** Applies one transform to every band of a stack. */
export function transformStack(bands: Float32Array[], t: BandTransform, names: string[] = []): Float32Array[] {
  if (t === 'none') return bands.map((b) => Float32Array.from(b));
  if (t === 'log10') return bands.map((b, e) => log10Band(b, names[e]));
  if (t === 'clr') return clrStack(bands, names);
  throw new ProspectError(`Unknown transform '${String(t)}': use none, log10 or clr.`, 'TRANSFORM_UNKNOWN');
}

/** Mean and sample standard deviation (n - 1) of the finite cells. */
export function bandStats(band: Float32Array): { mean: number; sd: number; n: number } {
  let n = 0, mean = 0, m2 = 0;
  // Welford: stable for the large, offset values of trace-element grids.
  for (let i = 0; i < band.length; i++) {
    const v = band[i];
    if (!Number.isFinite(v)) continue;
    n++;
    const d = v - mean;
    mean += d / n;
    m2 += d * (v - mean);
  }
  return { mean: n ? mean : NaN, sd: n > 1 ? Math.sqrt(m2 / (n - 1)) : NaN, n };
}

/** (x - mean) / sd for every cell; NaN stays NaN. A zero sd gives zeros (a constant band carries no anomaly). */
export function applyZscore(band: Float32Array, mean: number, sd: number): Float32Array {
  const out = new Float32Array(band.length);
  const inv = sd > 0 ? 1 / sd : 0;
  for (let i = 0; i < band.length; i++) {
    const v = band[i];
    out[i] = v !== v ? NaN : (v - mean) * inv;
  }
  return out;
}

/** Z-scores of a band ignoring NaN, with the fitted mean and sd to store and reapply (e.g. inside training folds). */
export function zscore(band: Float32Array): { z: Float32Array; mean: number; sd: number } {
  const { mean, sd } = bandStats(band);
  return { z: applyZscore(band, mean, sd), mean, sd };
}

/**
 * How a raw grid turns into the z-scores the later steps use: fitted once, stored beside the grid and in the model
 * card, and reapplied wherever a z-score is needed (maps, CV folds, another study area).
 */
export interface StoredTransform {
  kind: BandTransform;
  /** log10 / clr: the value that replaces cells <= 0 (half the band's smallest positive value, see halfMinPositive). */
  floor?: number;
  /**
   * Older project files: a shift added to every cell before the log. Kept only so those files read back as they were
   * written; new fits store `floor`.
   */
  offset?: number;
  mean: number;
  sd: number;
}

/** Fits each band's transform and z-score parameters with the one rule for values <= 0 (halfMinPositive). */
export function fitTransforms(bands: Float32Array[], kind: BandTransform, names: string[] = []): StoredTransform[] {
  if (kind === 'none') return bands.map((b) => ({ kind, ...meanSd(b) }));
  const floors = bands.map((b, e) => halfMinPositive(b, names[e] ?? `band ${e + 1}`));
  const transformed = transformStack(bands, kind, names);
  return transformed.map((t, e) => ({ kind, floor: floors[e], ...meanSd(t) }));
}

function meanSd(band: Float32Array): { mean: number; sd: number } {
  const s = bandStats(band);
  return { mean: s.n ? s.mean : 0, sd: s.n > 1 ? s.sd : 0 };
}

/** Values after the stored transform, before the z-score: log10 with the stored floor (or the legacy shift). */
function transformedValue(v: number, t: StoredTransform): number {
  if (t.kind !== 'log10') return v;
  if (t.floor !== undefined) return Math.log10(v > 0 ? v : t.floor);
  return Math.log10(v + (t.offset ?? 0));
}

/** The stored transform and z-score applied to one band (not clr, which needs the whole stack: see applyStackTransforms). */
export function applyTransform(raw: Float32Array, t: StoredTransform): Float32Array {
  const out = new Float32Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i];
    if (v !== v) { out[i] = NaN; continue; }
    out[i] = t.sd > 0 ? (transformedValue(v, t) - t.mean) / t.sd : 0;
  }
  return out;
}

/**
 * Z-scores of a whole stack with stored transforms. Centred log-ratios need every band of the stack at each cell, so
 * with clr the caller passes the full stack and picks its bands afterwards.
 */
export function applyStackTransforms(raw: Float32Array[], ts: StoredTransform[]): Float32Array[] {
  if (!ts.some((t) => t.kind === 'clr')) return raw.map((b, i) => applyTransform(b, ts[i]));
  const n = raw[0]?.length ?? 0;
  const out = raw.map(() => new Float32Array(n));
  const logs = new Float64Array(raw.length);
  for (let i = 0; i < n; i++) {
    let sum = 0, bad = false;
    for (let e = 0; e < raw.length; e++) {
      const v = raw[e][i];
      const t = ts[e];
      // Legacy files shifted every cell; new ones floor the cells <= 0.
      const x = t.floor !== undefined ? (v > 0 ? v : t.floor) : v + (t.offset ?? 0);
      if (v !== v || !(x > 0)) { bad = true; break; }
      logs[e] = Math.log(x);
      sum += logs[e];
    }
    const g = sum / raw.length;
    for (let e = 0; e < raw.length; e++) {
      const t = ts[e];
      out[e][i] = bad ? NaN : t.sd > 0 ? (logs[e] - g - t.mean) / t.sd : 0;
    }
  }
  return out;
}
