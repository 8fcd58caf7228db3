// The shape of the one configuration that drives every step (the presets and their resolution are in config.ts).
// Types only, so the IPC contract and the renderer's settings can name them.
import type { Arch, BackendChoice, BandTransform, ClassWeights, Lang, LevellingMethod, PresetName, SelectionCriterion } from './vocabulary';
import type { ExtentTuple } from './types';

export interface GridConfig {
  /** Grid size in cells (the paper: 3072 x 3072); when absent, cellSize (metres) or a size proposed from the sample spacing. */
  size?: [number, number];
  cellSize?: number;
  extent?: ExtentTuple;
  /** Margin around the sample extent, metres. */
  margin: number;
  power: number;
  maxPoints: number;
  /**
   * Search radius in metres; cells with no sample within it are nodata (outside the surveyed area). 'auto': twice the
   * sample spacing (grid/radius.ts), with its reason in the grid result.
   */
  radius: Auto<number>;
  minPoints: number;
  transform: BandTransform;
  /** Elements to grid; naming one here also forces it past the coverage gate. */
  elements?: string[];
  /** Least share of real measurements (not censored, zero-as-censored, sentinel or missing) for an element to be gridded. */
  minCoverage: number;
  /** Per-campaign levelling of the sample values before gridding (see quality/levelling.ts). */
  levelling: LevellingMethod;
  /** Grid only samples of these campaigns (all when absent). */
  campaigns?: string[];
}

export interface SelectConfig {
  /** |Z| above which an element is selected (2.58: two-sided 1%, the paper's). */
  threshold: number;
  /**
   * Which test: 'shift' (the default: the whole deposit pattern moved over the grid by random toroidal shifts and
   * rotations, p at the threshold's level, which keeps the deposits' clustering: selection/shift-null.ts),
   * 'zauc-null' (SE under AUC = 0.5: a test of "no association" that treats deposits as independent), 'zauc' (the
   * paper's Hanley-McNeil SE at the observed AUC, lenient with few deposits) or 'permutation' (seeded label
   * permutation p).
   */
  criterion: SelectionCriterion;
  /** Holm correction over the elements tested. */
  holm: boolean;
  /** Fewer deposit cells than this: selection refuses unless elements are forced. */
  minDeposits: number;
  /** Never select these elements (e.g. known survey artefacts). */
  exclude?: string[];
  /**
   * When no element passes, take this many of the strongest enriched elements instead (stated as a fallback in the
   * result), so the held-out evaluation can still say what their map is worth; 0 refuses instead.
   */
  fallback: number;
  /** Keep these elements whatever their ZAUC (the user's override). */
  force?: string[];
  /** Also select significant depletion (AUC < 0.5), off by default as in the paper. */
  twoSided: boolean;
}

/** A value chosen from the data (dataset/defaults.ts) unless the user gives one. */
export type Auto<T> = T | 'auto';

export interface DatasetConfig {
  /** Window size in cells (the paper: 256) and the random crop fed to the network (224). */
  windowSize: Auto<number>;
  cropSize: Auto<number>;
  nPositive: number;
  nNegative: number;
  /** How far a deposit may sit from a slid window's centre, as a fraction of the window. */
  slideFraction: Auto<number>;
  /** Negatives keep this many windows away from every deposit. */
  negativeMinDistanceWindows: Auto<number>;
  folds: Auto<number>;
  /** Least gap in cells between windows of different folds ('auto': from the spatial correlation range). */
  foldBuffer: Auto<number>;
}

export interface TrainConfig {
  arch: Arch;
  epochs: number;
  batchSize: number;
  microBatch?: number;
  lr: number;
  lrStep: { every: number; factor: number };
  momentum: number;
  weightDecay: number;
  classWeights: ClassWeights;
  earlyStoppingPatience?: number;
  backend: BackendChoice;
  /**
   * Which fold is held out while training the deployed model: 'auto' holds none (the model is refitted on every
   * window, as the cross-validation measured it) unless early stopping needs one, then the fold whose share of ore
   * windows is closest to the whole set's, among folds holding both classes. A number holds that fold out.
   */
  validationFold: number | 'auto';
}

export interface PredictConfig {
  tileRows: number;
  tileCols: number;
  threshold: number;
  dense: boolean;
  /** Share of the surveyed area flagged as target areas (default 0.1: a field season's worth, stated, not tuned). */
  targetShare?: number;
  /** Stride of the dense sliding-window map, as a fraction of the window ('auto': the dataset step's choice). */
  denseStrideFraction: Auto<number>;
}

/** Options of the evaluate step. */
export interface EvaluateConfig {
  /** 'cv': blocked spatial CV, every fold held out in turn, selection and z-scores fitted per fold (the default).
   *  'holdout': only the trained model on its validation fold and the baselines on that fold (fast). */
  mode: 'cv' | 'holdout';
  /** Architectures compared on the same folds (the paper's Table 2, held out). Default [train.arch]. */
  archs?: Arch[];
  /** Epochs of each fold model. Default train.epochs. */
  epochs?: number;
  /** CNN input side for the fold models. Default the dataset's crop size. */
  inputSize?: number;
  /** Only these folds. Default all. */
  folds?: number[];
  /** Dense map per fold model for the held-out prediction-rate curve. Default true. */
  dense?: boolean;
  /** Also run the procedure on random (non-spatial) folds, labelled, to show how optimistic that would be. */
  randomCv?: boolean;
}

export interface PipelineConfig {
  preset: PresetName;
  seed: number;
  /** Language of the names in exported QGIS projects and styles. */
  lang?: Lang;
  grid: GridConfig;
  select: SelectConfig;
  dataset: DatasetConfig;
  train: TrainConfig;
  predict: PredictConfig;
  evaluate: Partial<EvaluateConfig>;
}
