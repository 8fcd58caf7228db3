// THE IPC contract between the renderer and main: channel names and their request/response/event types, nothing else.
// The renderer imports this file with `import type` only. Main's handler table is typed from `Invokes`, so a channel
// without a handler does not compile. Errors cross as values (Result), since Electron passes only a thrown error's text.
import type { AnyRunView, AnyStepOutcome, ComparisonRow, SampleImportReport, StepName, StepResults, StepState } from '../src-main/core/results';
import type { CampaignReport, CampaignStep, ElementQuality } from '../src-main/core/quality/types';
import type { Target } from '../src-main/core/evaluation/targets';
import type { PipelineConfig } from '../src-main/core/config';
import type { DeliveredTargets, ReliabilityCurve, TargetAreaResult, TargetClass } from '../src-main/core/targets-types';
import type { TargetsView } from '../src-main/core/app/views/targets-view';
import type { MapKind, MapLevel } from '../src-main/core/app/views/map-level';
import type { GeoLattice } from '../src-main/core/app/views/geo-lattice';
import type { SampleClasses } from '../src-main/core/app/views/sample-classes';
import type { DistributionHistogram, ElementDistribution, ProbabilityPoints } from '../src-main/core/app/views/element-distribution';
import type { TableInspection } from '../src-main/core/app/inspect';
import type { CrsEntry } from '../src-main/core/util/crs';
import type { Basemap, Resampling } from '../src-main/core/app/views/basemap';

export type { PipelineConfig };
export type { Basemap, DistributionHistogram, ElementDistribution, ProbabilityPoints, Resampling };
export type { DeliveredTargets, GeoLattice, MapKind, MapLevel, ReliabilityCurve, SampleClasses, TargetAreaResult, TargetClass, TargetsView };
export type { TableInspection, CrsEntry };
export type { AnyRunView, AnyStepOutcome, CampaignReport, CampaignStep, ElementQuality, ComparisonRow, SampleImportReport, StepName, StepResults, StepState, Target };

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };
export interface ErrorInfo {
  code: string;
  message: string;
  details?: { file?: string; row?: number; column?: string; [k: string]: unknown };
}

export type PresetName = 'paper' | 'quick';

export interface GridSpecDto {
  crs: string; xmin: number; ymax: number; cellX: number; cellY: number; width: number; height: number;
}

export interface ProjectSummary {
  path: string;
  name: string;
  crs: string | null;
  samples: { kept: number; total: number };
  deposits: number;
  imports: { id: number; kind: string; file: string; createdAt: string }[];
  gridElements: string[];
  gridSpec: GridSpecDto | null;
  steps: StepState[];
  /** What the next step still needs, in words the user can act on. */
  missing: string[];
}

export interface DemoRequest { dir: string; seed?: number; small?: boolean }
export interface DemoResponse {
  samplesFile: string; depositsFile: string; crs: string; pathfinders: string[]; samples: number; deposits: number;
}

export type ConcentrationUnit = 'ppm' | 'ppb' | 'pct' | 'ppt';
/** Every choice of the CLI's `import --samples`: left out, the core guesses it (see data.inspectTable). */
export interface SampleImportRequest {
  project: string;
  file: string;
  x?: string; y?: string;
  crs?: string;
  targetCrs?: string;
  /** { element: column }; with `wanted` empty, only these elements are read. */
  elements?: Record<string, string>;
  /** Elements looked for by name besides `elements` (default the paper's 16). */
  wanted?: string[];
  units?: Record<string, ConcentrationUnit>;
  sampleId?: string;
  /** The campaign column, or false for none. */
  campaign?: string | false;
  censoredRule?: 'half' | 'sqrt2' | '0.65';
  zeros?: 'censored' | 'value';
  sheet?: string;
  layer?: string;
}
export interface DepositImportRequest {
  project: string; file: string; x?: string; y?: string; crs?: string; nameColumn?: string; idColumn?: string;
  /** Keep only the rows whose `typeColumn` value is one of `types` (case-insensitive). */
  typeColumn?: string; types?: string[];
  layer?: string;
}
export interface InspectTableRequest { file: string; kind: 'samples' | 'deposits'; sheet?: string; layer?: string }
export interface GridImportRequest { project: string; dir: string }
export interface ImportResponse { importId: number; report: Record<string, unknown> }
/** A sample import: its stored id and the core's whole report (duplicates, sentinels, coverage, campaigns, CRS). */
export interface SampleImportResponse { importId: number; report: SampleImportReport }

export interface StepRequest {
  project: string;
  step: StepName | 'all';
  preset: PresetName;
  /** Partial PipelineConfig laid over the preset (grid, select, dataset, train, predict, seed). */
  overrides?: Record<string, unknown>;
  /** Output folder for the export step. */
  outDir?: string;
  /** The renderer names its job so it can match progress events and cancel. */
  jobId: string;
}
/** The steps a request ran: every run row and file, and the last step's typed result (null when nothing was left to do). */
export interface StepResponse {
  step: StepName | 'all';
  runIds: number[];
  files: string[];
  last: AnyStepOutcome | null;
}

export interface CoverageGate {
  minCoverage: number;
  keep: string[];
  excluded: { element: string; reason: string }[];
  warnings: { element: string; message: string }[];
}

export type CellFlag = 'ok' | 'censored' | 'sentinel' | 'missing';

export interface SamplePreviewRequest { project: string; offset: number; limit: number }
export interface SamplePreview {
  columns: string[];
  rows: (string | number | null)[][];
  /** Per row, how each element cell was read (element columns only, in order); null where the row has no cell. */
  flags: (CellFlag | null)[][];
  /** Per row, the file's own text of each element cell. */
  raws: (string | null)[][];
  total: number;
  /** The latest sample import's report. */
  report: SampleImportReport | null;
  /** The coverage gate at its default over that report: elements kept, and those left out with the reason. */
  gate: CoverageGate | null;
}

export interface PointsResponse { samples: { x: number[]; y: number[] }; deposits: { id: string; name?: string; x: number; y: number }[] }

export interface GridLevelRequest { project: string; element: string; maxSize: number; as: 'raw' | 'z' }
/** A grid downsampled to at most maxSize cells a side (block means), NaN as null-free: nodata cells hold NaN. */
export interface GridLevel {
  element: string; spec: GridSpecDto; width: number; height: number; values: Float32Array; min: number; max: number;
}

export interface MapRequest { project: string; kind: MapKind; maxSize: number }
export interface GeoRequest { project: string; extent: { xmin: number; ymin: number; xmax: number; ymax: number }; n: number }

export interface SelectionRow {
  element: string; auc: number; se: number; zauc: number; p: number; ciLo: number; ciHi: number; selected: boolean;
  direction: 'enrichment' | 'depletion';
}

export interface WindowDto { row: number; col: number; size: number; label: number; kind: string; fold: number | null }

export interface TileDto { number: number; row: number; col: number; label: number; prob: number | null; predicted: number | null; valid: boolean }

export interface JobProgress {
  jobId: string; step: string; done: number; total: number; message?: string; metrics?: Record<string, number>;
}
export interface JobDone { jobId: string; ok: boolean; error?: ErrorInfo }

export interface Invokes {
  'project.create': { req: { path: string; name: string }; res: ProjectSummary };
  'project.open': { req: { path: string }; res: ProjectSummary };
  'project.summary': { req: { path: string }; res: ProjectSummary };
  'demo.generate': { req: DemoRequest; res: DemoResponse };
  'import.samples': { req: SampleImportRequest; res: SampleImportResponse };
  'import.deposits': { req: DepositImportRequest; res: ImportResponse };
  'import.grids': { req: GridImportRequest; res: ImportResponse };
  /** A first look at a file and the import's guesses, for the column mapping. */
  'data.inspectTable': { req: InspectTableRequest; res: TableInspection };
  /** Every CRS code the core knows, with its name, for a searchable picker. */
  'data.crsList': { req: Record<string, never>; res: CrsEntry[] };
  'step.run': { req: StepRequest; res: StepResponse };
  'job.cancel': { req: { jobId: string }; res: { cancelled: boolean } };
  'data.samples': { req: SamplePreviewRequest; res: SamplePreview };
  'data.points': { req: { project: string }; res: PointsResponse };
  'data.gridLevel': { req: GridLevelRequest; res: GridLevel };
  'data.selection': { req: { project: string }; res: SelectionRow[] };
  'data.roc': { req: { project: string }; res: { element: string; auc: number; points: [number, number][] }[] };
  'data.windows': { req: { project: string }; res: WindowDto[] };
  'data.tiles': { req: { project: string }; res: { spec: GridSpecDto; rows: number; cols: number; tiles: TileDto[] } | null };
  /**
   * The evaluation's target areas in field order (greenfield first) with their score kind, and the paper's tile
   * targets; null before any prediction. Without areas, `missing` says what to run.
   */
  'data.targets': { req: { project: string }; res: TargetsView | null };
  /** A prediction map shrunk to at most maxSize cells a side (classes by the block's mode, the rest by its mean). */
  'data.map': { req: MapRequest; res: MapLevel };
  /** Lon/lat (WGS84) at an n x n lattice of nodes over an extent in the project's CRS; null when it has no CRS. */
  'data.geo': { req: GeoRequest; res: GeoLattice | null };
  /** Kept samples with one element's values and its percentile classes. */
  'data.sampleClasses': { req: { project: string; element: string }; res: SampleClasses };
  /** One element over the kept samples: a log10 histogram and a probability plot, censored values marked. */
  'data.elementDistribution': { req: { project: string; element: string }; res: ElementDistribution };
  'data.run': { req: { project: string; step: StepName }; res: AnyRunView | null };
  /**
   * A GeoTIFF (hillshade or 8-bit RGB(A) map) resampled onto the project grid's extent as RGBA, at most maxSize
   * pixels a side (bilinear unless asked); the project remembers the file for the next session.
   */
  'data.basemap': { req: { project: string; file: string; maxSize: number; resampling?: Resampling }; res: Basemap };
  /** The basemap file the project last showed, or null. */
  'data.basemapFile': { req: { project: string }; res: string | null };
  /** Every setting of a preset as the core would run it: the defaults the settings panels show. */
  'config.defaults': { req: { preset: PresetName }; res: PipelineConfig };
}

export interface Events {
  'job.progress': JobProgress;
  'job.done': JobDone;
}

/**
 * Channels the shell answers (Electron main, or the web bridge in a browser), not the core handler table: they
 * touch the desktop (native dialogs, recent files), not the project.
 */
export interface ShellInvokes {
  'app.info': { req: Record<string, never>; res: AppInfo };
  'dialog.openProject': { req: Record<string, never>; res: { path: string | null } };
  'dialog.saveProject': { req: { defaultName?: string }; res: { path: string | null } };
  'dialog.chooseFile': { req: { kind: ChooseFileKind }; res: { path: string | null } };
  'recent.add': { req: { path: string; name: string }; res: RecentProjectDto[] };
  /** One folder of the browser build's file dialog, inside the root the bridge was started with. */
  'fs.list': { req: { dir?: string; kinds?: FileBrowseKind[] }; res: FileListing };
}
export type ChooseFileKind = 'samples' | 'deposits' | 'folder' | 'basemap';
export type FileBrowseKind = ChooseFileKind | 'project';
export interface FileEntryDto { name: string; path: string; kind: 'dir' | 'file'; size?: number; mtime?: string }
export interface FileListing {
  root: string;
  dir: string;
  /** Null at the root: the dialog goes no higher. */
  parent: string | null;
  /** The host's path separator, to join a typed file name onto `dir`. */
  sep: string;
  /** Folders first, then the files the requested kinds accept. */
  entries: FileEntryDto[];
}
export interface RecentProjectDto { path: string; name: string; openedAt: string }
export interface AppInfo {
  platform: 'electron' | 'web-bridge';
  version: string;
  /** A folder the user may write to, proposed for the demo area and exports. */
  workDir: string;
  /** False in a browser: the page then browses folders through 'fs.list'. */
  nativeDialogs: boolean;
  recent: RecentProjectDto[];
}
export type AllInvokes = Invokes & ShellInvokes;

export type Channel = keyof Invokes;
export type EventName = keyof Events;
