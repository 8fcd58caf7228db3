// Evidence layers (geology, structure, geophysics) onto the study grid.
export type { RasterLayer, EvidenceKind, ResampleMethod } from './types';
export { warp, chooseMethod, edgeCells, type WarpMethod } from './resample';
export { checkAlignment, alignByIndex, type AlignmentReport, type Placement, type AlignmentOptions } from './alignment';
export { guessRasterKind, guessVectorKind, MAX_CLASSES, type KindGuess } from './kind';
export { readVat, type Vat } from './vat';
export { summariseValues, type EvidenceSummary, type ClassSummary } from './summary';
export { buildEvidence, type EvidenceOptions, type EvidenceLayerOnGrid } from './build';
export { readVectorLayer, VECTOR_EXTENSIONS } from './vector/read';
export { reprojectLayer, segmentsOf, type VectorLayer, type VectorFeature, type VectorGeometry, type GeometryType } from './vector/geometry';
export { distanceToGeometry, densityWithin } from './vector/distance';
export { rasterisePolygons, classCodes, type ClassLegend, type PolygonRule } from './vector/rasterise';
export { gridFromRaster, gridFromDeposits } from './study-grid';
export { readLegend } from './legend';
