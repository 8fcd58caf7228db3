// The dataset settings actually used: each one the user's (or the preset's) number, or, where the configuration says
// 'auto', the value chooseDatasetDefaults measured from the data, with the sentence that says why.
import type { DatasetConfig, PipelineConfig } from '../config';
import type { DatasetChoice, ResolvedDataset } from '../results';
import type { GridSpec } from '../types';
import type { DepositCell } from '../dataset/cells';
import { chooseDatasetDefaults, defaultsAsConfig, type DatasetDefaults } from '../dataset/defaults';

export interface ResolveInput {
  spec: GridSpec;
  mask: Uint8Array | null;
  /** z-scores of the selected elements. */
  bands: Float32Array[];
  elements: string[];
  deposits: DepositCell[];
  samples?: { x: ArrayLike<number>; y: ArrayLike<number> };
}

const AUTO_KEYS = ['windowSize', 'cropSize', 'slideFraction', 'negativeMinDistanceWindows', 'folds', 'foldBuffer'] as const;

export function needsDefaults(config: PipelineConfig): boolean {
  return AUTO_KEYS.some((k) => config.dataset[k] === 'auto') || config.predict.denseStrideFraction === 'auto';
}

/** Resolves every 'auto' setting of the dataset (and the dense-map stride) against the data. */
export function resolveDataset(input: ResolveInput, config: PipelineConfig): { resolved: ResolvedDataset; defaults: DatasetDefaults | null } {
  const d = config.dataset;
  const defaults = needsDefaults(config)
    ? chooseDatasetDefaults({
      ...input, intent: config.preset, nPositive: d.nPositive, nNegative: d.nNegative, seed: config.seed,
      // The smallest input the network takes: the small CNN pools twice, the ImageNet families five times.
      minCrop: config.train.arch === 'smallcnn' ? 8 : 32,
    })
    : null;
  const auto = defaults ? defaultsAsConfig(defaults) : null;
  const choices: DatasetChoice[] = [];
  const pick = <K extends keyof DatasetConfig>(key: K, value: DatasetConfig[K], chosen: number | null | undefined, reason: string | undefined): number => {
    if (value !== 'auto') {
      choices.push({ setting: key, value: value as number, source: 'configuration', reason: `set to ${value as number} (${config.preset} preset or the user's override)` });
      return value as number;
    }
    if (chosen === null || chosen === undefined) throw new Error(`no data-driven value for ${key}`);
    choices.push({ setting: key, value: chosen, source: 'data', reason: reason ?? '' });
    return chosen;
  };
  const windowSize = pick('windowSize', d.windowSize, auto?.dataset.windowSize, defaults?.window.reason);
  // A crop chosen for another window would not fit a window the user set: keep the paper's 224/256 ratio then.
  const autoCrop = d.windowSize === 'auto' ? auto?.dataset.cropSize : Math.max(1, Math.floor((windowSize * 224) / 256));
  const cropSize = pick('cropSize', d.cropSize, autoCrop, d.windowSize === 'auto' ? defaults?.crop.reason : 'the paper\'s 224/256 of the window set by the user');
  const slideFraction = pick('slideFraction', d.slideFraction, auto?.dataset.slideFraction, defaults?.slideRadius.reason);
  const negativeMinDistanceWindows = pick('negativeMinDistanceWindows', d.negativeMinDistanceWindows, auto?.dataset.negativeMinDistanceWindows, defaults?.negativeMinDistance.reason);
  const folds = pick('folds', d.folds, auto?.dataset.folds, defaults?.folds.reason);
  const foldBuffer = pick('foldBuffer', d.foldBuffer, auto?.dataset.foldBuffer, defaults?.foldBuffer.reason);
  const sp = config.predict.denseStrideFraction;
  const denseStrideFraction = sp !== 'auto' ? sp : auto!.predict.denseStrideFraction;
  choices.push(sp !== 'auto'
    ? { setting: 'denseStrideFraction', value: sp, source: 'configuration', reason: `set to ${sp} of the window` }
    : { setting: 'denseStrideFraction', value: denseStrideFraction, source: 'data', reason: defaults!.denseStride.reason });
  return {
    resolved: { windowSize, cropSize, slideFraction, negativeMinDistanceWindows, folds, foldBuffer, denseStrideFraction, nPositive: d.nPositive, nNegative: d.nNegative, choices },
    defaults,
  };
}

/**
 * The dense-map stride as a fraction of the window: the configured number, else the one the dataset step chose from
 * the data, else half a window (a project without a dataset, e.g. one predicted with another area's model).
 */
export function strideFraction(config: PipelineConfig, fromDataset: number | undefined): number {
  const s = config.predict.denseStrideFraction;
  return s !== 'auto' ? s : fromDataset ?? 0.5;
}
