// Neighbourhood features for a per-cell model: each element's z value at the cell plus its mean over a disc and over
// annuli of a few radii. A logistic regression on them is the strongest per-cell baseline that still sees shape only
// through isotropic averages: it can weigh "high around, low here", but not an elongated ring or a product of terms.
// The CNN must beat this, not only the bare per-cell model, on a scenario where shape matters.
import { bandsOf } from '../dataset/cells';
import { ProspectError, type GridStack } from '../types';
import { fitLogisticCells, type FittedCellModel } from './cell-models';
import type { CellFeatures, CellTrainingSet } from './cell-features';

/** For each row offset dy in [-R, R] of a disc of radius r (cells, any value >= 0): the half-width of its run. */
export function discRuns(r: number): { dy: number; half: number }[] {
  if (!(Number.isFinite(r) && r >= 0)) throw new ProspectError(`A neighbourhood radius must be a finite number of cells >= 0, got ${r}.`, 'BAD_OPTION', { column: 'radius' });
  const R = Math.floor(r);
  const out: { dy: number; half: number }[] = [];
  for (let dy = -R; dy <= R; dy++) out.push({ dy, half: Math.floor(Math.sqrt(r * r - dy * dy) + 1e-9) });
  return out;
}

/** Per-row prefix sums of the valid values and of their count (float64; NaN counts as absent). */
function rowPrefix(band: Float32Array, width: number, height: number) {
  const W1 = width + 1;
  const sum = new Float64Array(W1 * height);
  const cnt = new Float64Array(W1 * height);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const v = band[r * width + c];
      const ok = !Number.isNaN(v);
      sum[r * W1 + c + 1] = sum[r * W1 + c] + (ok ? v : 0);
      cnt[r * W1 + c + 1] = cnt[r * W1 + c] + (ok ? 1 : 0);
    }
  }
  return { sum, cnt, W1 };
}

/** Sum and count of the valid cells of the disc of radius r around every cell (clipped at the grid's edge). */
function discTotals(band: Float32Array, width: number, height: number, r: number) {
  const { sum, cnt, W1 } = rowPrefix(band, width, height);
  const runs = discRuns(r);
  const s = new Float64Array(width * height);
  const n = new Float64Array(width * height);
  // One run per row offset: O(cells x (2r + 1)) instead of O(cells x r^2).
  for (let row = 0; row < height; row++) {
    for (const { dy, half } of runs) {
      const rr = row + dy;
      if (rr < 0 || rr >= height) continue;
      const base = rr * W1;
      for (let c = 0; c < width; c++) {
        const c0 = Math.max(0, c - half);
        const c1 = Math.min(width, c + half + 1);
        s[row * width + c] += sum[base + c1] - sum[base + c0];
        n[row * width + c] += cnt[base + c1] - cnt[base + c0];
      }
    }
  }
  return { s, n };
}

function checkBand(band: Float32Array, width: number, height: number): void {
  if (band.length !== width * height) throw new ProspectError(`A band of ${band.length} cells for a ${width} x ${height} grid.`, 'GRID_SHAPE');
}

/**
 * Mean of the valid cells within Euclidean distance r (cells) of each cell, the cell included. NaN where the cell
 * itself is NaN, so nodata never gains a value.
 */
export function discMean(band: Float32Array, width: number, height: number, r: number): Float32Array {
  checkBand(band, width, height);
  return meanOfTotals(band, discTotals(band, width, height, r));
}

type Totals = ReturnType<typeof discTotals>;

function meanOfTotals(band: Float32Array, a: Totals, b?: Totals): Float32Array {
  return Float32Array.from(band, (v, i) => {
    const n = b ? a.n[i] - b.n[i] : a.n[i];
    return Number.isNaN(v) || n === 0 ? NaN : (b ? a.s[i] - b.s[i] : a.s[i]) / n;
  });
}

/**
 * Mean of the valid cells at distance d with inner < d <= outer (cells) from each cell. NaN where the cell is NaN or
 * the annulus holds no valid cell.
 */
export function annulusMean(band: Float32Array, width: number, height: number, inner: number, outer: number): Float32Array {
  checkBand(band, width, height);
  if (!(outer > inner)) throw new ProspectError(`An annulus needs its outer radius above its inner one, got ${inner} and ${outer}.`, 'BAD_OPTION', { column: 'radius' });
  return meanOfTotals(band, discTotals(band, width, height, outer), discTotals(band, width, height, inner));
}

/**
 * The features of every cell: each element's z value, its disc mean within radii[0], and its annulus means between
 * consecutive radii (cells, strictly increasing). E.g. radii [3, 8, 16]: z, disc r3, ring 3-8, ring 8-16 per element.
 * The result has the shape of cellFeatures', so every per-cell model fits on it.
 */
export function neighbourhoodFeatures(stack: GridStack, elements: string[], radii: number[]): CellFeatures {
  if (elements.length === 0) throw new ProspectError('Neighbourhood features need at least one element.', 'EMPTY_SELECTION');
  if (radii.length === 0 || radii.some((r, k) => !(r > 0) || (k > 0 && !(r > radii[k - 1])))) {
    throw new ProspectError(`Neighbourhood radii must be positive and increasing, got ${radii.join(', ')}.`, 'BAD_OPTION', { column: 'radii' });
  }
  const { width, height } = stack.spec;
  const bands = bandsOf(stack, elements);
  const names = [...elements];
  const columns = [...bands];
  elements.forEach((e, k) => {
    // Each disc's totals once: an annulus is the difference of two of them (the same sums annulusMean makes).
    const totals = radii.map((r) => discTotals(bands[k], width, height, r));
    names.push(`${e}@disc${radii[0]}`);
    columns.push(meanOfTotals(bands[k], totals[0]));
    for (let j = 1; j < radii.length; j++) {
      names.push(`${e}@ring${radii[j - 1]}-${radii[j]}`);
      columns.push(meanOfTotals(bands[k], totals[j], totals[j - 1]));
    }
  });
  return { width, height, elements: [...elements], names, columns, radius: radii[radii.length - 1] };
}

export interface NeighbourhoodModel extends Omit<FittedCellModel, 'kind'> {
  kind: 'neighbourhood-logistic';
}

/** L2 logistic regression (the per-cell logistic's fit) on neighbourhood features; the map holds the log-odds. */
export function fitNeighbourhoodLogistic(features: CellFeatures, train: CellTrainingSet, { l2 = 1 }: { l2?: number } = {}): NeighbourhoodModel {
  const m = fitLogisticCells(features, train, { l2 });
  return { ...m, kind: 'neighbourhood-logistic', label: `Logistic regression on z values and disc/annulus means (${features.names.length} features; L2 ${l2}; map = log-odds)` };
}
