// What a geologist takes to the field, from the validated model: its map calibrated on the cross-validation's
// held-out windows (or called a score when it cannot be), the spread of the fold models' maps as its uncertainty,
// the best-scoring share of the area merged into target areas classed known / extension / greenfield, and for each
// area the elements the model actually used (occlusion), not the ones that merely run high there.
import type * as tf from '@tensorflow/tfjs';
import type { DepositCell } from '../dataset/cells';
import type { Window } from '../dataset/windows';
import type { FoldResult } from './result-types';
import type { DeliveredTargets } from '../targets-types';
import { predictProbabilities } from '../training/predict';
import { throwIfAborted, type GridStack, type TaskOptions } from '../types';
import { calibrateScores, fitCalibration, reliabilityCurve, windowBaseRate } from './calibration';
import { occlusionDrivers, trainingBackground, windowsForArea } from './occlusion';
import { targetAreas } from './target-areas';
import { mapSpread } from './uncertainty';

/** How much of the surveyed area is flagged as target by default: a field season's worth, stated, not tuned. */
export const DEFAULT_TARGET_SHARE = 0.1;
/** Target areas explained by occlusion (each costs a few model calls per element). */
const MAX_EXPLAINED = 40;

export interface DeliverInput {
  model: tf.LayersModel;
  stack: GridStack;
  elements: string[];
  windowSize: number;
  inputSize: number;
  mask: Uint8Array;
  /** The deployed model's dense map (window scores at window centres). */
  dense: Float32Array;
  /** The CV's fold models' dense maps, for the spread. */
  foldMaps: Float32Array[];
  /** Held-out window predictions of the CV (the deployed procedure's), for calibration; none for another area's model. */
  heldOut: FoldResult[];
  deposits: DepositCell[];
  /** The training windows, for the background the occlusion replaces a channel with. */
  trainingWindows: Window[];
  /** Positive share the model was trained at (0.5 with balanced class weights). */
  trainingRate: number;
  slideRadius: number;
  targetShare?: number;
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
  const calibration = fitCalibration(scores, labels, { baseRate: base.rate, trainingRate: d.trainingRate });
  const calibrated = calibrateScores(calibration, d.dense);
  // Reliability is judged where the labels live, on the held-out windows at their own ore share: so before the shift to
  // the area's base rate (which only moves every probability by the same odds factor).
  const onWindows = { ...calibration, priorShift: undefined };
  const reliability = labels.length ? reliabilityCurve(Array.from(calibrateScores(onWindows, Float32Array.from(scores))), labels, { bins: 10, strategy: 'quantile' }) : null;

  const spread = d.foldMaps.length >= 1 ? mapSpread([d.dense, ...d.foldMaps]) : null;
  const uncertainty = spread ? spread.sd : null;
  const targetShare = d.targetShare ?? DEFAULT_TARGET_SHARE;
  const threshold = quantileOf(calibrated, d.mask, 1 - targetShare);
  const areas = targetAreas({ spec, score: calibrated, threshold, deposits: d.deposits, windowSize: d.windowSize, uncertainty: uncertainty ?? undefined });
  throwIfAborted(opts.signal);

  // Occlusion with the deployed model on the best areas: which channels its score rests on.
  const explained = areas.areas.slice(0, MAX_EXPLAINED);
  const background = trainingBackground(d.stack, d.trainingWindows, d.elements);
  const S = d.windowSize;
  const targets = explained.map((a) => ({ id: String(a.id), windows: windowsForArea(spec, d.mask, areas.labels, a.id, calibrated, S) }));
  const drivers = await occlusionDrivers(d.stack, d.elements, targets.filter((t) => t.windows.length > 0),
    (x, n) => predictProbabilities(d.model, x, n, S, d.elements.length, { inputSize: d.inputSize, batch: 32, signal: opts.signal }),
    { signal: opts.signal, background });
  const byId = new Map(drivers.map((t) => [t.target, t.drivers]));
  const classCode = { known: 1, extension: 2, greenfield: 3 } as const;
  const classes = new Float32Array(spec.width * spec.height).fill(NaN);
  for (let i = 0; i < classes.length; i++) if (d.mask[i]) classes[i] = 0;
  const classOf = new Map(areas.areas.map((a) => [a.id, classCode[a.class]]));
  areas.labels.forEach((l, i) => l > 0 && (classes[i] = classOf.get(l) ?? 0));
  return {
    result: {
      scoreKind: calibration.isProbability ? 'probability' : 'score', calibration, reliability, targetShare, threshold,
      uncertainty: spread ? `Standard deviation, per cell, of the deployed model's map and the ${d.foldMaps.length} cross-validation fold models' maps.` : 'No fold maps: no uncertainty map.',
      areas: areas.areas.map((a) => ({ ...a, drivers: byId.get(String(a.id)) ?? [] })),
    },
    calibrated, uncertainty, classes,
  };
}
