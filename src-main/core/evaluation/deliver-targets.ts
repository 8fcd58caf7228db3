// What a geologist takes to the field, from the validated model: its map calibrated on the cross-validation's
// held-out windows (or called a score when it cannot be), the spread of the fold models' maps as its uncertainty,
// the best-scoring share of the area merged into target areas classed known / extension / greenfield, and for each
// area the elements the model actually used (occlusion), not the ones that merely run high there.
import type * as tf from '@tensorflow/tfjs';
import type { DepositCell } from '../dataset/cells';
import type { Window } from '../dataset/windows';
import type { FoldResult } from '../results';
import type { DeliveredTargets } from '../targets-types';
import { predictProbabilities } from '../training/predict';
import { throwIfAborted, type GridStack, type TaskOptions } from '../types';
import { calibrateScores, fitCalibration, reliabilityCurve, windowBaseRate } from './calibration';
import { occlusionDrivers, trainingBackground, windowsForArea } from './occlusion';
import { targetAreas } from './target-areas';
import { mapSpread } from './uncertainty';
import { TARGET_CLASS_CODES } from '../vocabulary';
import type { CellCalibration } from './cell-calibration';
import type { SamplingSupport } from '../grid/sampling-support';
import type { TargetSupport } from '../targets-types';

/** How much of the surveyed area is flagged as target by default: a field season's worth, stated, not tuned. */
export const DEFAULT_TARGET_SHARE = 0.1;
/** Target areas explained by occlusion (each costs a few model calls per element). */
const MAX_EXPLAINED = 40;

export interface DeliverInput {
  /** The deployed CNN, for the occlusion drivers; absent when the delivered map is not the CNN's (no drivers then). */
  model?: tf.LayersModel;
  /** Which map `dense` is and why it is delivered (the verdict's deliveredMap); stored with the targets. */
  delivered?: { model: string; label: string; reason: string };
  stack: GridStack;
  elements: string[];
  windowSize: number;
  inputSize: number;
  mask: Uint8Array;
  /** The delivered map: the deployed model's dense map (window scores at window centres), or a simple map's. */
  dense: Float32Array;
  /** The CV's fold models' dense maps of the same model, for the spread (none: no uncertainty map). */
  foldMaps: Float32Array[];
  /**
   * Whether `dense` itself joins the fold maps in the spread: true for the deployed CNN (a model of its own beside the
   * folds); false for a simple map, whose spread is that of its fold refits alone. Default true.
   */
  spreadIncludesDelivered?: boolean;
  /** What the spread is, in words, for the result's `uncertainty` line; default the deployed CNN's description. */
  spreadLabel?: string;
  /** The sampling-support layer (grid/sampling-support.ts): each target's peak is flagged by it. */
  support?: SamplingSupport;
  /** Held-out window predictions of the CV (the deployed procedure's), for calibration; none for another area's model. */
  heldOut: FoldResult[];
  deposits: DepositCell[];
  /** The training windows, for the background the occlusion replaces a channel with. */
  trainingWindows: Window[];
  /** Positive share the model was trained at (0.5 with balanced class weights). */
  trainingRate: number;
  slideRadius: number;
  targetShare?: number;
  /**
   * The calibration on the held-out ground (cell-calibration.ts): when given it replaces the window calibration and
   * its prior shift, and its cross-fitted reliability on cells is the one reported.
   */
  cellCalibration?: CellCalibration;
}

function quantileOf(map: Float32Array, mask: Uint8Array, q: number): number {
  const v: number[] = [];
  for (let i = 0; i < map.length; i++) if (mask[i] && !Number.isNaN(map[i])) v.push(map[i]);
  if (!v.length) return NaN;
  v.sort((a, b) => a - b);
  return v[Math.min(v.length - 1, Math.max(0, Math.floor(q * v.length)))];
}

export async function deliverTargets(d: DeliverInput, opts: TaskOptions = {}): Promise<{ result: DeliveredTargets; calibrated: Float32Array; uncertainty: Float32Array | null; classes: Float32Array }> {
  const { spec } = d.stack;
  const labels = d.heldOut.flatMap((f) => f.labels);
  const scores = d.heldOut.flatMap((f) => f.probs);
  const base = windowBaseRate(spec, d.mask, d.deposits, d.windowSize, d.slideRadius);
  const calibration = d.cellCalibration?.calibration ?? fitCalibration(scores, labels, { baseRate: base.rate, trainingRate: d.trainingRate });
  const calibrated = calibrateScores(calibration, d.dense);
  // Reliability is judged where the labels live: cross-fitted on held-out cells with the cell calibration; otherwise on
  // the held-out windows at their own ore share, before the shift to the area's base rate.
  const onWindows = { ...calibration, priorShift: undefined };
  const reliability = d.cellCalibration
    ? d.cellCalibration.reliability
    : labels.length ? reliabilityCurve(Array.from(calibrateScores(onWindows, Float32Array.from(scores))), labels, { bins: 10, strategy: 'quantile' }) : null;

  const spreadMaps = d.spreadIncludesDelivered === false ? d.foldMaps : [d.dense, ...d.foldMaps];
  const spread = spreadMaps.length >= 2 ? mapSpread(spreadMaps) : null;
  const uncertainty = spread ? spread.sd : null;
  const targetShare = d.targetShare ?? DEFAULT_TARGET_SHARE;
  const threshold = quantileOf(calibrated, d.mask, 1 - targetShare);
  const areas = targetAreas({ spec, score: calibrated, threshold, deposits: d.deposits, windowSize: d.windowSize, uncertainty: uncertainty ?? undefined });
  throwIfAborted(opts.signal);

  // Occlusion with the deployed model on the best areas: which channels its score rests on (a simple map has none).
  const model = d.model;
  const S = d.windowSize;
  let drivers: Awaited<ReturnType<typeof occlusionDrivers>> = [];
  if (model) {
    const explained = areas.areas.slice(0, MAX_EXPLAINED);
    const background = trainingBackground(d.stack, d.trainingWindows, d.elements);
    const targets = explained.map((a) => ({ id: String(a.id), windows: windowsForArea(spec, d.mask, areas.labels, a.id, calibrated, S) }));
    drivers = await occlusionDrivers(d.stack, d.elements, targets.filter((t) => t.windows.length > 0),
      (x, n) => predictProbabilities(model, x, n, S, d.elements.length, { inputSize: d.inputSize, batch: 32, signal: opts.signal }),
      { signal: opts.signal, background });
  }
  const byId = new Map(drivers.map((t) => [t.target, t.drivers]));
  const classes = new Float32Array(spec.width * spec.height).fill(NaN);
  for (let i = 0; i < classes.length; i++) if (d.mask[i]) classes[i] = 0;
  const classOf = new Map(areas.areas.map((a) => [a.id, TARGET_CLASS_CODES[a.class]]));
  areas.labels.forEach((l, i) => l > 0 && (classes[i] = classOf.get(l) ?? 0));
  return {
    result: {
      scoreKind: calibration.isProbability ? 'probability' : 'score', calibration, reliability, targetShare, threshold,
      ...(d.delivered ? { map: d.delivered } : {}),
      uncertainty: spread ? spreadSentence(spread.sd, d.mask, d.spreadLabel ?? `Standard deviation, per cell, of the deployed model's map and the ${d.foldMaps.length} cross-validation fold models' maps.`)
        : 'Fewer than two fold maps: no uncertainty map.',
      ...(d.support ? { samplingSupport: supportSentence(d.support) } : {}),
      areas: areas.areas.map((a) => ({ ...a, drivers: byId.get(String(a.id)) ?? [], ...(d.support ? { support: peakSupport(d.support, a.peak.row * spec.width + a.peak.col) } : {}) })),
    },
    calibrated, uncertainty, classes,
  };
}

/** The spread's description, saying so when the maps agree everywhere (an sd of 0 is not a measured uncertainty). */
function spreadSentence(sd: Float32Array, mask: Uint8Array, label: string): string {
  let max = 0;
  for (let i = 0; i < sd.length; i++) if (mask[i] && !Number.isNaN(sd[i]) && sd[i] > max) max = sd[i];
  return max > 0 ? label : `${label} The maps are identical on every cell (spread 0 everywhere): this procedure's refits do not vary, which says nothing about the error of the map itself.`;
}

function supportSentence(s: SamplingSupport): string {
  return `Sampling support: distance in metres from each cell centre to its k-th nearest sample (k = ${s.k}). A target is flagged 'thin' when that distance at its peak exceeds the sample spacing (${Math.round(s.spacing)} m, the median distance from a sample to its 4th nearest neighbour, as the search radius uses): its peak rests on fewer than ${s.k} samples.`;
}

/** The support of a target's peak cell: 'thin' when its k-th nearest sample lies beyond the sample spacing. */
export function peakSupport(s: SamplingSupport, cell: number): TargetSupport {
  const d = s.distance[cell];
  return { support: Number.isNaN(d) || d > s.spacing ? 'thin' : 'ok', k: s.k, kthSampleM: Math.round(d), spacingM: Math.round(s.spacing) };
}
