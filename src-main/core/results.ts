// What each step of the pipeline returns and stores as its run's metrics: one named type per result, shared by the
// steps, the report, the CLI and (through src-preload/contract.ts) the renderer. Types only, importing nothing that
// pulls in Node, tfjs or SQLite, so the renderer's type check can read them. The step results are composed of the
// domain folders' own result types (re-exported here under their names): results.ts sits above every domain folder,
// and none of them imports it back (docs/architecture.md).
import type { Arch, EvaluateConfig, SelectionCriterion } from './config';
import type { DatasetDefaults } from './dataset/defaults';
import type { PaIntersection, RateCurve } from './evaluation/metrics';
import type { BinaryScores, CvResult, ModelCv, PredictionRate, ProtocolScores, Verdict } from './evaluation/result-types';
import type { TargetTile } from './evaluation/targets';
import type { GridResult } from './grid/plan';
import type { ElementSelectionRow } from './selection/select';
import type { DeliveredTargets } from './targets-types';
import type { AdapterInfo, EpochRecord } from './training/types';
import type { GridSpec } from './types';

export type { BoxExtent, SampleUnit, SampleElementReport, SampleImportReport } from './samples/import-types';

export type StepName = 'grid' | 'select' | 'dataset' | 'train' | 'predict' | 'evaluate' | 'export';

export type { GridResult } from './grid/plan';

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
  transform: 'none' | 'log10' | 'clr';
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
  /** Set when no element passed and the strongest were taken instead: what was done and why. */
  fallback?: string;
  /** Every element, in grid order (the store returns them ranked by ZAUC). */
  rows?: SelectionRow[];
}

export type { StoredWindow } from './dataset/windows';

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
  evidence?: DatasetDefaults['evidence'];
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

export type { EpochRecord, AdapterInfo } from './training/types';

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

export type {
  BinaryScores, ProtocolScores, FoldSelection, FoldResult, ModelCv, PredictionRate, CnnCv, CvResult, MapModelKind, MapFoldScore,
  MapModelEval, Verdict, VerdictTrust, MapEvaluation, RandomCvResult,
} from './evaluation/result-types';

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
  /** The paper's tile targets (tile numbers) and those without a known deposit. */
  targets: number[];
  newTargets: number[];
  files: string[];
  /** The delivered target areas, when the evaluation made them. */
  targetAreas?: { total: number; greenfield: number; scoreKind: 'probability' | 'score' };
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

/** The view of one stored run that the app and the CLI read. */
export interface RunView<S extends StepName = StepName> {
  step: S;
  runId: number;
  params: unknown;
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
