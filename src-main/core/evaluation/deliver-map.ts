// The delivered map when the verdict says a simple map is the best the evidence supports: the same per-cell model the
// cross-validation scored on every held-out block (cell-models.ts), fitted once on the whole area with the area's
// z-scores and selection, as the deployed CNN is. Only the chosen model is fitted.
import { validMask, type DepositCell } from '../dataset/cells';
import type { MapModelKind } from '../results';
import { ProspectError, type GridStack } from '../types';
import { cellFeatures, cellTrainingSet } from './cell-features';
import { fitBestElementCells, fitLogisticCells, fitRandomForestCells, fitZscoreIndex, type FittedCellModel } from './cell-models';

export interface CellMapInput {
  /** Every element z-scored over the whole area. */
  stack: GridStack;
  /** The selected elements. */
  elements: string[];
  deposits: DepositCell[];
  kind: Exclude<MapModelKind, 'cnn'>;
  /** Neighbourhood radius of the per-cell features, cells (the CV's: a quarter window). */
  radius: number;
  seed: number;
}

/** The chosen simple model fitted on every deposit and the valid area, and its map over the valid cells. */
export function fitDeliveredCellMap(d: CellMapInput): { map: Float32Array; model: FittedCellModel } {
  const { width } = d.stack.spec;
  const features = cellFeatures(d.stack, d.elements, { radius: d.radius });
  const mask = validMask(d.stack, d.elements);
  const cells = d.deposits.map((c) => c.row * width + c.col).filter((i) => mask[i] && features.columns.every((col) => !Number.isNaN(col[i])));
  const train = cellTrainingSet(features, mask, [...new Set(cells)], { seed: d.seed });
  if (train.nPositive === 0 || train.nNegative === 0) throw new ProspectError('The delivered map needs deposits and background on the valid area.', 'ONE_CLASS');
  const model = d.kind === 'best-element' ? fitBestElementCells(features, train)
    : d.kind === 'zscore-index' ? fitZscoreIndex(features, train)
      : d.kind === 'logistic' ? fitLogisticCells(features, train)
        : fitRandomForestCells(features, train, { seed: d.seed });
  return { map: model.predictMap(mask), model };
}
