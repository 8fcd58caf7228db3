// What the app's screens read from a project and from a file about to be imported (the read models in app/views/, the
// file inspection in app/inspect.ts), as plain shapes. Types only, importing nothing but other types-only
// modules, so the IPC contract can name them without pulling the code that builds them into the renderer's check.
import type { Target, ValueCount } from './result-parts';
import type { VerdictTrust } from './results';
import type { Calibration, TargetAreaResult } from './targets-types';
import type { CrsEntry, Extent, GridSpec } from './types';

export type { CrsEntry };
import type { MapKind, Resampling, TableKind, Unit } from './vocabulary';

export interface Level {
  spec: GridSpec;
  width: number;
  height: number;
  /** Row-major, row 0 = north; NaN where the block holds no valid cell. */
  values: Float32Array;
  min: number;
  max: number;
}

export interface MapLevel extends Level {
  kind: MapKind;
  /** The run the map belongs to (predict for 'dense', evaluate otherwise). */
  runId: number;
  /** What a value means, for the legend and the read-out. */
  unit: string;
}

export interface TargetsView {
  /** The evaluate run the areas come from; null when none delivered areas for the latest prediction. */
  evaluateRunId: number | null;
  /** 'probability' only when the calibration may be called one; null without areas. */
  scoreKind: 'probability' | 'score' | null;
  /** The map value that flags a cell, and the share of the surveyed area that value flags. */
  threshold: number | null;
  targetShare: number | null;
  calibration: Pick<Calibration, 'method' | 'reason'> | null;
  /**
   * Greenfield first, then extensions, then known; by peak score within each (target-files.ts orderForField); those
   * below the minimum area left out and the peaks in WGS84, as in targets.csv (absent where the CRS has no projection).
   */
  areas: (TargetAreaResult & { lon?: number; lat?: number })[];
  /** The paper's tile targets at the prediction's threshold (the list tiles.csv and targets.csv hold). */
  tiles: { threshold: number; targets: Target[] };
  /** What to run to get target areas, when there are none. */
  missing: string | null;
  /** The evaluate run's held-out verdict: the screen warns above the list unless it says 'act'. */
  verdict: { sentence: string; trust: VerdictTrust } | null;
}

export interface GeoLattice {
  crs: string;
  extent: Extent;
  /** Nodes per side; node (i, j) lies at xmin + i (xmax - xmin) / (nx - 1), ymin + j (ymax - ymin) / (ny - 1). */
  nx: number;
  ny: number;
  /** Row-major from the south-west node, in degrees (WGS84). */
  lon: Float64Array;
  lat: Float64Array;
}

export interface SampleClasses {
  element: string;
  unit: string;
  x: Float64Array;
  y: Float64Array;
  /** Values in the unit (censored ones as substituted on import); NaN where the sample has none. Typed arrays, so NaN
   * crosses the bridge as NaN. */
  values: Float64Array;
  percentiles: number[];
  /** The value at each percentile. */
  breaks: number[];
  /** 0..PERCENTILES.length per sample; NO_VALUE where the sample has none. */
  classes: Uint8Array;
}

export interface DistributionHistogram {
  /** Bin edges in log10(ppm), ascending and evenly spaced; there are edges.length - 1 bins. */
  log10Edges: number[];
  /** Measured values per bin. */
  measured: number[];
  /** Values below detection (at their stored substitute) per bin. */
  censored: number[];
  /** The Freedman-Diaconis width 2 IQR / n^(1/3) in log10 units, and the bin count it asks for before the 10..60 cap. */
  fdWidth: number;
  fdBins: number;
}

/** The cumulative probability plot: every plotted value against the normal quantile of its Blom position. */
export interface ProbabilityPoints {
  /** ppm, ascending. */
  values: Float64Array;
  /** probit((i - 3/8) / (n + 1/4)) for the i-th smallest value, i = 1..n. */
  z: Float64Array;
  /** 1 where the value is below detection. */
  censored: Uint8Array;
}

export interface ElementDistribution {
  element: string;
  unit: 'ppm';
  /** Kept samples. */
  samples: number;
  /** Plotted measurements (a number above zero). */
  measured: number;
  /** Plotted values below detection. */
  censored: number;
  /** No value: an empty or "not analysed" cell, or no cell of the element. */
  missing: number;
  /** A "no value" code such as -9999. */
  sentinel: number;
  /** Measured values at or below zero: left out of the log plots. */
  nonPositive: number;
  /** Below detection with no substitute (no detection limit known): left out of the plots. */
  censoredWithoutValue: number;
  /** Detection limits the files state for the element, ppm, ascending. */
  detectionLimits: number[];
  /** Over every stored value (censored ones at their substitute), as the map's percentile classes; null without values. */
  median: number | null;
  p90: number | null;
  p98: number | null;
  max: number | null;
  histogram: DistributionHistogram;
  probability: ProbabilityPoints;
}

export type Corner = [number, number];

export type TileFormat = 'png' | 'jpg' | 'webp';

export interface BasemapTile {
  /** XYZ address: column from the west, row from the north (the file stores rows from the south). */
  z: number;
  x: number;
  y: number;
  format: TileFormat;
  /** The tile's image file as stored. */
  data: Uint8Array;
  /** Its corners in the project's CRS, in deck.gl's quad order: south-west, north-west, north-east, south-east. */
  corners: [Corner, Corner, Corner, Corner];
  /** The tile cut into divisions x divisions pieces, drawn as one quad each, so its pixels land within tolerance. */
  divisions: number;
  /** (divisions + 1)^2 points in the project's CRS, row by row from the south edge, each row from west to east. */
  points: Corner[];
}

export interface TileBasemap {
  file: string;
  kind: 'tiles';
  crs: 'EPSG:3857';
  /** The file's metadata name, '' when it has none. */
  name: string;
  zoom: number;
  /** Zoom levels the file holds, ascending. */
  zooms: number[];
  tiles: BasemapTile[];
  /** The worst distance, in tile pixels, between where a tile pixel is drawn and where proj4 puts it. */
  errorPx: number;
  /** The project grid's extent, in the project's CRS. */
  extent: Extent;
}

export type { Resampling };

export interface ImageBasemap {
  file: string;
  /** 'grey' for one band (a hillshade), 'rgb' or 'rgba' for a map. */
  kind: 'grey' | 'rgb' | 'rgba';
  crs: string;
  width: number;
  height: number;
  /** Row-major from the north-west pixel; alpha 0 where the file has no data or does not reach. */
  rgba: Uint8Array;
  /** The project grid's extent the pixels cover, in the project's CRS. */
  extent: Extent;
}

/** A GeoTIFF resampled onto the grid, or the tiles of an MBTiles file placed in the project's CRS. */
export type Basemap = ImageBasemap | TileBasemap;

export interface CrsGuess {
  /** 'stated': the file says; 'lonlat': every coordinate is valid degrees; 'projected': metres of an unknown zone. */
  kind: 'stated' | 'lonlat' | 'projected' | 'unknown';
  /** The CRS to import with, when the numbers or the file tell it. */
  crs: string | null;
  /** Likely CRSs of the file, best first. */
  candidates: string[];
  /** Likely target (projected) CRSs, best first. */
  targets: string[];
  /** The target the import takes when none is chosen (a project's CRS aside): the UTM zone of lon/lat samples. */
  autoTarget: string | null;
  hint: string;
  extent: { xmin: number; xmax: number; ymin: number; ymax: number } | null;
  centre: { x: number; y: number } | null;
}

export interface ElementGuess { element: string; column: string; unit?: Unit }

/** A column whose header reads as an element or oxide: any of them can be mapped to an element. */
export interface AnalyteColumn { column: string; species: string; unit?: Unit; suffix?: string }

/** A column of few distinct texts (a site type, a status), with its values, most frequent first. */
export interface CategoryColumn { column: string; values: ValueCount[] }

export interface TableInspection {
  file: string;
  kind: TableKind;
  format: string;
  sheet?: string;
  sheets?: string[];
  layer?: string;
  /** X and Y come from the geometry of a GIS layer or GeoJSON, not from columns the user picks. */
  geometry: boolean;
  headerRow: number;
  headers: string[];
  /** The first rows as text, each as long as the header. */
  rows: string[][];
  rowNumbers: number[];
  rowCount: number;
  x: string | null;
  y: string | null;
  sampleId: string | null;
  campaign: string | null;
  elements: ElementGuess[];
  analytes: AnalyteColumn[];
  nameColumn: string | null;
  idColumn: string | null;
  siteType: CategoryColumn | null;
  categories: CategoryColumn[];
  crs: CrsGuess;
  notes: string[];
}
