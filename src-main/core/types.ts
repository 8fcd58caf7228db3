// Shared domain types of the core. Plain data only: no Electron, Vue or IPC here.

/** The 16 elements of Gao et al. 2022, in the paper's order. */
export const PAPER_ELEMENTS = [
  'As', 'Cu', 'Pb', 'Zn', 'Mn', 'Sn', 'W', 'Ag', 'Au', 'B', 'Sb', 'Bi', 'Mo', 'Hg', 'F', 'Ba',
] as const;

export interface Progress {
  /** Which step reports, e.g. 'grid', 'train'. */
  step: string;
  done: number;
  total: number;
  message?: string;
  /** Step-specific figures (loss, accuracy, images/s, eta_s, ...). */
  metrics?: Record<string, number>;
}

/** Every long operation takes these: cancel with the signal, hear progress through the callback. */
export interface TaskOptions {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

/** Point samples in a projected CRS (metres). values[e][i] is NaN where missing. */
export interface SamplePoints {
  crs: string;
  x: Float64Array;
  y: Float64Array;
  elements: string[];
  values: Float64Array[];
}

/**
 * A north-up raster grid. Pixel (row r, col c) has its centre at
 * (xmin + (c + 0.5) * cellX, ymax - (r + 0.5) * cellY), as gdal_grid places them.
 */
export interface GridSpec {
  crs: string;
  xmin: number;
  ymax: number;
  cellX: number;
  cellY: number;
  width: number;
  height: number;
}

/** A rectangle in map units (the CRS's, metres for a projected one). */
export interface Extent {
  xmin: number;
  ymin: number;
  xmax: number;
  ymax: number;
}

/** The same rectangle as a configuration and the grid step's result write it: [xmin, ymin, xmax, ymax]. */
export type ExtentTuple = [number, number, number, number];

/** A CRS code the core knows, with the name a GIS shows for it. */
export interface CrsEntry {
  code: string;
  name: string;
  geographic: boolean;
}

export interface Deposit {
  id: string;
  name?: string;
  x: number;
  y: number;
}

/** A stack of element grids on one spec; NaN = nodata (outside the surveyed area). */
export interface GridStack {
  spec: GridSpec;
  elements: string[];
  bands: Float32Array[];
}

export class ProspectError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly details: { file?: string; row?: number; column?: string; [k: string]: unknown } = {},
  ) {
    super(message);
    this.name = 'ProspectError';
  }
}

export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new ProspectError('The operation was cancelled.', 'ABORTED');
}
