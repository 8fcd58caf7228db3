// Result shapes of the target building blocks (scoring as trained, calibration, uncertainty, occlusion drivers,
// target areas). Types only: the IPC contract and the renderer may import them.
import type { TargetClass } from './vocabulary';
import type { Extent } from './types';

/** How a tile was scored: the dense lattice's windows centred in it, one window centred on it, or not at all. */
export type TileScoring = 'lattice' | 'centred' | 'none';

/** A tile scored by windows of the training size whose centre lies in it. */
export interface TileWindowScore {
  /** The tile's id (1-based in the 12 x 12 tiling). */
  tile: number;
  how: TileScoring;
  /** Windows that scored the tile. */
  windows: number;
  /** Largest and mean window score; null when no window may be placed (edge, nodata). */
  max: number | null;
  mean: number | null;
  /** For 'centred': cells the window had to move to stay inside the grid (0 = centred exactly). */
  offCentre: number;
}

export type CalibrationMethod = 'isotonic' | 'platt' | 'prior-shift' | 'none';

/** Pool-adjacent-violators fit: a non-decreasing piecewise-linear map from score to probability. */
export interface IsotonicFit {
  /** Increasing scores and their fitted probabilities (linear in between, clipped outside). */
  x: number[];
  y: number[];
}

/** Platt scaling on the logit of the score: p = 1 / (1 + exp(-(a * logit(s) + b))). */
export interface PlattFit {
  a: number;
  b: number;
}

/** Shift of the logit from one base rate to another (see calibration.ts). */
export interface PriorShift {
  /** Positive share the scores (or the calibration map's output) correspond to. */
  from: number;
  /** The area's base rate. */
  to: number;
  /** log(to / (1 - to)) - log(from / (1 - from)). */
  logitShift: number;
}

export interface Calibration {
  method: CalibrationMethod;
  /** True when the output may be called a probability; otherwise it is a score and must be labelled so. */
  isProbability: boolean;
  /** Plain sentence: what was fitted on what, and why this method. */
  reason: string;
  nPositive: number;
  nNegative: number;
  isotonic?: IsotonicFit;
  platt?: PlattFit;
  priorShift?: PriorShift;
}

export interface ReliabilityBin {
  lo: number;
  hi: number;
  /** Items whose predicted value falls in the bin, and how many of them are positive. */
  count: number;
  positives: number;
  meanPredicted: number | null;
  observed: number | null;
}

export interface ReliabilityCurve {
  bins: ReliabilityBin[];
  /** Count-weighted mean of |observed - meanPredicted| over the bins. */
  ece: number;
  brier: number;
  n: number;
}

/** One element's effect on a target's score when its channel is replaced by its background value. */
export interface OcclusionDriver {
  element: string;
  /** Mean score of the target's windows, as they are minus with this channel occluded (positive = supports). */
  drop: number;
  occludedScore: number;
}

export interface TargetDrivers {
  target: string;
  windows: number;
  baseScore: number;
  /** Ranked, largest drop first. */
  drivers: OcclusionDriver[];
}

export type { TargetClass };

/** A GeoJSON Polygon or MultiPolygon in the grid's CRS, exterior rings counter-clockwise, holes clockwise. */
export type AreaGeometry =
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] };

export interface TargetArea {
  /** 1-based component id, as in the label raster. */
  id: number;
  /** 1-based rank in the returned list (peak score, then mean score). */
  rank: number;
  class: TargetClass;
  cells: number;
  areaKm2: number;
  peakScore: number;
  meanScore: number;
  /** Mean of the uncertainty map over the area's cells (NaN cells skipped); null without an uncertainty map. */
  meanUncertainty: number | null;
  /** Deposits on the area's cells ('known'). */
  deposits: string[];
  /** Nearest known deposit and its distance from the area's nearest cell, CRS units (null without deposits). */
  nearestDeposit: { id: string; distance: number } | null;
  /** Cell of the peak score, and its centre in map coordinates. */
  peak: { row: number; col: number; x: number; y: number };
  extent: Extent;
  geometry: AreaGeometry;
}

/**
 * How many samples a target's peak rests on (grid/sampling-support.ts): 'thin' when the peak cell's k-th nearest sample
 * lies farther than the survey's sample spacing, i.e. fewer than k samples lie within a spacing of it.
 */
export interface TargetSupport {
  support: 'thin' | 'ok';
  /** The k of the rule. */
  k: number;
  /** Distance from the peak cell's centre to its k-th nearest sample, metres (CRS units). */
  kthSampleM: number;
  /** The sample spacing of the search-radius rule (grid/radius.ts), metres. */
  spacingM: number;
}

/** A target area with the elements the deployed model's score rests on there (occlusion). */
export interface TargetAreaResult extends TargetArea {
  drivers: OcclusionDriver[];
  /** Sampling support at the peak; absent in runs made before it existed. */
  support?: TargetSupport;
}

export interface DeliveredTargets {
  /** The map the targets come from and why (the verdict's deliveredMap); absent in runs made before it existed. */
  map?: { model: string; label: string; reason: string };
  /** 'probability' when the calibration may be called one; 'score' otherwise, and everything says so. */
  scoreKind: 'probability' | 'score';
  calibration: Calibration;
  /** Reliability of the calibrated held-out window predictions before the base-rate shift (in sample for the fit). */
  reliability: ReliabilityCurve | null;
  /** The share of the surveyed area flagged, and the map value that flags it. */
  targetShare: number;
  threshold: number;
  uncertainty: string;
  /** What the sampling-support map is (k and spacing); absent in runs made before it existed. */
  samplingSupport?: string;
  areas: TargetAreaResult[];
}

