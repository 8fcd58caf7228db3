// Every model judged on the map, held out: for each fold, the CNN's dense map and four simple maps fitted on the
// training folds only (the best single element, an additive z-score index, per-cell logistic regression and a random
// forest) are scored on that fold's held-out region with the same cells, the same area denominator and the same
// deposits. A geologist acts on a map, so this, not the window accuracy, is the headline.
import type { DepositCell } from '../dataset/cells';
import type { MapEvaluation, MapFoldScore, MapModelEval, MapModelKind, Verdict } from './result-types';
import type { GridStack } from '../types';
import { cellFeatures, cellTrainingSet } from './cell-features';
import { fitCellModels } from './cell-models';
import { clusterByDistance, pairedAucDifference, poolFoldAucs } from './intervals';
import { depositShareAt, mapPredictionRate, type MapRatePoint } from './map-rate';

/** Cells within `r` cells (Chebyshev) of a marked cell: the held-out region grown by the fold buffer. */
export function dilate(mask: Uint8Array, width: number, height: number, r: number): Uint8Array {
  if (r <= 0) return Uint8Array.from(mask);
  const W1 = width + 1;
  const I = new Int32Array(W1 * (height + 1));
  for (let y = 0; y < height; y++) {
    let s = 0;
    for (let x = 0; x < width; x++) {
      s += mask[y * width + x];
      I[(y + 1) * W1 + x + 1] = I[y * W1 + x + 1] + s;
    }
  }
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const y0 = Math.max(0, y - r), y1 = Math.min(height, y + r + 1);
    for (let x = 0; x < width; x++) {
      const x0 = Math.max(0, x - r), x1 = Math.min(width, x + r + 1);
      out[y * width + x] = I[y1 * W1 + x1] - I[y0 * W1 + x1] - I[y1 * W1 + x0] + I[y0 * W1 + x0] > 0 ? 1 : 0;
    }
  }
  return out;
}

export interface FoldMapInput {
  fold: number;
  /** Valid cells of the fold's held-out windows. */
  region: Uint8Array;
  /** Valid cells the simple maps may learn from: outside the held-out region grown by the fold buffer. */
  trainMask: Uint8Array;
  /** Every element z-scored on the training cells. */
  stack: GridStack;
  /** The fold's selected elements. */
  elements: string[];
  heldCells: DepositCell[];
  trainCells: DepositCell[];
  /** The CNN fold models' dense maps, one per architecture. */
  cnnMaps: { model: string; label: string; map: Float32Array }[];
  seed: number;
  /** Neighbourhood radius of the per-cell features, cells. */
  radius: number;
  keepMaps?: boolean;
}

export interface FoldMapScore {
  model: string;
  kind: MapModelKind;
  label: string;
  score: MapFoldScore;
  /** The model's map over the region (only with keepMaps: for checks against a reference). */
  map?: Float32Array;
}

const KIND_NAME: Record<Exclude<MapModelKind, 'cnn'>, string> = {
  'best-element': 'best single element', 'zscore-index': 'z-score index', logistic: 'per-cell logistic', 'random-forest': 'random forest',
};

function score(fold: number, map: Float32Array, region: Uint8Array, held: DepositCell[], width: number, fitted: string): MapFoldScore {
  const inRegion = held.filter((d) => region[d.row * width + d.col]);
  const r = mapPredictionRate(map, region, inRegion.map((d) => d.row * width + d.col), { width });
  const ids = inRegion.map((d) => d.id ?? `${d.row},${d.col}`);
  const seen = new Set<number>();
  const deposits: string[] = [];
  inRegion.forEach((d, k) => {
    const c = d.row * width + d.col;
    if (!seen.has(c)) (seen.add(c), deposits.push(ids[k]));
  });
  return {
    fold, auc: r.auc, interval: null, nPositive: r.nPositive, nCells: r.nCells,
    captureAt20: r.auc === null ? null : depositShareAt(r.curve, 0.2), fitted, deposits, placements: Array.from(r.placements),
  };
}

/** Scores every model's map on one fold's held-out region. */
export function foldMapScores(f: FoldMapInput): FoldMapScore[] {
  const { width } = f.stack.spec;
  const out: FoldMapScore[] = f.cnnMaps.map((c) => ({
    model: c.model, kind: 'cnn', label: c.label, score: score(f.fold, c.map, f.region, f.heldCells, width, 'CNN trained on the other folds'), ...(f.keepMaps ? { map: c.map } : {}),
  }));
  const features = cellFeatures(f.stack, f.elements, { radius: f.radius });
  const usable = f.trainCells.filter((d) => f.trainMask[d.row * width + d.col] && features.columns.every((c) => !Number.isNaN(c[d.row * width + d.col])));
  const train = cellTrainingSet(features, f.trainMask, usable.map((d) => d.row * width + d.col), { seed: f.seed });
  if (train.nPositive === 0 || train.nNegative === 0) return out;
  for (const m of fitCellModels(features, train, { seed: f.seed })) {
    const kind = m.kind as Exclude<MapModelKind, 'cnn'>;
    const fitted = kind === 'best-element' ? String(m.details.element ?? m.label) : m.label;
    const map = m.predictMap(f.region);
    out.push({ model: kind, kind, label: KIND_NAME[kind], score: score(f.fold, map, f.region, f.heldCells, width, fitted), ...(f.keepMaps ? { map } : {}) });
  }
  return out;
}

/** Prediction-rate curve from pooled placements: deposit k is captured once the area share reaches 1 - placement. */
function pooledCurve(placements: number[]): MapRatePoint[] {
  const shares = placements.map((p) => 1 - p).sort((a, b) => a - b);
  const n = shares.length;
  const curve: MapRatePoint[] = [{ areaShare: 0, depositShare: 0 }];
  shares.forEach((s, k) => curve.push({ areaShare: s, depositShare: k / n }, { areaShare: s, depositShare: (k + 1) / n }));
  curve.push({ areaShare: 1, depositShare: 1 });
  return curve;
}

/**
 * Pools each model's folds: the deposit-weighted mean of the fold AUCs with a bootstrap interval over held-out
 * deposits (deposits closer than `clusterDistance` cells resampled together), or undefined when a fold lacks a class.
 */
export function summariseMaps(scores: FoldMapScore[], depositXY: Map<string, [number, number]>, clusterDistance: number, seed: number): MapModelEval[] {
  const models = [...new Set(scores.map((s) => s.model))];
  return models.map((model) => {
    const rows = scores.filter((s) => s.model === model);
    const perFold = rows.map((r) => r.score);
    const ids = perFold.flatMap((f) => f.deposits);
    const xy = ids.map((id) => depositXY.get(id) ?? [NaN, NaN]);
    const clusters = clusterByDistance(xy.map((p) => p[0]), xy.map((p) => p[1]), clusterDistance);
    let offset = 0;
    const pooled = poolFoldAucs(perFold.map((f) => {
      const c = clusters.subarray(offset, offset + f.placements.length);
      offset += f.placements.length;
      return { fold: f.fold, auc: f.auc, nPositive: f.nPositive, nNegative: f.nCells - f.nPositive, placements: f.placements, clusters: c };
    }), { seed });
    const placements = perFold.flatMap((f) => f.placements);
    const curve = pooled.auc === null ? [] : pooledCurve(placements);
    return {
      model, kind: rows[0].kind, label: rows[0].label, mapAuc: pooled.auc, interval: pooled.interval, meanOverFolds: pooled.meanOverFolds,
      ...(pooled.reason ? { undefinedReason: pooled.reason } : {}),
      captureAt20: pooled.auc === null ? null : depositShareAt(curve, 0.2), curve, perFold,
    };
  });
}

const pct = (v: number | null) => (v === null ? 'an undefined share' : `${Math.round(100 * v)}%`);
const f2 = (v: number) => v.toFixed(2);

/** Which elements the best-element map used across folds, e.g. "W (3 folds), Bi (1 fold)". */
function elementsUsed(m: MapModelEval): string {
  const counts = new Map<string, number>();
  for (const f of m.perFold) counts.set(f.fitted, (counts.get(f.fitted) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([e, n]) => (counts.size > 1 ? `${e} (${n} fold${n > 1 ? 's' : ''})` : e)).join(', ');
}

/**
 * One plain sentence a geologist can act on: how much of the held-out deposits the CNN map captures in a fifth of
 * the area, how much the best single element's grid does, and whether the CNN beats it beyond the interval.
 */
export function verdictOf(models: MapModelEval[], seed: number): Verdict {
  const defined = models.filter((m) => m.mapAuc !== null).sort((a, b) => b.mapAuc! - a.mapAuc!);
  const best = defined[0] ?? null;
  const cnn = models.find((m) => m.kind === 'cnn');
  const elem = models.find((m) => m.kind === 'best-element');
  if (!cnn || !elem) {
    return { sentence: best ? `Best held-out map: ${best.label} (map AUC ${f2(best.mapAuc!)}); no CNN map was scored to compare with.` : 'No held-out map could be scored.', bestModel: best?.model ?? null, cnnVsBestElement: null, cnnBeatsBestElement: null, trust: 'unknown' };
  }
  if (cnn.mapAuc === null || elem.mapAuc === null) {
    const why = cnn.undefinedReason ?? elem.undefinedReason ?? 'a fold lacks a class';
    return { sentence: `No verdict: the held-out map AUC is ${why}. Rebuild the dataset so that every fold holds deposits.`, bestModel: best?.model ?? null, cnnVsBestElement: null, cnnBeatsBestElement: null, trust: 'unknown' };
  }
  // The same deposits in the same order for both maps: pair them.
  const a = cnn.perFold.flatMap((f) => f.placements);
  const b = elem.perFold.flatMap((f) => f.placements);
  const diff = a.length === b.length ? pairedAucDifference(a, b, { seed }) : null;
  const elemName = `the ${elementsUsed(elem)} grid alone`;
  let conclusion: string;
  let beats: boolean | null = null;
  if (!diff) conclusion = 'Too few held-out deposits to tell the two apart.';
  else if (diff.lo > 0) {
    beats = true;
    conclusion = `The CNN beats the best single element by ${f2(diff.difference)} in map AUC (95% interval ${f2(diff.lo)} to ${f2(diff.hi)}).`;
  } else if (diff.hi < 0) {
    beats = false;
    conclusion = `The single element beats the CNN by ${f2(-diff.difference)} in map AUC (95% interval ${f2(-diff.hi)} to ${f2(-diff.lo)}): map the element, not the CNN.`;
  } else {
    beats = false;
    conclusion = `The difference (${f2(diff.difference)}, 95% interval ${f2(diff.lo)} to ${f2(diff.hi)}) is within the interval: the CNN adds nothing demonstrable here.`;
  }
  const bestPart = best && best.model !== cnn.model ? ` The best held-out map is the ${best.label} (map AUC ${f2(best.mapAuc!)}).` : '';
  // Beating a weak baseline is no licence: say so when the CNN's own map is not distinguishable from chance.
  const chance = cnn.interval && cnn.interval.lo <= 0.5
    ? ` But the CNN map itself is not distinguishable from chance on held-out deposits (95% interval ${f2(cnn.interval.lo)} to ${f2(cnn.interval.hi)} includes 0.5): do not take its targets to the field on this evidence.`
    : '';
  const n = a.length;
  const units = cnn.interval?.units ?? n;
  const basis = ` These figures rest on ${n} held-out deposit${n === 1 ? '' : 's'} in ${units} group${units === 1 ? '' : 's'}${units < 5 ? ': too few for the interval to be more than indicative' : ''}.`;
  return {
    sentence: `On held-out deposits the CNN map captures ${pct(cnn.captureAt20)} of deposits in 20% of the area (map AUC ${f2(cnn.mapAuc)}); ${elemName} captures ${pct(elem.captureAt20)} (map AUC ${f2(elem.mapAuc)}). ${conclusion}${bestPart}${chance}${basis}`,
    bestModel: best?.model ?? null, cnnVsBestElement: diff, cnnBeatsBestElement: beats,
    trust: chance ? 'chance' : beats ? 'act' : 'element',
  };
}

export function mapEvaluation(scores: FoldMapScore[], depositXY: Map<string, [number, number]>, clusterDistance: number, seed: number): MapEvaluation {
  const models = summariseMaps(scores, depositXY, clusterDistance, seed);
  return {
    label: 'Held out on the map: each fold\'s held-out region (the cells of its windows) scored cell by cell; every model fitted on the other folds only; the same cells, area and deposits for all. Unit: map cells.',
    unit: 'cells', folds: [...new Set(scores.map((s) => s.score.fold))].sort((a, b) => a - b), models, verdict: verdictOf(models, seed),
  };
}
