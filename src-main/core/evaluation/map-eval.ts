// Every model judged on the map, held out: for each fold, the CNN's dense map and four simple maps fitted on the
// training folds only (the best single element, an additive z-score index, per-cell logistic regression and a random
// forest) are scored on that fold's held-out region with the same cells, the same area denominator and the same
// deposits. A geologist acts on a map, so this, not the window accuracy, is the headline.
import type { DepositCell } from '../dataset/cells';
import type { MapEvaluation, MapFoldScore, MapModelEval, MapModelKind, Verdict } from '../results';
import type { GridStack } from '../types';
import { cellFeatures, cellTrainingSet } from './cell-features';
import { fitCellModels } from './cell-models';
import { clusterPoints } from '../dataset/clusters';
import { clusterTInterval, pairedClusterDifference, pairwiseComparisons, studentTCdf, type CaptureShare, type PairComparison } from './cluster-t';
import { poolFoldAucs, type AucInterval, type DifferenceInterval } from './intervals';
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
  /** The cells scored: the fold's held-out block (held-blocks.ts), or any region the caller holds out. */
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
  /**
   * Receives each simple model fitted on the fold with a way to map it over any mask (for the spread of the fold
   * refits of a delivered simple map). Holding `predict` holds the fold's features; drop it when done.
   */
  onModel?: (kind: Exclude<MapModelKind, 'cnn'>, predict: (mask: Uint8Array) => Float32Array) => void;
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

export function score(fold: number, map: Float32Array, region: Uint8Array, held: DepositCell[], width: number, fitted: string): MapFoldScore {
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
    f.onModel?.(kind, (mask) => m.predictMap(mask));
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
 * Cluster label of every held-out deposit scored by any model: single linkage at the fold distance (Chebyshev, as the
 * folds cluster them), so deposits a fold could not have held apart count as one unit in every interval.
 */
export function depositClusters(scores: FoldMapScore[], depositXY: Map<string, [number, number]>, clusterDistance: number): Map<string, number> {
  const ids = [...new Set(scores.flatMap((s) => s.score.deposits))];
  const pts = ids.map((id) => {
    const xy = depositXY.get(id);
    return xy ? { col: xy[0], row: xy[1] } : { col: NaN, row: NaN };
  });
  const labels = clusterPoints(pts, clusterDistance);
  // A deposit without coordinates cannot be linked to any other: it is its own unit.
  return new Map(ids.map((id, k) => [id, Number.isNaN(pts[k].row) ? labels.length + k : labels[k]]));
}

function keyOf(fold: number, id: string): string {
  return `${fold}\u0000${id}`;
}

/** Interval of a pooled map AUC: Student's t with clusters - 1 df on the clusters' placement totals (cluster-t.ts). */
function aucIntervalOf(placements: number[], clusters: number[], level = 0.95): AucInterval | null {
  const r = clusterTInterval(placements, clusters, { level, bounds: [0, 1] });
  return r && { auc: r.estimate, lo: r.lo, hi: r.hi, level, se: r.se, method: 'cluster-t', units: r.units, df: r.df };
}

/** The area shares at which captures are reported: the field's headline (share of deposits in the best x% of the area). */
export const CAPTURE_SHARES = [0.01, 0.05, 0.1, 0.2] as const;

/**
 * Share of held-out deposits captured in the best `share` of their own block, pooled over folds, with a cluster-t
 * interval. A deposit with placement p needs the best 1 - p of its block flagged to be captured (the prediction-rate
 * curve's convention, ties one half). When every cluster agrees (all captured, or none) the t interval has zero width,
 * which no handful of clusters can justify: then the interval is Clopper-Pearson's on G clusters out of G (or 0 of G).
 */
export function captureAt(placements: number[], clusters: number[], share: number, level = 0.95): CaptureShare | null {
  if (placements.length === 0) return null;
  const hit = placements.map((p) => (1 - p <= share + 1e-12 ? 1 : 0));
  const r = clusterTInterval(hit, clusters, { level, bounds: [0, 1] });
  const value = hit.reduce((s: number, v) => s + v, 0) / hit.length;
  if (!r) return { value, lo: 0, hi: 1 };
  if (r.se === 0 && (value === 0 || value === 1)) {
    const edge = ((1 - level) / 2) ** (1 / r.units);
    return value === 1 ? { value, lo: edge, hi: 1 } : { value, lo: 0, hi: 1 - edge };
  }
  return { value, lo: r.lo, hi: r.hi };
}

/**
 * Pools each model's folds: the deposit-weighted mean of the fold AUCs with a cluster-t interval over held-out
 * deposits (deposits closer than `clusterDistance` cells form one unit), or undefined when a fold lacks a class.
 */
export function summariseMaps(scores: FoldMapScore[], depositXY: Map<string, [number, number]>, clusterDistance: number, seed: number): MapModelEval[] {
  const clusterOf = depositClusters(scores, depositXY, clusterDistance);
  const models = [...new Set(scores.map((s) => s.model))];
  return models.map((model) => {
    const rows = scores.filter((s) => s.model === model);
    const perFold = rows.map((r) => r.score);
    const pooled = poolFoldAucs(perFold.map((f) => ({ fold: f.fold, auc: f.auc, nPositive: f.nPositive, nNegative: f.nCells - f.nPositive })), { seed });
    const placements = perFold.flatMap((f) => f.placements);
    const clusters = perFold.flatMap((f) => f.deposits.map((id) => clusterOf.get(id)!));
    const interval = pooled.auc === null ? null : aucIntervalOf(placements, clusters);
    const curve = pooled.auc === null ? [] : pooledCurve(placements);
    const capture: Record<string, CaptureShare> = {};
    if (pooled.auc !== null) {
      for (const x of CAPTURE_SHARES) {
        const c = captureAt(placements, clusters, x);
        if (c) capture[String(x)] = c;
      }
    }
    return {
      model, kind: rows[0].kind, label: rows[0].label, mapAuc: pooled.auc, interval, meanOverFolds: pooled.meanOverFolds,
      ...(pooled.reason ? { undefinedReason: pooled.reason } : {}), ...(pooled.auc !== null ? { captureAt: capture } : {}),
      captureAt20: pooled.auc === null ? null : depositShareAt(curve, 0.2), curve, perFold,
    };
  });
}

/**
 * The deposits two or more models share, in one order, with each model's placements on them and their clusters: a
 * model that could not be fitted on a fold simply has no placements there, and pairs are taken on what both scored.
 */
function alignedPlacements(clusterOf: Map<string, number>, a: MapModelEval, b: MapModelEval): { pa: number[]; pb: number[]; clusters: number[] } {
  const index = (m: MapModelEval) => new Map(m.perFold.flatMap((f) => f.deposits.map((id, k) => [keyOf(f.fold, id), f.placements[k]] as [string, number])));
  const ia = index(a);
  const ib = index(b);
  const pa: number[] = [];
  const pb: number[] = [];
  const clusters: number[] = [];
  for (const [key, v] of ia) {
    const w = ib.get(key);
    if (w === undefined) continue;
    pa.push(v);
    pb.push(w);
    clusters.push(clusterOf.get(key.split('\u0000')[1])!);
  }
  return { pa, pb, clusters };
}

/**
 * Every pair of defined models compared on the same held-out deposits: AUC(model) - AUC(other) with a paired
 * cluster-t interval (cluster-t.ts). Ordered by held-out AUC, best first, so `model` is the better-scoring one.
 */
export function comparePairs(models: MapModelEval[], clusterOf: Map<string, number>, level = 0.95): PairComparison[] {
  const defined = models.filter((m) => m.mapAuc !== null).sort((x, y) => y.mapAuc! - x.mapAuc!);
  const out: PairComparison[] = [];
  for (let i = 0; i < defined.length; i++) {
    for (let j = i + 1; j < defined.length; j++) {
      const { pa, pb, clusters } = alignedPlacements(clusterOf, defined[i], defined[j]);
      const rows = pairwiseComparisons([{ model: defined[i].model, placements: pa }, { model: defined[j].model, placements: pb }], clusters, level);
      out.push(...rows);
    }
  }
  return out;
}

/** The CNN-minus-element pair in the verdict's older shape (DifferenceInterval), from the paired cluster-t interval. */
function differenceOf(a: MapModelEval, b: MapModelEval, clusterOf: Map<string, number>, seed: number): DifferenceInterval | null {
  const { pa, pb, clusters } = alignedPlacements(clusterOf, a, b);
  const d = pairedClusterDifference(pa, pb, clusters);
  if (!d) return null;
  // One-sided p of "a is not better" from the same t statistic.
  const pNotBetter = d.se > 0 ? 1 - studentTCdf(d.estimate / d.se, d.df) : d.estimate > 0 ? 0 : 1;
  return { difference: d.estimate, lo: d.lo, hi: d.hi, level: d.level, pNotBetter, units: d.units, replicates: 0, seed, method: 'cluster-t' };
}

const pct = (v: number | null) => (v === null ? 'an undefined share' : `${Math.round(100 * v)}%`);
const f2 = (v: number) => v.toFixed(2);

/** Which elements the best-element map used across folds, e.g. "W (3 folds), Bi (1 fold)". */
function elementsUsed(m: MapModelEval): string {
  const counts = new Map<string, number>();
  for (const f of m.perFold) counts.set(f.fitted, (counts.get(f.fitted) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([e, n]) => (counts.size > 1 ? `${e} (${n} fold${n > 1 ? 's' : ''})` : e)).join(', ');
}

/** The pair (x, y) from the comparisons, turned so that `model` is x: difference AUC(x) - AUC(y). */
function pairOf(pairs: PairComparison[], x: string, y: string): PairComparison | null {
  const p = pairs.find((q) => q.model === x && q.other === y);
  if (p) return p;
  const q = pairs.find((r) => r.model === y && r.other === x);
  return q ? { ...q, model: x, other: y, difference: -q.difference, lo: -q.hi, hi: -q.lo, better: q.better === 'model' ? 'other' : q.better === 'other' ? 'model' : 'neither' } : null;
}

/**
 * The plain answer a geologist can act on. It names the best held-out map (highest pooled map AUC among all models),
 * says whether it beats the simplest map (the best single element's grid) beyond their paired interval, and whether
 * it is distinguishable from chance (its own cluster-t interval of the AUC clear of 0.5). trust is 'act' only when
 * both hold; 'chance' when the best map's interval reaches 0.5; 'element' otherwise (nothing beats one element's grid
 * demonstrably: map that). deliveredMap names the map the targets should come from and why: the best map under
 * 'act', the simplest map otherwise (the cheapest map the evidence cannot tell from the best).
 */
export function verdictOf(models: MapModelEval[], seed: number, clusterOf: Map<string, number>, pairs?: PairComparison[]): Verdict {
  const all = pairs ?? comparePairs(models, clusterOf);
  // Only maps scored on every fold any map was scored on compete: an AUC over fewer folds is over other deposits.
  const folds = Math.max(0, ...models.map((m) => m.perFold.length));
  const partial = models.filter((m) => m.mapAuc !== null && m.perFold.length < folds);
  const defined = models.filter((m) => m.mapAuc !== null && m.perFold.length === folds).sort((a, b) => b.mapAuc! - a.mapAuc!);
  const best = defined[0] ?? null;
  const cnn = models.find((m) => m.kind === 'cnn');
  const elem = models.find((m) => m.kind === 'best-element');
  const none = { cnnVsBestElement: null, cnnBeatsBestElement: null, bestVsSimplest: null, bestBeatsSimplest: null, bestVsChance: null, deliveredMap: null };
  if (!best) {
    const why = models.find((m) => m.undefinedReason)?.undefinedReason;
    return { sentence: why ? `No verdict: the held-out map AUC is ${why}. Rebuild the dataset so that every fold holds deposits.` : 'No held-out map could be scored.', bestModel: null, trust: 'unknown', ...none };
  }
  if (models.some((m) => m.mapAuc === null)) {
    const bad = models.filter((m) => m.mapAuc === null);
    return { sentence: `No verdict: the held-out map AUC of the ${bad.map((m) => m.label).join(', ')} is ${bad[0].undefinedReason ?? 'undefined'}. Rebuild the dataset so that every fold holds deposits.`, bestModel: best.model, trust: 'unknown', ...none };
  }
  const cnnDiff = cnn && elem ? differenceOf(cnn, elem, clusterOf, seed) : null;
  const elemOk = elem && defined.includes(elem) ? elem : undefined;
  const iv = best.interval;
  const vsChance = iv ? { difference: best.mapAuc! - 0.5, lo: iv.lo - 0.5, hi: iv.hi - 0.5, method: iv.method, units: iv.units ?? 0 } : null;
  const beatsChance = vsChance !== null && vsChance.lo > 0;
  const isSimplest = elemOk !== undefined && best.model === elemOk.model;
  const vsSimplest = elemOk && !isSimplest ? pairOf(all, best.model, elemOk.model) : null;
  const beatsSimplest = isSimplest || !elemOk ? null : vsSimplest ? vsSimplest.lo > 0 : false;

  const ivText = (lo: number, hi: number) => `95% interval ${f2(lo)} to ${f2(hi)}`;
  const c10 = best.captureAt?.['0.1']?.value;
  const parts: string[] = [];
  parts.push(`The best held-out map is the ${best.label} (map AUC ${f2(best.mapAuc!)}${iv ? `, ${ivText(iv.lo, iv.hi)}` : ''}${c10 !== undefined ? `; ${pct(c10)} of held-out deposits in the best 10% of their block` : ''}).`);
  const elemName = elemOk ? `the ${elementsUsed(elemOk)} grid alone` : '';
  if (isSimplest) parts.push(`It is the simplest map: ${elemName}.`);
  else if (elemOk && vsSimplest) {
    parts.push(beatsSimplest
      ? `It beats the simplest map, ${elemName} (map AUC ${f2(elemOk.mapAuc!)}), by ${f2(vsSimplest.difference)} (${ivText(vsSimplest.lo, vsSimplest.hi)}).`
      : `It does not beat the simplest map, ${elemName} (map AUC ${f2(elemOk.mapAuc!)}), beyond the interval (difference ${f2(vsSimplest.difference)}, ${ivText(vsSimplest.lo, vsSimplest.hi)}).`);
  } else if (elemOk) parts.push('Too few held-out deposit groups to compare it with the simplest map.');
  if (partial.length) parts.push(`Not compared: the ${partial.map((m) => m.label).join(', ')} could not be fitted on every fold (${partial.map((m) => `${m.perFold.length} of ${folds}`).join(', ')}).`);
  if (cnn && cnn.model !== best.model && defined.includes(cnn)) {
    const p = pairOf(all, best.model, cnn.model);
    parts.push(`The CNN map (map AUC ${f2(cnn.mapAuc!)}) ${p && p.lo > 0 ? 'is beaten by it beyond the interval' : 'is not distinguishable from it'}: the CNN does not earn its place here.`);
  }
  if (!beatsChance) parts.push(`But the best map is not distinguishable from chance on held-out deposits (${iv ? `${ivText(iv.lo, iv.hi)} reaches 0.5` : 'no interval'}): do not take its targets to the field on this evidence.`);
  const trust: Verdict['trust'] = !beatsChance ? 'chance' : beatsSimplest === true ? 'act' : 'element';
  const delivered = trust === 'act' || !elemOk ? best : elemOk;
  const reason = trust === 'act'
    ? `the best held-out map, beyond the interval of the simplest map and of chance`
    : trust === 'element'
      ? (isSimplest ? 'the best held-out map, and the simplest' : `nothing beats the simplest map beyond the interval, so the simplest is delivered`)
      : `no map is distinguishable from chance; the simplest is delivered, as a score to look at, not to act on`;
  parts.push(`Targets: the ${delivered.label} map (${reason}).`);
  const n = best.perFold.reduce((s, f) => s + f.placements.length, 0);
  const units = iv?.units ?? n;
  parts.push(`These figures rest on ${n} held-out deposit${n === 1 ? '' : 's'} in ${units} group${units === 1 ? '' : 's'}${units < 5 ? ': too few for the interval to be more than indicative' : ''}.`);
  return {
    sentence: parts.join(' '), bestModel: best.model, trust,
    cnnVsBestElement: cnnDiff, cnnBeatsBestElement: cnnDiff ? cnnDiff.lo > 0 : null,
    bestVsSimplest: vsSimplest, bestBeatsSimplest: beatsSimplest, bestVsChance: vsChance,
    deliveredMap: { model: delivered.model, kind: delivered.kind, label: delivered.label, reason },
  };
}

export function mapEvaluation(scores: FoldMapScore[], depositXY: Map<string, [number, number]>, clusterDistance: number, seed: number): MapEvaluation {
  const models = summariseMaps(scores, depositXY, clusterDistance, seed);
  const clusterOf = depositClusters(scores, depositXY, clusterDistance);
  const pairs = comparePairs(models, clusterOf);
  return {
    label: 'Held out on the map: each fold\'s whole held-out block (its valid cells, minus the fold buffer where it meets other folds, minus a footprint of the buffer\'s width around other known deposits; background drawn uniformly over the block when it is large) scored cell by cell; every model fitted on the other folds only; the same cells, area and deposits for all. Unit: map cells.',
    unit: 'cells', folds: [...new Set(scores.map((s) => s.score.fold))].sort((a, b) => a - b), models, verdict: verdictOf(models, seed, clusterOf, pairs),
    pairs, clusterDistance,
  };
}
