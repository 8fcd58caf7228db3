// One typed configuration drives every step. Two presets: 'paper' follows Gao et al. 2022 as printed; 'quick' is
// sized for a 2-core laptop without a GPU (a coarser grid, small windows and a small CNN) and keeps every step real.
import { ProspectError } from './types';
import type { Arch, PresetName, SelectionCriterion } from './vocabulary';
import { PRESET_NAMES } from './vocabulary';
import type { Auto, DatasetConfig, EvaluateConfig, GridConfig, PipelineConfig, PredictConfig, SelectConfig, TrainConfig } from './config-types';

export type { Auto, DatasetConfig, EvaluateConfig, GridConfig, PipelineConfig, PredictConfig, SelectConfig, TrainConfig };

export type { Arch, PresetName, SelectionCriterion };

export const PRESETS: Record<PresetName, PipelineConfig> = {
  paper: {
    preset: 'paper',
    seed: 42,
    grid: { size: [3072, 3072], margin: 0, power: 2, maxPoints: 12, radius: 'auto', minPoints: 1, transform: 'log10', minCoverage: 0.3, levelling: 'zscore' },
    select: { threshold: 2.58, twoSided: false, criterion: 'shift', holm: false, minDeposits: 5, fallback: 3 },
    // The paper's window is one of its 12 x 12 tiles (256 cells of a 3072 grid): 'auto' with the paper intent keeps
    // that rule on any grid, and only departs from it (saying why) when the folds would otherwise lack a class.
    dataset: { windowSize: 'auto', cropSize: 'auto', nPositive: 212, nNegative: 225, slideFraction: 'auto', negativeMinDistanceWindows: 'auto', folds: 'auto', foldBuffer: 'auto' },
    train: {
      arch: 'resnet50', epochs: 120, batchSize: 32, lr: 0.01, lrStep: { every: 30, factor: 0.5 }, momentum: 0.9,
      weightDecay: 1e-4, classWeights: 'none', backend: 'auto', validationFold: 'auto',
    },
    predict: { tileRows: 12, tileCols: 12, threshold: 0.5, dense: true, denseStrideFraction: 'auto' },
    evaluate: { mode: 'cv' },
  },
  quick: {
    preset: 'quick',
    seed: 42,
    grid: { margin: 0, power: 2, maxPoints: 12, radius: 'auto', minPoints: 1, transform: 'log10', minCoverage: 0.3, levelling: 'zscore' },
    select: { threshold: 2.58, twoSided: false, criterion: 'shift', holm: false, minDeposits: 5, fallback: 3 },
    dataset: { windowSize: 'auto', cropSize: 'auto', nPositive: 212, nNegative: 225, slideFraction: 'auto', negativeMinDistanceWindows: 'auto', folds: 'auto', foldBuffer: 'auto' },
    train: {
      arch: 'smallcnn', epochs: 6, batchSize: 32, lr: 0.01, lrStep: { every: 30, factor: 0.5 }, momentum: 0.9,
      weightDecay: 1e-4, classWeights: 'balanced', backend: 'auto', validationFold: 'auto',
    },
    predict: { tileRows: 12, tileCols: 12, threshold: 0.5, dense: true, denseStrideFraction: 'auto' },
    // Fold models train exactly as the deployed model does (same epochs), so the held-out figures describe it.
    evaluate: { mode: 'cv', randomCv: true },
  },
};

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : DeepPartial<T[K]>) : T[K] };
export type ConfigOverrides = DeepPartial<PipelineConfig>;

/** The settings a config holds at its top level: the sections and the few plain values beside them. */
export const CONFIG_KEYS = ['preset', 'seed', 'lang', 'grid', 'select', 'dataset', 'train', 'predict', 'evaluate'] as const satisfies readonly (keyof PipelineConfig)[];
/** Keys that would reach an object's prototype when assigned or merged: never a setting. */
export const FORBIDDEN_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/**
 * A preset with the user's overrides laid over it, section by section. Only the known sections are merged (an
 * override named '__proto__' would otherwise be merged into Object.prototype of the process that runs the step).
 */
export function resolveConfig(preset: PresetName, overrides: ConfigOverrides = {}): PipelineConfig {
  const base = Object.hasOwn(PRESETS, preset) ? PRESETS[preset] : undefined;
  if (!base) throw new Error(`unknown preset '${preset}'; use ${PRESET_NAMES.map((n) => `'${n}'`).join(' or ')}`);
  const out = structuredClone(base);
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) continue;
    if (!(CONFIG_KEYS as readonly string[]).includes(k)) {
      throw new ProspectError(`The configuration has no setting '${k}' (its settings are ${CONFIG_KEYS.join(', ')}).`, 'BAD_CONFIG', { column: k });
    }
    if (typeof v === 'object' && v !== null) {
      for (const inner of Object.keys(v)) {
        if (FORBIDDEN_KEYS.includes(inner)) throw new ProspectError(`The configuration's '${k}' may not hold a key named '${inner}'.`, 'BAD_CONFIG', { column: `${k}.${inner}` });
      }
    }
    const key = k as keyof PipelineConfig;
    if (typeof v === 'object' && !Array.isArray(v) && typeof out[key] === 'object') {
      Object.assign(out[key] as object, Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined)));
    } else {
      (out as unknown as Record<string, unknown>)[key] = v;
    }
  }
  return out;
}
