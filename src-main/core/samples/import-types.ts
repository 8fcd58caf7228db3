// The sample import's options and results: what the user can choose and what is reported back.
import type { SampleElementReport, SampleImportReport } from '../results';
import type { Extent } from '../types';
import type { SamplePoints } from '../types';
import type { CellFlag, CensoredRule } from './values';
import type { Unit } from './columns';
import type { TableReadOptions } from '../formats/table';

export type { Extent };

export interface SampleImportOptions extends TableReadOptions {
  /** Coordinate columns; guessed from the names when left out. */
  x?: string;
  y?: string;
  /** CRS of the file's coordinates. Default 'auto': EPSG:4326 when every coordinate is a valid lon/lat, else an error. */
  crs?: string | number;
  /** CRS of the result (projected, metres). Default: the file's CRS, or the UTM zone of the samples' median for lon/lat. */
  targetCrs?: string | number;
  /** { element: column } overriding the automatic match, e.g. { Sn: 'Sn_INAA' }. */
  elements?: Record<string, string>;
  /** Elements looked for automatically (default the paper's 16). */
  wanted?: readonly string[];
  /** Units where the header states none or the wrong one, e.g. { Au: 'ppb' }. */
  units?: Record<string, Unit>;
  /** { element: column } of separate '<' qualifier columns, when not found by name. */
  flagColumns?: Record<string, string>;
  sampleId?: string;
  /** Substitute for below-detection values: DL/2 ('half'), DL/sqrt(2) ('sqrt2', default), 0.65*DL ('0.65'). */
  censoredRule?: CensoredRule;
  /** Numbers meaning "no value": one list for all elements or per element (default ±9999, ±99999, ±999999, -999). */
  sentinels?: readonly number[] | Record<string, readonly number[]>;
  /** Detection limits for cells flagged '<' whose value column gives none; default the element's smallest value. */
  detectionLimits?: Record<string, number>;
  /** Extra cell texts meaning "missing". */
  missingTokens?: readonly string[];
  /** Rows identical in coordinates and every analyte column: 'drop' (default) or 'keep'. */
  duplicates?: 'drop' | 'keep';
  /** Rows at the same coordinates with different values: 'keep' (default), 'first', or 'mean' (per element). */
  duplicateCoordinates?: 'keep' | 'first' | 'mean';
  /** In the target CRS: samples outside are reported and left out. */
  extent?: Extent;
  /** Rows with too few fields: 'error' (default) or 'skip' (counted in the report). */
  shortRows?: 'error' | 'skip';
  /** Rows with more non-blank fields than the header: 'error' (default) or 'skip' (counted in the report). */
  longRows?: 'error' | 'skip';
  /** Build the per-row records (default true). Turn off for very large files: they cost ~1 KB a row. */
  keepRecords?: boolean;
  /**
   * The campaign (survey, report, batch, lab job) column; found by name when left out; false: none. Per-campaign
   * statistics and level steps between campaigns are reported, and each sample keeps its campaign.
   */
  campaign?: string | false;
  /**
   * Exact zeros: 'censored' (default) reads a column's zeros as below detection when the column states a detection
   * limit elsewhere, or when at least 3 zeros make more than `zerosShare` of its values or of one campaign's
   * (samples/censoring.ts); they are then substituted like '<' cells of unknown limit. 'value' keeps every zero as 0.
   */
  zeros?: 'censored' | 'value';
  /** The share of zeros above which a column's zeros are read as below detection (default 0.05). */
  zerosShare?: number;
}

export type SampleStatus = 'kept' | 'duplicate' | 'bad-coordinates' | 'outside';

export interface SampleCell {
  element: string;
  /** In ppm, after substitution of below-detection values; null where missing or a sentinel. */
  value: number | null;
  raw: string;
  flag: CellFlag;
  /** The unit of the file's column (the value is converted from it to ppm). */
  unit: Unit;
}

export interface SampleRecord {
  /** Row in the file (text line or sheet row). */
  row: number;
  sampleId?: string;
  /** Projected, target CRS; null when the coordinates are bad. */
  x: number | null;
  y: number | null;
  lon?: number;
  lat?: number;
  status: SampleStatus;
  campaign?: string;
  /** For duplicates: the row this one duplicates. */
  duplicateOf?: number;
  cells: SampleCell[];
}

export type ElementReport = SampleElementReport;

/** The import's report: its one home is results.ts, which the app's type check can read. */


export type ImportReport = SampleImportReport;

export interface SampleImport {
  points: SamplePoints;
  /** The campaign of each point (same order), null where the file gives none. */
  campaigns: (string | null)[];
  samples: SampleRecord[];
  report: ImportReport;
}
