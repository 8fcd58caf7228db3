// Evidence layers on the study grid: the shared shapes.
import type { GridSpec } from '../types';

/** One band of a raster in its own grid; NaN is no data. */
export interface RasterLayer {
  spec: GridSpec;
  values: Float32Array;
}

export type EvidenceKind = 'continuous' | 'categorical' | 'distance' | 'density';

/** How values were carried onto the study grid (the names gdalwarp uses, plus the vector ones). */
export type ResampleMethod = 'average' | 'mode' | 'bilinear' | 'identical' | 'cell-centre' | 'majority' |
  'distance' | 'density';
