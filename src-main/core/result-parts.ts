// The shapes the domain folders compute that the stored results are made of (windows, AUC statistics, intervals,
// curves, tiles, the dataset's evidence). Types only, importing nothing but other types-only modules: results.ts and,
// through it, the IPC contract read them without pulling the code that computes them into the renderer's type check.
// Each domain module re-exports the shapes it computes, so its callers import them where they always did.
import type { SelectionCriterion } from './vocabulary';
import type { Extent } from './types';
import type { Calibration, ReliabilityCurve } from './targets-types';

export interface Window {
  /** Top-left cell. Sampled and scored windows lie inside the grid (windowRule); extractWindows still pads any that do not. */
  row: number;
  col: number;
  size: number;
  label: 0 | 1;
  depositId?: string;
  kind: 'slid-positive' | 'random-negative';
}

/** The measurements the data-driven dataset settings rest on. */
export interface DatasetEvidence {
  cellSize: number;
  sampleSpacing: { metres: number; source: 'samples' | 'cell size' };
  variogram: {
    range: number;
    halfSillLag: number;
    range95: number | null;
    nugget: number;
    sill: number;
    levelled: boolean;
    rangePerBand: { element: string; range: number }[];
  };
  deposits: number;
  clusters: number;
  windowBounds: { lower: number; lowerBy: 'sample spacing' | 'anomaly scale' | 'network input'; fit: number };
}

export interface AucInterval {
  /** The point estimate the interval belongs to. */
  auc: number;
  lo: number;
  hi: number;
  level: number;
  /** Standard deviation of the bootstrap replicates (or DeLong's SE). */
  se: number;
  method: 'bootstrap-deposits' | 'bootstrap-clusters' | 'delong' | 'cluster-t';
  replicates?: number;
  /** Degrees of freedom of the t quantile (cluster-t: clusters - 1). */
  df?: number;
  /** Resampled units: deposits, or clusters of deposits. */
  units?: number;
  seed?: number;
}

export interface DifferenceInterval {
  /** Mean placement of A minus that of B over the same deposits: AUC(A) - AUC(B). */
  difference: number;
  lo: number;
  hi: number;
  level: number;
  /** Share of replicates in which A's AUC is not above B's: a one-sided bootstrap p for "A beats B". */
  pNotBetter: number;
  units: number;
  replicates: number;
  seed: number;
  /** How the interval was formed: absent for the percentile bootstrap of older runs. */
  method?: 'bootstrap' | 'cluster-t';
}

export interface MapRatePoint {
  /** Share of the region's valid cells scoring at least the threshold. */
  areaShare: number;
  /** Share of the region's deposit cells scoring at least the threshold. */
  depositShare: number;
}

/** [[tn, fp], [fn, tp]]: row = true class (0, 1), column = predicted class (0, 1), as sklearn's confusion_matrix. */
export type ConfusionMatrix = [[number, number], [number, number]];

export interface RateCurve {
  /** Per deposit, best score first: the share of the surveyed area with a score >= the deposit's cell score. */
  areaShare: number[];
  /** Share of deposits captured at that area share (i / n). */
  depositShare: number[];
  /** Area under the capture curve: mean over deposits of 1 - areaShare (0.5 = no better than chance). */
  auc: number;
  nDeposits: number;
  /** Deposits whose cell is outside the mask or has no score; they count as never captured. */
  nMissed: number;
  nCells: number;
}

export interface PaIntersection {
  /** The score threshold where the prediction rate meets the remaining area share. */
  threshold: number;
  /** Share of deposits with a score >= threshold. */
  predictionRate: number;
  /** Share of the surveyed area with a score >= threshold (1 - this = the P-A plot's area curve). */
  areaShare: number;
}

/** The fields of a predicted tile that targets need (predict-step's TileResult has them all). */
export interface TargetTile {
  number: number;
  tileRow: number;
  tileCol: number;
  row0: number; col0: number; rows: number; cols: number;
  extent: Extent;
  validFraction: number;
  label: number;
  prob: number | null;
  deposits: string[];
}

export interface TargetDriver { element: string; meanZ: number }

export interface Target {
  rank: number;
  tile: number;
  /** 1-based row and column of the tile in the tiling. */
  tileRow: number;
  tileCol: number;
  probability: number;
  kind: 'confirmation' | 'new-target';
  knownDeposits: string[];
  /** Area of the tile, and of its surveyed (valid) part, in km^2 (CRS units are metres). */
  areaKm2: number;
  surveyedAreaKm2: number;
  extent: Extent;
  /** Selected elements with the highest mean z-score over the tile's valid cells, highest first. */
  drivers: TargetDriver[];
}

export interface AucStats {
  auc: number;
  /** Hanley-McNeil SE at the observed AUC (the paper's). */
  se: number;
  /** (AUC - 0.5) / SE: how many standard errors the AUC sits from chance (the paper's ZAUC). */
  zauc: number;
  /** Two-sided p-value of zauc under the normal approximation. */
  p: number;
  /**
   * (AUC - 0.5) / SE0 with SE0 the spread of the AUC when the element carries no signal (nullSE): the Mann-Whitney
   * test. The paper's zauc divides by the SE at the observed AUC, which shrinks as the AUC nears 1, so few deposits
   * at a high AUC look significant when they are not.
   */
  zaucNull: number;
  /** Two-sided p-value of zaucNull. */
  pNull: number;
  /** 95% interval auc +- 1.96 SE, clipped to [0, 1]. */
  ci95: [number, number];
  nPos: number;
  nNeg: number;
}

export interface ElementSelectionRow extends AucStats {
  element: string;
  /** Whether the element passes the criterion (and Holm, when asked) in the requested direction. */
  selected: boolean;
  /** AUC >= 0.5: deposits sit on high values; AUC < 0.5: on low values (shown, selected only if two-sided). */
  direction: 'enrichment' | 'depletion';
  /** The test that decided `selected`. */
  criterion?: SelectionCriterion;
  /** Two-sided permutation p-value (criterion 'permutation' only). */
  pPermutation?: number;
  /**
   * p of the deposit pattern moved rigidly over the grid (criterion 'shift' only, shift-null.ts): one-sided for
   * enrichment, or twice the smaller one-sided p with twoSided.
   */
  pShift?: number;
  /** Moves behind pShift. */
  shifts?: number;
  /** Holm-adjusted p of the criterion's test over all elements (holm only). */
  pHolm?: number;
  /** Set when selection ran below the minimum number of deposit cells because the caller allowed it. */
  warning?: string;
  /**
   * Whether the AUC is carried by a survey-campaign boundary: the AUC within the campaigns that hold deposits against
   * the AUC across all (selection/campaign-auc.ts). Absent when the grids do not come from samples with campaigns.
   */
  campaignDriven?: { driven: boolean; aucWithin: number | null; reason: string };
  /** Why the element is never selected (the user's exclusion); absent when it may be. */
  excluded?: string;
  /**
   * How many deposits the AUC rests on: deposits on a cell with a value in this element's grid (several deposits in
   * one cell each count here, once in nPos). Absent in runs stored before it was counted.
   */
  nDeposits?: number;
}

export interface ValueCount { value: string; count: number }

export interface TypeFilterReport {
  column: string;
  /** The types kept, as the file writes them. */
  types: string[];
  kept: number;
  dropped: number;
  /** Every value of the column with its count, before filtering. */
  values: ValueCount[];
}

export interface CoincidentGroup {
  /** The deposits within COINCIDENT_METRES of the first one, in file order. */
  ids: string[];
  /** The largest distance from the first to the others (0: one coordinate). */
  metres: number;
  /** The ids at exactly the first one's coordinate, when more than one and the group also holds nearby ones. */
  atOneCoordinate?: string[];
}

export type LeftOutReason = 'same-cell' | 'unsurveyed';

export interface LeftOutDeposit {
  id: string;
  reason: LeftOutReason;
  /** For 'same-cell': the deposit it is counted with. */
  with?: string;
  why: string;
}

export interface DepositAccount {
  /** Deposits in the project. */
  total: number;
  /** Distinct cells with a value in at least one band that hold a deposit: what the statistics rest on. */
  cells: number;
  /** Deposits on those cells (merged ones included). */
  onSurvey: number;
  /** Every deposit that does not count as a deposit of its own, with the reason. */
  leftOut: LeftOutDeposit[];
  /** One sentence for the report. */
  summary: string;
}

/** A share of held-out deposits (e.g. captured in the best x% of the area) with its interval. */
export interface CaptureShare {
  /** Share of held-out deposits in the best x% of their own fold's held-out block. */
  value: number;
  lo: number;
  hi: number;
}

/** One model against another over the same held-out deposits: AUC(model) - AUC(other) with its interval. */
export interface PairComparison {
  model: string;
  other: string;
  /** Mean over deposits of model's placement minus other's: the difference of their held-out map AUCs. */
  difference: number;
  lo: number;
  hi: number;
  level: number;
  se: number;
  /** 'cluster-t': Student's t with clusters - 1 degrees of freedom on the cluster totals of the paired differences. */
  method: 'cluster-t';
  /** The resampling units: deposit clusters at the fold distance. */
  units: number;
  /** Held-out deposits compared. */
  deposits: number;
  /** 'model' when lo > 0, 'other' when hi < 0, 'neither' otherwise. */
  better: 'model' | 'other' | 'neither';
}

export interface CellCalibration {
  calibration: Calibration;
  /**
   * Cross-fitted reliability on held-out cells (each fold calibrated by the other folds' fit), with counts; for a
   * score, the raw map value against the same cells.
   */
  reliability: ReliabilityCurve | null;
  /** Held-out deposits behind it. */
  deposits: number;
}
