// Per-cell features and training cells for the per-cell baseline maps: each selected element's z value and its
// neighbourhood mean, with deposit cells as positives and a seeded sample of other training cells as negatives.
import { bandsOf } from '../dataset/cells';
import { ProspectError, type GridStack } from '../types';
import { createRng } from '../util/random';

export interface CellFeatures {
  width: number;
  height: number;
  elements: string[];
  /** Feature names: the elements' z values, then `<element>@r<radius>` neighbourhood means. */
  names: string[];
  /** One full grid per feature, in `names` order; NaN where the cell has no value. */
  columns: Float32Array[];
  radius: number;
}

/**
 * NaN-aware box mean over the (2 radius + 1)^2 cells around each cell, clipped at the grid edge: the mean of the
 * valid cells in the box (summed-area tables in float64, O(cells) whatever the radius). NaN where the cell itself
 * is NaN, so nodata never gains a value.
 */
export function boxMean(band: Float32Array, width: number, height: number, radius: number): Float32Array {
  if (!(Number.isInteger(radius) && radius >= 0)) throw new ProspectError(`boxMean: the radius must be a whole number of cells >= 0, got ${radius}.`, 'BAD_OPTION', { column: 'radius' });
  if (band.length !== width * height) throw new ProspectError(`boxMean: ${band.length} cells for a ${width} x ${height} grid.`, 'GRID_SHAPE');
  const W1 = width + 1;
  const sum = new Float64Array(W1 * (height + 1));
  const cnt = new Float64Array(W1 * (height + 1));
  for (let r = 0; r < height; r++) {
    let rs = 0;
    let rc = 0;
    for (let c = 0; c < width; c++) {
      const v = band[r * width + c];
      if (!Number.isNaN(v)) (rs += v), rc++;
      sum[(r + 1) * W1 + c + 1] = sum[r * W1 + c + 1] + rs;
      cnt[(r + 1) * W1 + c + 1] = cnt[r * W1 + c + 1] + rc;
    }
  }
  const out = new Float32Array(band.length);
  for (let r = 0; r < height; r++) {
    const r0 = Math.max(0, r - radius);
    const r1 = Math.min(height, r + radius + 1);
    for (let c = 0; c < width; c++) {
      if (Number.isNaN(band[r * width + c])) {
        out[r * width + c] = NaN;
        continue;
      }
      const c0 = Math.max(0, c - radius);
      const c1 = Math.min(width, c + radius + 1);
      const s = sum[r1 * W1 + c1] - sum[r0 * W1 + c1] - sum[r1 * W1 + c0] + sum[r0 * W1 + c0];
      const n = cnt[r1 * W1 + c1] - cnt[r0 * W1 + c1] - cnt[r1 * W1 + c0] + cnt[r0 * W1 + c0];
      out[r * width + c] = s / n;
    }
  }
  return out;
}

/**
 * The features of every cell: each element's z value (the stack as given: z-score it on the training cells first)
 * and its box mean over `radius` cells. radius 0 gives the z values only.
 */
export function cellFeatures(stack: GridStack, elements: string[], { radius = 2 }: { radius?: number } = {}): CellFeatures {
  if (elements.length === 0) throw new ProspectError('Per-cell models need at least one element.', 'EMPTY_SELECTION');
  const { width, height } = stack.spec;
  const bands = bandsOf(stack, elements);
  const names = [...elements];
  const columns = [...bands];
  if (radius > 0) {
    elements.forEach((e, k) => {
      names.push(`${e}@r${radius}`);
      columns.push(boxMean(bands[k], width, height, radius));
    });
  }
  return { width, height, elements: [...elements], names, columns, radius };
}

export interface CellTrainingSet {
  /** Cell indices: positives first, then negatives. */
  cells: Int32Array;
  /** 1 for a positive, 0 for a negative, aligned with cells. */
  labels: Uint8Array;
  nPositive: number;
  nNegative: number;
  /** Training cells that could have been drawn as negatives. */
  nNegativeAvailable: number;
}

export interface TrainingSetOptions {
  seed: number;
  /** Cells within this Euclidean distance (in cells) of a deposit are positives too. Default 0: the deposit cell. */
  bufferRadius?: number;
  /** Negatives drawn without replacement from the other training cells. Default DEFAULT_NEGATIVES. */
  nNegative?: number;
}

/**
 * Default number of negative cells. The maps are scored by rank (AUC), which class balance does not move, so the
 * negatives need only describe the background's feature distribution: 4,000 draws put every background quantile
 * within +-2.2% (the 95% DKW band, sqrt(ln(40) / 8000)), and the logistic fit stays well under a second. The random
 * forest takes a seeded 1,000 of them (its split search is quadratic in rows; see cell-models.ts).
 */
export const DEFAULT_NEGATIVES = 4000;

/**
 * Training cells for a per-cell model. trainMask: 1 for cells the model may learn from (the training folds'
 * valid cells); deposits: cell indices of the training deposits, each inside trainMask. Cells with a NaN feature
 * are never drawn.
 */
export function cellTrainingSet(features: CellFeatures, trainMask: Uint8Array, deposits: ArrayLike<number>, opts: TrainingSetOptions): CellTrainingSet {
  const { width, height, columns } = features;
  const n = width * height;
  if (trainMask.length !== n) throw new ProspectError(`cellTrainingSet: a training mask of ${trainMask.length} cells for a ${width} x ${height} grid.`, 'GRID_SHAPE');
  const usable = Uint8Array.from(trainMask, (m, i) => (m && columns.every((c) => !Number.isNaN(c[i])) ? 1 : 0));
  const radius = opts.bufferRadius ?? 0;
  if (!(radius >= 0)) throw new ProspectError(`The deposit buffer radius must be >= 0 cells, got ${radius}.`, 'BAD_OPTION', { column: 'bufferRadius' });
  const isPos = new Uint8Array(n);
  const reach = Math.floor(radius);
  for (let k = 0; k < deposits.length; k++) {
    const d = deposits[k];
    if (!Number.isInteger(d) || d < 0 || d >= n || !usable[d]) {
      const where = Number.isInteger(d) && d >= 0 && d < n ? ` (row ${Math.floor(d / width)}, column ${d % width})` : '';
      throw new ProspectError(`Training deposit ${k} at cell ${d}${where} is not a valid training cell: pass only deposits inside the training region, on cells with every feature.`, 'DEPOSIT_OUTSIDE', { row: k, cell: d });
    }
    const r = Math.floor(d / width);
    const c = d % width;
    for (let rr = Math.max(0, r - reach); rr <= Math.min(height - 1, r + reach); rr++) {
      for (let cc = Math.max(0, c - reach); cc <= Math.min(width - 1, c + reach); cc++) {
        const i = rr * width + cc;
        if (usable[i] && (rr - r) ** 2 + (cc - c) ** 2 <= radius * radius) isPos[i] = 1;
      }
    }
  }
  const pos: number[] = [];
  const pool: number[] = [];
  for (let i = 0; i < n; i++) {
    if (isPos[i]) pos.push(i);
    else if (usable[i]) pool.push(i);
  }
  const want = Math.min(opts.nNegative ?? DEFAULT_NEGATIVES, pool.length);
  const rng = createRng(opts.seed);
  // Partial Fisher-Yates, then sorted so the set does not depend on draw order downstream.
  for (let i = 0; i < want; i++) {
    const j = i + rng.int(pool.length - i);
    const t = pool[i];
    pool[i] = pool[j];
    pool[j] = t;
  }
  const neg = pool.slice(0, want).sort((a, b) => a - b);
  const cells = Int32Array.from([...pos, ...neg]);
  const labels = Uint8Array.from(cells, (_, k) => (k < pos.length ? 1 : 0));
  return { cells, labels, nPositive: pos.length, nNegative: neg.length, nNegativeAvailable: pool.length };
}

/** Row-major float64 matrix (rows x features) of the given cells. */
export function featureMatrix(features: CellFeatures, cells: ArrayLike<number>, columns?: number[]): Float64Array {
  const cols = columns ?? features.columns.map((_, k) => k);
  const F = cols.length;
  const x = new Float64Array(cells.length * F);
  for (let r = 0; r < cells.length; r++) for (let k = 0; k < F; k++) x[r * F + k] = features.columns[cols[k]][cells[r]];
  return x;
}
