// Weights of evidence (Bonham-Carter 1994, ch. 9), matched to Geoscience Australia's MPM-WofE R scripts.
export { cellsOfPoints } from './points';
export { countClasses, type ClassCounts } from './class-counts';
export { binaryWeights, ZERO_WEIGHTS, type BinaryWeights } from './binary-weights';
export { weightsTable, WOFE_TYPES, type WeightsRow, type WeightsTable, type WofeType, type WeightsOptions } from './weights-table';
export { generalise, gaGenColumns, reclassify, GA_NOT_SIGNIFICANT, type Generalised, type GenColumns, type GeneraliseOptions, type Criterion } from './generalise';
export { posterior, type EvidenceLayer, type ClassWeight, type Posterior } from './posterior';
export { conditionalIndependenceTest, normalUpperTail, type CiTest } from './ci-test';
export { mapAuc, type MapAuc } from './auc';
export { fitWofe, predictWofe, type FittedLayer, type WofeLayerInput, type WofeModel, type WofeModelOptions } from './model';
