// Weights of evidence as a model: each layer's table, its binary generalisation, and the posterior over any cells.
// Fitted on the cells of a mask (the training folds) and applied to every cell, so it can stand beside the other
// baselines in a held-out evaluation.
import { ProspectError } from '../types';
import { countClasses } from './class-counts';
import { generalise, type Criterion, type Generalised } from './generalise';
import { posterior, type ClassWeight, type Posterior } from './posterior';
import { weightsTable, type WeightsTable, type WofeType } from './weights-table';

export interface WofeLayerInput {
  name: string;
  /** Integer class codes per cell; NaN or `nodata` = no data. */
  values: ArrayLike<number>;
  type: WofeType;
  nodata?: number | null;
  missingClass?: number;
  /** Favourable classes chosen by the user; otherwise the cut at the largest (studentized) contrast. */
  classes?: number[];
}

export interface WofeModelOptions {
  /** Area of a grid cell and of the unit cell, m^2 (unit default 1 km^2). */
  cellArea: number;
  unitArea?: number;
  criterion?: Criterion;
  confidence?: number;
  /** Non-zero on the cells to fit on (the training area); every cell when absent. */
  mask?: ArrayLike<number>;
}

export interface FittedLayer {
  name: string;
  type: WofeType;
  table: WeightsTable;
  generalised: Generalised;
  /** Favourable classes -> W+, the other classes -> W-; no data and the missing class have none (weight 0). */
  weights: Map<number, ClassWeight>;
}

export interface WofeModel {
  layers: FittedLayer[];
  /** Study area (unit cells) and points behind the prior: mask cells with data in at least one layer. */
  studyArea: number;
  points: number;
  unitsPerCell: number;
}

export function fitWofe(layers: WofeLayerInput[], pointCells: ArrayLike<number>, opts: WofeModelOptions): WofeModel {
  if (!layers.length) throw new ProspectError('Weights of evidence needs at least one evidence layer.', 'BAD_ARGS');
  const n = layers[0].values.length;
  const fitted = layers.map((l): FittedLayer => {
    if (l.values.length !== n) {
      throw new ProspectError(`Layer ${l.name} has ${l.values.length} cells, not ${n}: layers must share one grid.`, 'BAD_ARGS', { column: l.name });
    }
    const table = weightsTable(countClasses(l.values, pointCells, l.nodata, opts.mask), l.type, {
      cellArea: opts.cellArea, unitArea: opts.unitArea, missingClass: l.missingClass,
    });
    const g = generalise(table, { criterion: opts.criterion, confidence: opts.confidence, classes: l.classes });
    const fav = new Set(g.favourable);
    const weights = new Map<number, ClassWeight>();
    for (const r of table.rows) {
      if (r.missing) continue;
      weights.set(r.class, fav.has(r.class) ? { weight: g.weights.wPlus, wStd: g.weights.sWPlus } : { weight: g.weights.wMinus, wStd: g.weights.sWMinus });
    }
    return { name: l.name, type: l.type, table, generalised: g, weights };
  });
  // The prior: cells of the mask where some layer has data, and the points on them.
  const inArea = new Uint8Array(n);
  let cells = 0;
  for (let i = 0; i < n; i++) {
    if (opts.mask && opts.mask[i] === 0) continue;
    for (const l of layers) {
      const v = l.values[i];
      if (v === v && v !== l.nodata) {
        inArea[i] = 1;
        cells++;
        break;
      }
    }
  }
  let points = 0;
  for (let k = 0; k < pointCells.length; k++) if (pointCells[k] >= 0 && pointCells[k] < n && inArea[pointCells[k]]) points++;
  const unitsPerCell = fitted[0].table.unitsPerCell;
  return { layers: fitted, studyArea: cells * unitsPerCell, points, unitsPerCell };
}

/** The posterior and its standard deviation on every cell of `values` (one array per fitted layer, same order). */
export function predictWofe(model: WofeModel, values: ArrayLike<number>[]): Posterior {
  if (values.length !== model.layers.length) {
    throw new ProspectError(`The model has ${model.layers.length} layers, ${values.length} were given.`, 'BAD_ARGS');
  }
  return posterior(model.layers.map((l, k) => ({ name: l.name, values: values[k], weights: l.weights })), model.studyArea, model.points);
}
