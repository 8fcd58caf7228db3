// The spatial correlation range of gridded values: an experimental semivariogram from seeded random cell pairs and a
// spherical model fitted to it. The range is the anomaly scale that bounds the window from below, and the distance
// beyond which two cells are uncorrelated, which sets the buffer between cross-validation folds.
import { ProspectError, type GridSpec } from '../types';
import { createRng } from '../util/random';

export interface VariogramOptions {
  /** Largest lag in map units. Default: half the shorter side of the grid. */
  maxLag?: number;
  /** Number of equal-width lag bins. Default 24. */
  lags?: number;
  /** Cell pairs drawn (shared by every band). Default 24,000. */
  pairs?: number;
  seed?: number;
}

export interface ExperimentalVariogram {
  /** Mean separation of the pairs in each non-empty bin, map units. */
  lag: number[];
  /** Semivariance per bin: half the mean squared difference, averaged over the bands. */
  gamma: number[];
  /** Pairs per bin. */
  pairs: number[];
  /** Per band, its semivariance per bin (same bins as gamma). */
  gammaPerBand: number[][];
  /** Mean over bands of each band's variance over valid cells (the sill of a stationary field). */
  variance: number;
  variancePerBand: number[];
  maxLag: number;
}

export interface SphericalFit {
  nugget: number;
  /** Total sill (nugget + partial sill). */
  sill: number;
  /** Distance at which the model reaches its sill, map units. */
  range: number;
  /** False when the best range is the largest lag tried: the values keep diverging (a trend), so the range is a floor. */
  levelled: boolean;
  /** Weighted root mean square misfit, in semivariance units. */
  rmse: number;
}

export interface CorrelationRange {
  /** The fitted spherical range of the band-averaged variogram, map units: beyond it cells are uncorrelated. */
  range: number;
  /**
   * Correlation length: the lag at which the fitted model reaches half its sill (cells this far apart are correlated at
   * about 0.5), map units. It measures the size of a coherent high or low, i.e. of an anomaly, and unlike the range it
   * is not dragged out by a regional trend.
   */
  halfSillLag: number;
  /** First lag at which the experimental semivariance reaches 95% of the variance; null if it never does. */
  range95: number | null;
  fit: SphericalFit;
  /** The fitted range of each band alone (same pairs), map units. */
  rangePerBand: number[];
  variogram: ExperimentalVariogram;
}

function varianceOf(band: Float32Array, mask: Uint8Array | null): number {
  let n = 0, mean = 0, m2 = 0;
  for (let i = 0; i < band.length; i++) {
    const v = band[i];
    if (Number.isNaN(v) || (mask && !mask[i])) continue;
    n++;
    const d = v - mean;
    mean += d / n;
    m2 += d * (v - mean);
  }
  return n > 1 ? m2 / (n - 1) : 0;
}

/**
 * Semivariance from random pairs: a valid cell, then a partner at a separation drawn uniformly in (0, maxLag] and a
 * uniform direction, rounded to whole cells. Uniform separations put about as many pairs in every bin, which an
 * all-pairs estimate on a grid would not (short lags would be starved, long ones swamped), and the cost is fixed.
 */
export function experimentalVariogram(
  spec: GridSpec,
  mask: Uint8Array | null,
  bands: Float32Array[],
  opts: VariogramOptions = {},
): ExperimentalVariogram {
  const { width: W, height: H, cellX, cellY } = spec;
  if (bands.length === 0) throw new ProspectError('A variogram needs at least one band.', 'BAD_OPTION', { column: 'bands' });
  for (const b of bands) {
    if (b.length !== W * H) throw new ProspectError(`A band has ${b.length} cells but the grid is ${W} x ${H}.`, 'GRID_SHAPE');
  }
  const maxLag = opts.maxLag ?? 0.5 * Math.min(W * cellX, H * cellY);
  const nLags = opts.lags ?? 24;
  const nPairs = opts.pairs ?? 24000;
  if (!(maxLag > 0) || !(nLags >= 2) || !(nPairs >= nLags)) {
    throw new ProspectError(`Variogram options out of range (maxLag ${maxLag}, lags ${nLags}, pairs ${nPairs}).`, 'BAD_OPTION');
  }
  const valid: number[] = [];
  for (let i = 0; i < W * H; i++) {
    if (mask && !mask[i]) continue;
    if (bands.every((b) => !Number.isNaN(b[i]))) valid.push(i);
  }
  if (valid.length < 2) throw new ProspectError('Fewer than two valid cells: no variogram can be computed.', 'NO_VALID_CELLS');
  const rng = createRng(opts.seed ?? 1);
  const B = bands.length;
  const sum = Array.from({ length: B }, () => new Float64Array(nLags));
  const dist = new Float64Array(nLags);
  const count = new Float64Array(nLags);
  const width = maxLag / nLags;
  let got = 0;
  // Partners off the grid or in nodata are redrawn; a sparse mask could make that slow, so attempts are capped.
  for (let t = 0; t < nPairs * 20 && got < nPairs; t++) {
    const i = valid[rng.int(valid.length)];
    const h = maxLag * (1 - rng.next());
    const theta = Math.PI * rng.next();
    const dr = Math.round((h * Math.sin(theta)) / cellY);
    const dc = Math.round((h * Math.cos(theta)) / cellX);
    if (dr === 0 && dc === 0) continue;
    const r = Math.floor(i / W) + dr;
    const c = (i % W) + dc;
    if (r < 0 || r >= H || c < 0 || c >= W) continue;
    const j = r * W + c;
    if (mask && !mask[j]) continue;
    const d = Math.hypot(dr * cellY, dc * cellX);
    if (d > maxLag) continue;
    const bin = Math.min(nLags - 1, Math.floor(d / width));
    let ok = true;
    for (let k = 0; k < B && ok; k++) ok = !Number.isNaN(bands[k][j]);
    if (!ok) continue;
    for (let k = 0; k < B; k++) {
      const diff = bands[k][i] - bands[k][j];
      sum[k][bin] += 0.5 * diff * diff;
    }
    dist[bin] += d;
    count[bin]++;
    got++;
  }
  const lag: number[] = [];
  const gamma: number[] = [];
  const pairs: number[] = [];
  const gammaPerBand: number[][] = bands.map(() => []);
  for (let b = 0; b < nLags; b++) {
    if (count[b] === 0) continue;
    lag.push(dist[b] / count[b]);
    pairs.push(count[b]);
    let g = 0;
    for (let k = 0; k < B; k++) {
      const gk = sum[k][b] / count[b];
      gammaPerBand[k].push(gk);
      g += gk;
    }
    gamma.push(g / B);
  }
  if (lag.length < 2) {
    throw new ProspectError('Too few cell pairs for a variogram: the valid area is smaller than a few cells.', 'NO_VALID_CELLS');
  }
  const variancePerBand = bands.map((b) => varianceOf(b, mask));
  const variance = variancePerBand.reduce((a, v) => a + v, 0) / B;
  return { lag, gamma, pairs, gammaPerBand, variance, variancePerBand, maxLag };
}

const spherical = (h: number, a: number): number => (h >= a ? 1 : 1.5 * (h / a) - 0.5 * (h / a) ** 3);

/**
 * Weighted least squares (weights = pairs per bin) of nugget + partial sill x spherical(h / range). For a given range the
 * model is linear in nugget and partial sill, so those are solved exactly (both kept >= 0) and the range is searched
 * over a log-spaced set from the first lag to the largest.
 */
export function fitSpherical(lag: number[], gamma: number[], pairs: number[]): SphericalFit {
  const n = lag.length;
  const hMin = Math.max(lag[0] * 0.5, 1e-9);
  const hMax = lag[n - 1];
  const steps = 160;
  let best: SphericalFit | null = null;
  let bestSse = Infinity;
  for (let s = 0; s <= steps; s++) {
    const a = hMin * Math.pow(hMax / hMin, s / steps);
    let sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (let i = 0; i < n; i++) {
      const w = pairs[i];
      const x = spherical(lag[i], a);
      sw += w; sx += w * x; sy += w * gamma[i]; sxx += w * x * x; sxy += w * x * gamma[i];
    }
    const det = sw * sxx - sx * sx;
    let c0 = det > 0 ? (sxx * sy - sx * sxy) / det : 0;
    let c = det > 0 ? (sw * sxy - sx * sy) / det : sxy / Math.max(sxx, 1e-300);
    if (c0 < 0) (c0 = 0), (c = sxy / Math.max(sxx, 1e-300));
    if (c < 0) (c = 0), (c0 = sy / sw);
    let sse = 0;
    for (let i = 0; i < n; i++) sse += pairs[i] * (gamma[i] - (c0 + c * spherical(lag[i], a))) ** 2;
    if (best === null || sse < bestSse) {
      bestSse = sse;
      best = { nugget: c0, sill: c0 + c, range: a, levelled: s < steps, rmse: Math.sqrt(sse / sw) };
    }
  }
  // With (almost) no structured part every range fits as well as any other: the field is noise at the first lag.
  if (best!.sill - best!.nugget < 0.05 * best!.sill) return { ...best!, range: lag[0], levelled: true };
  return best!;
}

/** Lag at which nugget + partial sill x spherical(h / range) reaches half of the total sill. */
export function halfSillLag(fit: SphericalFit): number {
  const partial = fit.sill - fit.nugget;
  if (!(partial > 0)) return 0;
  const target = (0.5 * fit.sill - fit.nugget) / partial;
  if (target <= 0) return 0;
  // spherical(x) is increasing on [0, 1]: bisection.
  let lo = 0, hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (1.5 * mid - 0.5 * mid ** 3 < target) lo = mid;
    else hi = mid;
  }
  return ((lo + hi) / 2) * fit.range;
}

/** The correlation range of the bands (e.g. the z-scores of the selected elements), pooled and per band. */
export function correlationRange(
  spec: GridSpec,
  mask: Uint8Array | null,
  bands: Float32Array[],
  opts: VariogramOptions = {},
): CorrelationRange {
  const v = experimentalVariogram(spec, mask, bands, opts);
  const fit = fitSpherical(v.lag, v.gamma, v.pairs);
  const at95 = v.gamma.findIndex((g) => g >= 0.95 * v.variance);
  return {
    range: fit.range,
    halfSillLag: halfSillLag(fit),
    range95: at95 < 0 ? null : v.lag[at95],
    fit,
    rangePerBand: v.gammaPerBand.map((g) => fitSpherical(v.lag, g, v.pairs).range),
    variogram: v,
  };
}
