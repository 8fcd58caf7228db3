// What each step of the pipeline returns and stores as its run's metrics: one named type per result, shared by the
// steps, the report, the CLI and (through src-preload/contract.ts) the renderer. Types only, importing nothing that
// pulls in Node, tfjs or SQLite, so the renderer's type check can read them.
import type { EvaluateConfig, GridConfig, PredictConfig, SelectConfig } from './config-types';
import type {
  AucInterval, CaptureShare, CellCalibration, CoincidentGroup, ConfusionMatrix, DatasetEvidence, DepositAccount, DifferenceInterval, ElementSelectionRow,
  MapRatePoint, PaIntersection, PairComparison, RateCurve, TargetTile, Window,
} from './result-parts';
import type { CampaignReport, ElementQuality, LevellingSummary } from './quality/types';
import type { DeliveredTargets } from './targets-types';
import type { Extent, ExtentTuple, GridSpec } from './types';
import type { TypeFilterReport } from './result-parts';
import type { Arch, BackendChoice, BandTransform, CensoredRule, ClassWeights, DuplicateRule, LevellingMethod, SelectionCriterion, StepName, Unit } from './vocabulary';

export type { StepName };

/** An extent as corner coordinates (kept as a name for older imports: it is the one Extent of types.ts). */
export type BoxExtent = Extent;

/** A column's unit in the file (values are converted from it to ppm). */
export type SampleUnit = Unit;

/** What was done to one element's column over the kept samples. */
export interface SampleElementReport {
  element: string;
  column: string;
  unitOriginal: SampleUnit;
  censored: number;
  missing: number;
  sentinel: number;
  /** Censored values coded as negative numbers (included in `censored`). */
  negativeDL: number;
  /** Kept samples with a value (substituted censored values included). */
  kept: number;
  zeros: number;
  /** Zeros read as below detection (a limit stated elsewhere in the column, or more than 5% zeros: samples/censoring.ts). */
  zerosCensored: number;
  flagColumn?: string;
}

/** The sample import's report, as the core stores it with the import and the app shows it. */
export interface SampleImportReport {
  file: string;
  format: 'csv' | 'xlsx';
  encoding: string;
  delimiter: string;
  decimalComma: boolean;
  headerRow: number;
  sheet?: string;
  rowsRead: number;
  rowsKept: number;
  duplicatesExact: number;
  /** Rows sharing coordinates with an earlier kept row but with different values. */
  duplicateCoordinates: number;
  duplicateCoordinatesRule: DuplicateRule;
  badCoordinates: number;
  outside: number;
  shortRowsSkipped: number;
  longRowsSkipped: number;
  crs: string;
  targetCrs: string;
  /** Extents in the file's CRS and in the target CRS. */
  reprojection: { from: string; to: string; source: Extent | null; target: Extent | null };
  /** Substitute for below-detection values: DL/2, DL/sqrt(2) or 0.65 DL. */
  censoredRule: CensoredRule;
  x: string;
  y: string;
  perElement: SampleElementReport[];
  /** Coverage and censoring per element (the grid step's gate reads these). */
  quality: ElementQuality[];
  campaigns: CampaignReport;
  notes: string[];
  /** Level steps between campaigns, low coverage: what to look at before gridding. */
  warnings: string[];
}

/** The grid step: IDW of every element that has enough samples onto one grid. */
export interface GridResult {
  elements: string[];
  /** Elements left out, with the number of valid samples they had. */
  skipped: { element: string; valid: number }[];
  /** Elements left out by the data-quality gate (coverage below grid.minCoverage), with the reason. */
  excluded: { element: string; reason: string }[];
  /** Gridded elements to look at (forced past the gate, level steps between campaigns); no element: the whole grid. */
  warnings: { element?: string; message: string }[];
  /** Levelling by campaign before IDW; null when the samples carry no campaign. */
  levelling: LevellingSummary | null;
  /** The campaigns the samples were restricted to (grid.campaigns); absent: all samples. */
  campaigns?: string[];
  width: number;
  height: number;
  cellX: number;
  cellY: number;
  crs: string;
  extent: ExtentTuple;
  /** Samples interpolated (those of the chosen campaigns when restricted). */
  samples: number;
  validCells: number;
  /** The IDW search radius used, where it came from and why (absent in runs stored before it was chosen from the data). */
  searchRadius?: DatasetChoice;
  seconds: number;
}

/** A grid stack imported from GeoTIFFs stands in for the grid step. */
export interface GridImportResult {
  dir: string;
  files: string[];
  elements: string[];
  width: number;
  height: number;
  cellX: number;
  cellY: number;
  crs: string;
  transform: BandTransform;
}

export type SelectionRow = ElementSelectionRow;

export interface SelectResult {
  selected: string[];
  threshold: number;
  /** The test behind `selected` and its settings (absent in runs stored before they existed: the paper's ZAUC). */
  criterion?: SelectionCriterion;
  holm?: boolean;
  minDeposits?: number;
  /** Elements never offered or never selected, with why: not gridded (data-quality gate) or excluded (select.exclude). */
  excluded?: { element: string; reason: string }[];
  /** Set when selection ran below minDeposits deposit cells because elements were forced. */
  warning?: string;
  /** Deposit cells the AUCs were measured against. */
  deposits: number;
  /** Every deposit accounted for: the cells they make, and those left out (same cell, unsurveyed cell) with the reason. */
  depositAccount?: DepositAccount;
  /** Set when no element passed and the strongest were taken instead: what was done and why. */
  fallback?: string;
  /** Every element, in grid order (the store returns them ranked by ZAUC). */
  rows?: SelectionRow[];
}

/** A dataset window with the fold it was given (-1 = dropped at a fold border). */
export interface StoredWindow extends Window { fold: number }

/** One dataset setting as used, where it came from and why. */
export interface DatasetChoice {
  setting: string;
  value: number;
  source: 'data' | 'configuration';
  reason: string;
}

/** The dataset settings the step ran with ('auto' resolved). */
export interface ResolvedDataset {
  windowSize: number;
  cropSize: number;
  slideFraction: number;
  negativeMinDistanceWindows: number;
  folds: number;
  foldBuffer: number;
  denseStrideFraction: number;
  nPositive: number;
  nNegative: number;
  choices: DatasetChoice[];
}

/** Something about the folds worth telling the user ('error': the fold set is unfit for CV). */
export interface FoldIssue {
  code: string;
  severity: 'error' | 'warning';
  fold?: number;
  message: string;
}

export interface DatasetResult {
  elements: string[];
  /** Every setting as used, with its source and reason. */
  settings?: ResolvedDataset;
  /** What the data-driven choice measured (cell size, sample spacing, variogram, deposit clusters). */
  evidence?: DatasetEvidence;
  problems?: FoldIssue[];
  depositsPerFold?: number[];
  /** Deposits outside the surveyed cells of the selected elements, left out of the windows and folds. */
  depositsOffSurvey?: { ids: string[]; reason: string };
  windowSize: number;
  cropSize: number;
  positives: number;
  negatives: number;
  requested: { positive: number; negative: number };
  shortfall: { positive: number; negative: number };
  folds: number;
  foldBuffer: number;
  droppedByFolds: number;
  positivesPerFold: number[];
  negativesPerFold: number[];
}

export interface EpochRecord {
  epoch: number;
  lr: number;
  loss: number;
  accuracy: number;
  valLoss: number | null;
  valAccuracy: number | null;
  seconds: number;
  imagesPerSecond: number;
}

/** What a WebGPU adapter says about itself, stored with each run that used it. */
export interface AdapterInfo {
  vendor: string;
  architecture: string;
  description: string;
  /** A software adapter (SwiftShader, llvmpipe, WARP) or Dawn's fallback adapter. */
  software: boolean;
  /** Largest buffer and storage binding the device accepts (bytes): they bound the micro-batch. */
  maxBufferSize: number;
  maxStorageBufferBindingSize: number;
}

export interface TrainResult {
  arch: Arch;
  backend: string;
  backendProvider?: string;
  backendThreads?: number;
  backendReasons?: string[];
  /** The WebGPU adapter when the run trained on webgpu. */
  backendAdapter?: AdapterInfo | null;
  epochs: number;
  resumedFromEpoch?: number | null;
  batchSize: number;
  microBatch: number;
  accumulationSteps: number;
  notes?: string[];
  trainWindows: number;
  validationWindows: number;
  /** null: refitted on every window (the deployed model is the cross-validated procedure on all the data). */
  validationFold: number | null;
  finalLoss?: number;
  finalAccuracy?: number;
  valLoss?: number | null;
  valAccuracy?: number | null;
  seconds: number;
  imagesPerSecond: number;
  history: EpochRecord[];
  /** What the validation history says is wrong (flat accuracy, one class predicted), in plain words; empty when nothing. */
  warnings?: string[];
}

/** A predicted tile: the target fields plus the 0/1 call at the prediction threshold (null: outside the survey). */
export interface TileResult extends TargetTile {
  predicted: number | null;
  /** Mean of the scores of the windows that scored the tile (prob is their maximum). Absent in older files. */
  probMean?: number | null;
  /** How the tile was scored: 'lattice' windows centred in it, one 'centred' window, or 'none' could be placed. */
  scoredBy?: { how: 'lattice' | 'centred' | 'none'; windows: number };
}

export interface PredictResult {
  modelId: number;
  modelSource: string;
  arch: string;
  elements: string[];
  backend: string;
  tiles: number;
  tilesPredicted: number;
  /** Windows the model scored (tiles and dense map share them). */
  windowsScored?: number;
  tileRows: number;
  tileCols: number;
  threshold: number;
  predictedTargets: number[];
  confirmed: number[];
  newTargets: number[];
  dense: boolean;
  labelsKnown: boolean;
}

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
  /**
   * Valid cells of the fold's held-out block after the buffer and the footprints around other known deposits; nCells
   * is fewer when the background was drawn from it (sampled). Absent in runs scored on the held-out windows.
   */
  blockCells?: number;
  sampled?: boolean;
  /** Held-out deposits the buffer or a footprint removed from the block (not scored). */
  lostDeposits?: string[];
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
  /**
   * Share of held-out deposits in the best 1, 5, 10 and 20% of their own fold's held-out block ("0.01" ... "0.2"),
   * pooled over folds, with cluster-t intervals. Absent when the AUC is undefined and in older runs.
   */
  captureAt?: Record<string, CaptureShare>;
  /** Pooled prediction-rate curve: share of held-out deposits captured against share of held-out area. */
  curve: MapRatePoint[];
  perFold: MapFoldScore[];
}

/** The plain answer: which map is best held out, whether it beats the simplest map and chance, which map to deliver. */
export interface Verdict {
  sentence: string;
  /** The model with the highest pooled held-out map AUC. */
  bestModel: string | null;
  /** AUC(best) - AUC(best single element) on the same deposits, paired cluster-t; null when best is that element. */
  bestVsSimplest?: PairComparison | null;
  /** true: the best map beats the simplest beyond the interval; null: it is the simplest, or nothing to compare. */
  bestBeatsSimplest?: boolean | null;
  /** The best map's AUC - 0.5 with its cluster-t interval: distinguishable from chance when lo > 0. */
  bestVsChance?: { difference: number; lo: number; hi: number; method: string; units: number } | null;
  /**
   * The map the targets should come from and why: the best map when trust is 'act', otherwise the simplest (the best
   * single element's grid). Absent in runs made before it existed.
   */
  deliveredMap?: { model: string; kind: MapModelKind; label: string; reason: string } | null;
  /** The model the stored target areas actually come from (the deployed CNN until other maps are delivered). */
  targetsFrom?: string;
  cnnVsBestElement: DifferenceInterval | null;
  /** true: beyond the interval; false: not; null: undefined (a fold lacks a class, or no CNN map). */
  cnnBeatsBestElement: boolean | null;
  /**
   * What the targets may be used for, for screens and files that list them: 'act' (the best held-out map beats chance
   * and the best single element beyond their intervals), 'element' (no better than one element's grid: map that),
   * 'chance' (the best map's own interval reaches 0.5: do not act on it), 'unknown' (no verdict). Before the verdict
   * named the best map (issue 23) these were judged on the CNN map. Absent in runs made before it existed.
   */
  trust?: VerdictTrust;
}
export type VerdictTrust = 'act' | 'element' | 'chance' | 'unknown';

export interface MapEvaluation {
  label: string;
  unit: 'cells';
  /** Folds scored: each fold's held-out block on the valid mask (the held-out windows' cells in older runs). */
  folds: number[];
  models: MapModelEval[];
  verdict: Verdict;
  /**
   * Every pair of models on the same held-out deposits: AUC(model) - AUC(other), model the better-scoring, with a
   * paired Student-t interval over deposit clusters (evaluation/cluster-t.ts). Absent in runs made before it existed.
   */
  pairs?: PairComparison[];
  /** Cells within which deposits form one cluster for the intervals: the fold distance (window + fold buffer). */
  clusterDistance?: number;
  /**
   * Per model: its fold maps calibrated on the out-of-fold values at the held-out blocks' cells (no prior shift),
   * with a cross-fitted reliability curve on cells; a score below 15 held-out deposits (evaluation/cell-calibration.ts).
   */
  calibrations?: Record<string, CellCalibration>;
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

/** A short row per model for side-by-side tables: pooled held-out accuracy, AUC, recall of ore, macro F1. */
export interface ComparisonRow { model: string; protocol: string; accuracy: number; auc: number | null; recall: number; macroF1: number; n: number }

export interface BaselineSummary extends Omit<BinaryScores, 'roc'> {
  roc?: undefined;
  meanOverFolds: ModelCv['meanOverFolds'];
}

export interface EvaluationCurves {
  successRate?: RateCurve & { label: string };
  predictionRate: (RateCurve & { label: string }) | (PredictionRate) | null;
  paIntersection: PaIntersection;
}

export interface EvaluateResult {
  kind: 'cv';
  /** The plain answer first: the held-out map comparison (null when no map was scored). */
  verdict: Verdict | null;
  paper: ProtocolScores;
  heldOut: ProtocolScores | null;
  cv: CvResult;
  baselines: {
    label: string;
    bestElement: BaselineSummary & { elementPerFold: CvResult['baselines']['bestElement']['elementPerFold'] };
    logistic: BaselineSummary;
  };
  comparison: ComparisonRow[];
  curves: EvaluationCurves | null;
  /** What goes to the field: calibration, target areas with class, uncertainty and drivers (null without a dense map). */
  targets: DeliveredTargets | null;
  predictRunId: number;
  evaluate: EvaluateConfig;
}

/** A model from another study area scored here (the paper's generality check). */
export interface TransferEvaluateResult {
  kind: 'transfer';
  paper: ProtocolScores;
  transfer: ProtocolScores | null;
  curves: EvaluationCurves | null;
  modelSource: string;
  labelsKnown: boolean;
  predictRunId: number;
  note?: string;
}

export type AnyEvaluateResult = EvaluateResult | TransferEvaluateResult;

export interface ExportResult {
  outDir: string;
  /** What happened to the folder: e.g. "replaced 37 files of its own earlier export in DIR". */
  note?: string;
  /** The paper's tile targets (tile numbers) and those without a known deposit. */
  targets: number[];
  newTargets: number[];
  files: string[];
  /** The delivered target areas, when the evaluation made them. */
  targetAreas?: { total: number; greenfield: number; scoreKind: 'probability' | 'score' };
  /** The verdict the target files carry, the areas kept for the field (minimum area) and the map sheet written. */
  field?: {
    verdict: { trust: VerdictTrust; sentence: string };
    areas: { kept: number; dropped: number; droppedKm2: number; minimumKm2: number; minimumReason: string } | null;
    mapSheet: string | null;
  };
}

/** The metrics each step stores with its run. */
export interface StepResults {
  grid: GridResult | GridImportResult;
  select: SelectResult;
  dataset: DatasetResult;
  train: TrainResult;
  predict: PredictResult;
  evaluate: AnyEvaluateResult;
  export: ExportResult;
}

/** What running a step returns: the run rows it wrote, its typed result and the files it wrote. */
export interface StepOutcome<S extends StepName = StepName> {
  step: S;
  runIds: number[];
  summary: StepResults[S];
  files: string[];
}

/** Where one step stands in a project, with its stored result. */
export type StepState = { [S in StepName]: { step: S; done: boolean; runId?: number; finishedAt?: string; summary?: StepResults[S] } }[StepName];

/** The grid step's parameters: the IDW settings and the grid as planned. */
export interface GridParams {
  imported?: undefined;
  power: number;
  maxPoints: number;
  radius: number;
  minPoints?: number;
  transform: BandTransform;
  size?: GridConfig['size'];
  cellSize?: number;
  extent: ExtentTuple;
  minCoverage: number;
  levelling: LevellingMethod;
  campaigns?: string[];
}

/** A grid stack imported from GeoTIFFs in place of the grid step: the folder and the transform applied. */
export interface GridImportParams {
  imported: string;
  transform: BandTransform;
}

/**
 * The dataset step's parameters: the configuration with every 'auto' resolved. Files from before the data-driven
 * settings lack denseStrideFraction, foldBuffer and choices (the readers then fall back to the configuration).
 */
export type DatasetParams = Omit<ResolvedDataset, 'denseStrideFraction' | 'foldBuffer' | 'choices'>
  & Partial<Pick<ResolvedDataset, 'denseStrideFraction' | 'foldBuffer' | 'choices'>>;

/** The train step's parameters: the training engine's configuration and what it trained on. */
export interface TrainParams {
  arch: Arch;
  inputSize: number;
  epochs: number;
  batchSize: number;
  microBatch?: number;
  lr: number;
  lrStep?: { every: number; factor: number };
  momentum?: number;
  weightDecay?: number;
  classWeights?: ClassWeights | [number, number];
  earlyStopping?: { patience: number; minDelta?: number };
  seed: number;
  augment?: { flips: boolean; randomCrop: boolean };
  backend?: BackendChoice;
  workers?: number | 'auto';
  datasetRunId: number;
  /** The fold held out while training; null: refitted on every window. */
  validationFold: number | null;
  elements: string[];
  windowSize: number;
}

/** The predict step's parameters: the prediction settings and the model it ran. */
export type PredictParams = PredictConfig & {
  modelId: number;
  /** The project file the model was trained in (this one, or another study area's). */
  modelSource: string;
};

/** The evaluate step's parameters: a cross-validation of this area's procedure, or a model from another area scored here. */
export type EvaluateParams =
  | (Partial<EvaluateConfig> & { threshold: number; validationFold: number | null; trainArch: Arch; trainEpochs: number; modelSource?: undefined })
  | { threshold: number; modelSource: string };

export interface ExportParams {
  outDir: string;
}

/** The parameters each step stores with its run. */
export interface StepParams {
  grid: GridParams | GridImportParams;
  select: SelectConfig;
  dataset: DatasetParams;
  train: TrainParams;
  predict: PredictParams;
  evaluate: EvaluateParams;
  export: ExportParams;
}

/** What one stored run of each step holds: its parameters and its result. */
export type StoredRuns = { [S in StepName]: { params: StepParams[S]; result: StepResults[S] } };

/** The view of one stored run that the app and the CLI read. */
export interface RunView<S extends StepName = StepName> {
  step: S;
  runId: number;
  params: StepParams[S];
  metrics: StepResults[S] | null;
  backend: string | null;
}

/** A stored run of any step, discriminated by `step`. */
export type AnyRunView = { [S in StepName]: RunView<S> }[StepName];

/** The outcome of one of the steps S, discriminated by `step` (a union when S is). */
export type OutcomeOf<S extends StepName> = { [K in S]: StepOutcome<K> }[S];

/** What running any step returns, discriminated by `step`. */
export type AnyStepOutcome = OutcomeOf<StepName>;

export type { GridSpec };

/** The deposit import's report, as the core stores it with the import and the app shows it. */
export interface DepositReport {
  file: string;
  format: 'csv' | 'xlsx' | 'geojson' | 'shapefile' | 'geopackage';
  /** The layer read from a GeoPackage or shapefile. */
  layer?: string;
  count: number;
  crs: string;
  targetCrs: string;
  /** The coordinate fields used ('geometry' for GeoJSON and shapefiles). */
  x: string;
  y: string;
  nameColumn?: string;
  idColumn?: string;
  /** The site-type filter and how many rows it dropped. */
  typeFilter?: TypeFilterReport;
  /** Deposits at one coordinate or a few metres apart: each group counts as one deposit on any grid. */
  coincident?: CoincidentGroup[];
  notes: string[];
}

/** What an import of each kind reports. */
export type AnyImportReport = SampleImportReport | DepositReport | GridImportResult;

/** An import's stored id and its report. */
export interface ImportOutcome<R extends AnyImportReport = AnyImportReport> { importId: number; report: R }
