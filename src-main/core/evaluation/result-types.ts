// What the evaluation computes and the evaluate step stores as part of its result (re-exported by results.ts, which
// composes the step results from these): types only.
import type { Arch } from '../config';
import type { ElementSelectionRow as SelectionRow } from '../selection/select';
import type { EpochRecord } from '../training/types';
import type { AucInterval, DifferenceInterval } from './intervals';
import type { MapRatePoint } from './map-rate';
import type { ConfusionMatrix } from './metrics';

/** Accuracy, AUC, macro F1, confusion matrix and ROC of scores against 0/1 labels at one threshold. */
export interface BinaryScores {
  n: number;
  nPositive: number;
  nNegative: number;
  accuracy: number;
  /** null when the scored set lacks a class: the AUC is undefined there. */
  auc: number | null;
  macroF1: number;
  precision: [number, number];
  /** recall[1] is the share of ore windows found, the figure a prospector cares about most. */
  recall: [number, number];
  confusion: ConfusionMatrix;
  roc: { fpr: number; tpr: number }[];
  note?: string;
}

/** Scores under one named protocol, with the sentence that says what the protocol holds out (or does not). */
export interface ProtocolScores extends BinaryScores {
  protocol: 'paper-tiles' | 'validation-fold' | 'other-area-model';
  label: string;
  fold?: number;
  /** Paper tiles: share of ore tiles captured against share of valid tiles, tiles taken by decreasing score. */
  successCurve?: [number, number][];
}

export interface FoldSelection {
  fold: number;
  /** Elements the fold's models used: those passing the selection rule on the training folds' deposits. */
  elements: string[];
  /** True when no element passed in this fold and the best ones by training ZAUC were taken instead. */
  fallback: boolean;
  trainingDeposits: string[];
  heldOutDeposits: string[];
  /** Z-score parameters fitted on the training windows' cells (in units of the stored, whole-area z-score). */
  zscore: { element: string; mean: number; sd: number }[];
  rows: Pick<SelectionRow, 'element' | 'auc' | 'se' | 'zauc' | 'p' | 'selected' | 'direction' | 'nPos' | 'nNeg'>[];
}

/** One model's held-out scores on one fold, with the raw predictions so every figure can be recomputed. */
export interface FoldResult extends BinaryScores {
  fold: number;
  /** Indices into the dataset's windows (the full list, dropped ones included). */
  windows: number[];
  labels: number[];
  probs: number[];
  threshold: number;
}

export interface ModelCv {
  model: string;
  label: string;
  perFold: FoldResult[];
  /** Every held-out prediction of every fold scored together. */
  pooled: BinaryScores;
  /** Unweighted mean over folds with both classes (AUC) or with any window (accuracy, F1, recall). */
  meanOverFolds: { accuracy: number; auc: number | null; macroF1: number; recall: number };
}

export interface PredictionRate {
  label: string;
  areaShare: number[];
  depositShare: number[];
  auc: number;
  nDeposits: number;
  nMissed: number;
  perFold: { fold: number; deposits: string[]; areaShare: number[] }[];
}

export interface CnnCv extends ModelCv {
  arch: Arch;
  epochs: number;
  history: { fold: number; records: EpochRecord[] }[];
  seconds: number;
  /**
   * Per held-out deposit, the share of the surveyed area its own fold model scores at least as high as the
   * deposit's cell (dense map of that fold's model), pooled over folds: the prediction-rate curve.
   */
  predictionRate: PredictionRate | null;
}

export interface CvResult {
  protocol: 'blocked-spatial-cv';
  label: string;
  k: number;
  folds: number[];
  /** Windows the fold builder dropped (they touched two folds' regions) and never scored. */
  windowsDropped: number;
  windowsScored: number;
  threshold: number;
  selections: FoldSelection[];
  cnn: CnnCv[];
  baselines: { bestElement: ModelCv & { elementPerFold: { fold: number; element: string; trainAuc: number; threshold: number }[] }; logistic: ModelCv };
  /** Folds that could not be scored or trained, and why. */
  skipped: { fold: number; reason: string }[];
  /** Every model's map on every fold's held-out region: the figures a geologist acts on. */
  map?: MapEvaluation;
  random?: RandomCvResult | null;
}

export type MapModelKind = 'cnn' | 'best-element' | 'zscore-index' | 'logistic' | 'random-forest';

/** One model's map scored on one fold's held-out region (unit: map cells, not windows). */
export interface MapFoldScore {
  fold: number;
  /** ROC AUC of the held-out deposit cells against every other valid cell of the region; null when undefined. */
  auc: number | null;
  interval: AucInterval | null;
  nPositive: number;
  /** Valid cells in the region (the area denominator, the same for every model). */
  nCells: number;
  /** Share of the fold's deposits captured when the best 20% of the region is flagged. */
  captureAt20: number | null;
  /** What the model fitted on this fold's training folds (e.g. the element chosen). */
  fitted: string;
  /** Held-out deposits in region order and their placements (share of the region scored below each). */
  deposits: string[];
  placements: number[];
}

/** One model judged on the map over every fold's held-out region. */
export interface MapModelEval {
  model: string;
  kind: MapModelKind;
  label: string;
  /** Deposit-weighted mean of the fold AUCs; null when any fold lacks a class (never pooled over such folds). */
  mapAuc: number | null;
  /** 95% bootstrap interval over held-out deposits (clusters of nearby deposits resampled together). */
  interval: AucInterval | null;
  meanOverFolds: number | null;
  undefinedReason?: string;
  captureAt20: number | null;
  /** Pooled prediction-rate curve: share of held-out deposits captured against share of held-out area. */
  curve: MapRatePoint[];
  perFold: MapFoldScore[];
}

/** The plain answer: which map is best held out, and whether the CNN beats the best single element. */
export interface Verdict {
  sentence: string;
  bestModel: string | null;
  cnnVsBestElement: DifferenceInterval | null;
  /** true: beyond the interval; false: not; null: undefined (a fold lacks a class, or no CNN map). */
  cnnBeatsBestElement: boolean | null;
  /**
   * What the targets may be used for, for screens and files that list them: 'act' (the CNN map beats chance and the
   * best element beyond their intervals), 'element' (no better than one element's grid: map that), 'chance' (the CNN
   * map's own interval includes 0.5: do not act on it), 'unknown' (no verdict). Absent in runs made before it existed.
   */
  trust?: VerdictTrust;
}
export type VerdictTrust = 'act' | 'element' | 'chance' | 'unknown';

export interface MapEvaluation {
  label: string;
  unit: 'cells';
  /** Held-out regions: each fold's held-out windows' cells on the valid mask. */
  folds: number[];
  models: MapModelEval[];
  verdict: Verdict;
}

/** Random (non-spatial) k-fold CV of the same procedure, shown beside the spatial CV to expose its optimism. */
export interface RandomCvResult {
  label: string;
  k: number;
  /** Window-level pooled AUC per model under random folds, and under the spatial folds for comparison. */
  rows: { model: string; randomAuc: number | null; spatialAuc: number | null }[];
  cnn: ModelCv[];
  baselines: { bestElement: ModelCv; logistic: ModelCv };
}
