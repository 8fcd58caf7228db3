// What the data-quality gate knows about each element and campaign: plain data, stored with the import and read
// by the grid and select steps.
import type { LevellingMethod } from '../vocabulary';

/** Counts over one import's kept samples (or several imports added up). */
export interface ElementQuality {
  element: string;
  /** Kept samples. */
  samples: number;
  /** Real measurements: cells with a number above zero (or zero, where zeros are kept as values). */
  measured: number;
  /** Cells the file marks below detection ('<0.5', a negative detection-limit code, a '<' qualifier column). */
  censored: number;
  /** Exact zeros in the file. */
  zeros: number;
  /** How many of those zeros were read as below detection (samples/censoring.ts: a limit stated elsewhere, or more than 5% zeros). */
  zerosCensored: number;
  sentinel: number;
  missing: number;
  /** measured / samples. */
  coverage: number;
  /** Detection limits stated in the column, in ppm, ascending (at most 12). */
  detectionLimits: number[];
  /** Warnings of a step in level between spatially adjacent campaigns. */
  campaignSteps: CampaignStep[];
}

/** One element within one campaign. */
export interface CampaignElementStats {
  element: string;
  /** Kept samples of the campaign. */
  count: number;
  measured: number;
  /** (censored + zeros read as censored) / count. */
  censoredShare: number;
  /** (sentinel + missing) / count: the campaign did not analyse the element. */
  notAnalysedShare: number;
  /** Median of the measured values, ppm; null when none. */
  median: number | null;
  /** Detection limits stated by the campaign, ppm, ascending (at most 12). */
  detectionLimits: number[];
}

export interface CampaignSummary {
  campaign: string;
  samples: number;
  elements: CampaignElementStats[];
}

/**
 * A level step between two campaigns that sample the same ground. Both sides are the samples of one campaign that
 * lie within `radius` of a sample of the other; they are compared with a two-sided Mann-Whitney test on the values
 * (censored values at their substitutes) and by the ratio of their medians.
 */
export interface CampaignStep {
  element: string;
  a: string;
  b: string;
  /** Boundary samples on each side. */
  nA: number;
  nB: number;
  medianA: number;
  medianB: number;
  /** medianA / medianB. */
  ratio: number;
  p: number;
  radius: number;
}

export interface CampaignReport {
  /** The column read as the campaign, or null when none was found or given. */
  column: string | null;
  /** How the column was chosen: 'given', or the name rule that matched. */
  how: string;
  campaigns: CampaignSummary[];
  steps: CampaignStep[];
  /** Campaign pairs that share ground and were tested, with the distance used. */
  tested: { a: string; b: string; nA: number; nB: number }[];
  radius: number | null;
  notes: string[];
}

/** What levelling by campaign did to the sample values before gridding. */
export interface LevellingSummary {
  method: LevellingMethod;
  /** Campaigns of the gridded samples ('(none)': samples without one), with their sample counts. */
  campaigns: { campaign: string; samples: number }[];
  /** Elements levelled in at least one campaign. */
  elements: string[];
  notes: string[];
}
