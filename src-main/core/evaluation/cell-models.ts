// Per-cell baseline maps the CNN must beat on held-out regions: the best single element, an additive z-score
// index, a logistic regression and a random forest, all fitted on training cells only and scored on any mask.
import { RandomForestRegression } from 'ml-random-forest';
import { aucFromLabels } from '../selection/auc';
import { ProspectError } from '../types';
import { createRng } from '../util/random';
import { fitLogistic } from './baselines';
import { featureMatrix, type CellFeatures, type CellTrainingSet } from './cell-features';

export type CellModelKind = 'best-element' | 'zscore-index' | 'logistic' | 'random-forest';

export interface FittedCellModel {
  kind: CellModelKind;
  label: string;
  /** What was fitted, for the report. */
  details: Record<string, unknown>;
  /** Score of every cell in mask (higher = more prospective); NaN outside it and where a feature used is NaN. */
  predictMap(mask: Uint8Array): Float32Array;
}

function checkSet(features: CellFeatures, train: CellTrainingSet): void {
  if (train.nPositive === 0 || train.nNegative === 0) {
    throw new ProspectError(`A per-cell model needs deposit cells and background cells to learn from; the training set has ${train.nPositive} and ${train.nNegative}.`, 'ONE_CLASS');
  }
  const n = features.width * features.height;
  for (const c of train.cells) if (c < 0 || c >= n) throw new ProspectError(`Training cell ${c} lies outside the ${features.width} x ${features.height} grid.`, 'DEPOSIT_OUTSIDE', { cell: c });
}

/** Fills mask cells with f(cell); NaN elsewhere. */
function mapOver(features: CellFeatures, mask: Uint8Array, f: (i: number) => number): Float32Array {
  const n = features.width * features.height;
  if (mask.length !== n) throw new ProspectError(`A mask of ${mask.length} cells for a ${features.width} x ${features.height} grid.`, 'GRID_SHAPE');
  const out = new Float32Array(n).fill(NaN);
  for (let i = 0; i < n; i++) if (mask[i]) out[i] = f(i);
  return out;
}

/** Training AUC of one feature column on the training set (deposit cells against the sampled negatives). */
function trainingAuc(features: CellFeatures, train: CellTrainingSet, column: number): number {
  const col = features.columns[column];
  return aucFromLabels(Float64Array.from(train.cells, (c) => col[c]), train.labels);
}

/**
 * (a) The element whose z value separates the training set best, either way (max of AUC and 1 - AUC: a depleted
 * element counts with its sign flipped); its signed z grid is the map.
 */
export function fitBestElementCells(features: CellFeatures, train: CellTrainingSet): FittedCellModel {
  checkSet(features, train);
  let best = { k: 0, auc: NaN, eff: -Infinity };
  features.elements.forEach((_, k) => {
    const auc = trainingAuc(features, train, k);
    const eff = Math.max(auc, 1 - auc);
    if (eff > best.eff) best = { k, auc, eff };
  });
  const sign = best.auc < 0.5 ? -1 : 1;
  const col = features.columns[best.k];
  const element = features.elements[best.k];
  return {
    kind: 'best-element',
    label: `Best single element on the training cells: ${sign < 0 ? '-' : ''}${element} z (training AUC ${best.eff.toFixed(3)})`,
    details: { element, sign, trainAuc: best.auc },
    predictMap: (mask) => mapOver(features, mask, (i) => sign * col[i]),
  };
}

/**
 * (b) Additive index: the mean of the elements' z values, each signed by its direction on the training set
 * (enrichment +1, depletion -1). Cells missing any element get NaN.
 */
export function fitZscoreIndex(features: CellFeatures, train: CellTrainingSet): FittedCellModel {
  checkSet(features, train);
  const signs = features.elements.map((_, k) => (trainingAuc(features, train, k) < 0.5 ? -1 : 1));
  const cols = features.elements.map((_, k) => features.columns[k]);
  return {
    kind: 'zscore-index',
    label: `Additive z-score index of ${features.elements.map((e, k) => (signs[k] < 0 ? `-${e}` : e)).join(' + ')}`,
    details: { elements: features.elements, signs },
    predictMap: (mask) =>
      mapOver(features, mask, (i) => {
        let s = 0;
        for (let k = 0; k < cols.length; k++) s += signs[k] * cols[k][i];
        return s / cols.length;
      }),
  };
}

/**
 * (c) L2-penalised logistic regression (IRLS, C = 1 / l2 on standardised features) on every feature: the elements'
 * z values and their neighbourhood means. The map holds the log-odds: the same ranking as the probability, without
 * the ties float32 probabilities would make above 1 - 6e-8.
 */
export function fitLogisticCells(features: CellFeatures, train: CellTrainingSet, { l2 = 1 }: { l2?: number } = {}): FittedCellModel {
  checkSet(features, train);
  const F = features.columns.length;
  const x = featureMatrix(features, train.cells);
  const m = fitLogistic(x, F, train.labels, Array.from(train.cells, (_, k) => k), { l2 });
  const w = Float64Array.from(m.coef, (c, k) => c / m.sd[k]);
  let b = m.intercept;
  for (let k = 0; k < F; k++) b -= w[k] * m.mean[k];
  const cols = features.columns;
  return {
    kind: 'logistic',
    label: `Logistic regression on ${features.names.join(', ')} (L2 ${l2}; map = log-odds)`,
    details: { features: features.names, coef: Array.from(m.coef), intercept: m.intercept, mean: Array.from(m.mean), sd: Array.from(m.sd), l2, iterations: m.iterations },
    predictMap: (mask) =>
      mapOver(features, mask, (i) => {
        let eta = b;
        for (let k = 0; k < F; k++) eta += w[k] * cols[k][i];
        return eta;
      }),
  };
}

export interface ForestOptions {
  seed: number;
  nEstimators?: number;
  /** Share of the features each tree sees (ml-random-forest bags features per tree). */
  maxFeatures?: number;
  maxDepth?: number;
  /** A node with this many training cells or fewer becomes a leaf. */
  minNumSamples?: number;
  /** The forest learns from a seeded sample of at most this many of the training set's negatives (default 1000). */
  maxNegatives?: number;
}

/** Rows scored per call to the library, so a 3072 x 3072 map never builds one 9-million-row matrix. */
const PREDICT_CHUNK = 20000;

/** The positives and a seeded sample of at most maxNegatives negatives, in the training set's order. */
function forestRows(train: CellTrainingSet, maxNegatives: number, seed: number): number[] {
  const rows = Array.from(train.cells, (_, k) => k);
  const pos = rows.filter((k) => train.labels[k] === 1);
  const neg = rows.filter((k) => train.labels[k] !== 1);
  if (neg.length <= maxNegatives) return rows;
  createRng(seed ^ 0x2545f491).shuffle(neg);
  return [...pos, ...neg.slice(0, maxNegatives).sort((a, b) => a - b)];
}

/**
 * (d) Random forest (ml-random-forest, MIT, pure JS, seeded) on the same features. Regression trees on the 0/1
 * labels: a squared-error split on 0/1 is the Gini split, and the mean of the leaves' means is the averaged class
 * probability of a classification forest, finer-grained than a vote count. Bootstrap samples per tree, half of the
 * features per tree. ml-cart tries every label change of every feature at every node at O(rows) each, so the
 * forest learns from at most 1000 negatives: on Xinjiang (14 features, 23 positive cells) 100 trees take ~3 s on
 * one core with 1000 negatives and ~15 s with 4000.
 */
export function fitRandomForestCells(features: CellFeatures, train: CellTrainingSet, opts: ForestOptions): FittedCellModel {
  checkSet(features, train);
  const { seed, nEstimators = 100, maxFeatures = 0.5, maxDepth = 12, minNumSamples = 5, maxNegatives = 1000 } = opts;
  const F = features.columns.length;
  const rows = forestRows(train, maxNegatives, seed);
  const cells = Int32Array.from(rows, (k) => train.cells[k]);
  const flat = featureMatrix(features, cells);
  const X = Array.from(cells, (_, r) => Array.from(flat.subarray(r * F, (r + 1) * F)));
  const forest = new RandomForestRegression({
    seed: seed | 0, nEstimators, maxFeatures: F === 1 ? 1 : maxFeatures, replacement: false, useSampleBagging: true, noOOB: true,
    selectionMethod: 'mean', treeOptions: { maxDepth, minNumSamples },
  });
  forest.train(X, rows.map((k) => train.labels[k]));
  const cols = features.columns;
  return {
    kind: 'random-forest',
    label: `Random forest (${nEstimators} trees, ml-random-forest) on ${features.names.join(', ')}`,
    details: { features: features.names, nEstimators, maxFeatures, maxDepth, minNumSamples, seed, nPositive: train.nPositive, nNegative: rows.length - train.nPositive },
    predictMap: (mask) => {
      const out = mapOver(features, mask, () => NaN);
      const idx: number[] = [];
      for (let i = 0; i < mask.length; i++) if (mask[i] && cols.every((c) => !Number.isNaN(c[i]))) idx.push(i);
      for (let s = 0; s < idx.length; s += PREDICT_CHUNK) {
        const part = idx.slice(s, s + PREDICT_CHUNK);
        const p = forest.predict(part.map((i) => cols.map((c) => c[i])));
        part.forEach((i, k) => (out[i] = p[k]));
      }
      return out;
    },
  };
}

/** All four baselines on one training set, in the order (a)-(d). */
export function fitCellModels(features: CellFeatures, train: CellTrainingSet, { seed, forest }: { seed: number; forest?: Omit<ForestOptions, 'seed'> }): FittedCellModel[] {
  return [
    fitBestElementCells(features, train),
    fitZscoreIndex(features, train),
    fitLogisticCells(features, train),
    fitRandomForestCells(features, train, { seed, ...forest }),
  ];
}
