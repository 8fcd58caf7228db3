import { readFileSync } from 'node:fs';
import { resolveConfig, type ConfigOverrides, type PipelineConfig, type PresetName } from '../core/config';
import { ProspectError } from '../core/types';
import { ARCH_NAMES, BACKENDS, choices, LEVELLING_METHODS, PRESET_NAMES, SELECTION_CRITERIA, TRANSFORMS } from '../core/vocabulary';
import { checkNames } from '../core/util/safe-name';
import { bool, choice, extent, list, num, numOrAuto, size, str, type Args } from './args';

/** The flags configFromArgs reads: those that tune the pipeline, shared by `run` and the per-step commands. */
export const CONFIG_FLAGS = [
  'preset', 'config', 'seed',
  'size', 'cell', 'extent', 'margin', 'power', 'max-points', 'radius', 'min-points', 'transform', 'elements', 'min-coverage', 'levelling', 'campaigns',
  'threshold', 'force', 'exclude', 'two-sided', 'holm', 'min-deposits', 'criterion',
  'window', 'crop', 'positives', 'negatives', 'folds', 'fold-buffer',
  'arch', 'epochs', 'batch', 'micro-batch', 'lr', 'lr-every', 'lr-factor', 'momentum', 'weight-decay', 'backend', 'val-fold',
  'tiles', 'prob-threshold', 'no-dense',
] as const;

export const CONFIG_FLAGS_HELP = `
  --preset ${choices(PRESET_NAMES)}     the configuration to start from (default quick)
  --config FILE            JSON overrides: { "seed": 1, "grid": {...}, "select": {...}, "dataset": {...}, "train": {...}, "predict": {...} }
  --seed N
  grid:     --size WxH | --cell METRES  --extent XMIN,YMIN,XMAX,YMAX  --margin M  --power P  --max-points K
            --radius R|auto  --min-points M  --transform ${choices(TRANSFORMS)}  --elements A,B,... (also forces them past the gate)
            --min-coverage X   least share of samples with a real measurement to grid an element (default 0.3)
            --levelling ${choices(LEVELLING_METHODS)}   per-campaign levelling before IDW (default zscore)
            --campaigns A,B    grid only the samples of these campaigns
  select:   --threshold Z  --force A,B  --exclude A,B  --two-sided  --holm  --min-deposits N (default 5)
            --criterion ${choices(SELECTION_CRITERIA)}   shift (default): deposit pattern moved over the grid; zauc-null: SE under AUC = 0.5; zauc: the paper's
  dataset:  --window CELLS|auto  --crop CELLS|auto  --positives N  --negatives N  --folds K|auto
            --fold-buffer CELLS|auto   (auto: chosen from the data, with the reason stored)
  train:    --arch ${choices(ARCH_NAMES)}  --epochs N  --batch N
            --micro-batch N  --lr X  --lr-every N  --lr-factor X  --momentum X  --weight-decay X
            --backend ${choices(BACKENDS)}  --val-fold K
  predict:  --tiles RxC  --prob-threshold X  --no-dense`;

export function configFromArgs(args: Args): PipelineConfig {
  const preset: PresetName = choice(args, 'preset', PRESET_NAMES) ?? PRESET_NAMES[0];
  const file = str(args, 'config');
  let fromFile: ConfigOverrides = {};
  if (file) {
    try {
      fromFile = JSON.parse(readFileSync(file, 'utf8')) as ConfigOverrides;
    } catch (e) {
      throw new ProspectError(`${file}: not a readable JSON config (${(e as Error).message}).`, 'BAD_CONFIG', { file });
    }
  }
  const base = resolveConfig((fromFile.preset as PresetName | undefined) ?? preset, fromFile);
  if (file) {
    checkNames(base.grid.elements, `${file}: grid.elements`, { file });
    checkNames(base.select.force, `${file}: select.force`, { file });
    checkNames(base.select.exclude, `${file}: select.exclude`, { file });
  }
  const tiles = size(args, 'tiles');
  const cell = num(args, 'cell');
  const gridSize = size(args, 'size');
  const flags: ConfigOverrides = {
    seed: num(args, 'seed'),
    grid: {
      size: gridSize ?? (cell !== undefined ? undefined : base.grid.size),
      cellSize: cell,
      extent: extent(args, 'extent'),
      margin: num(args, 'margin'),
      power: num(args, 'power'),
      maxPoints: num(args, 'max-points'),
      radius: numOrAuto(args, 'radius'),
      minPoints: num(args, 'min-points'),
      transform: choice(args, 'transform', TRANSFORMS),
      elements: names(args, 'elements'),
      minCoverage: share(args, 'min-coverage'),
      levelling: choice(args, 'levelling', LEVELLING_METHODS),
      campaigns: list(args, 'campaigns'),
    },
    select: {
      threshold: num(args, 'threshold'), force: args.flags.get('force') === true ? undefined : names(args, 'force'), twoSided: bool(args, 'two-sided') || undefined,
      criterion: choice(args, 'criterion', SELECTION_CRITERIA),
      holm: bool(args, 'holm') || undefined, minDeposits: num(args, 'min-deposits'), exclude: names(args, 'exclude'),
    },
    dataset: {
      windowSize: numOrAuto(args, 'window'), cropSize: numOrAuto(args, 'crop'), nPositive: num(args, 'positives'),
      nNegative: num(args, 'negatives'), folds: numOrAuto(args, 'folds'), foldBuffer: numOrAuto(args, 'fold-buffer'),
    },
    train: {
      arch: choice(args, 'arch', ARCH_NAMES), epochs: num(args, 'epochs'), batchSize: num(args, 'batch'),
      microBatch: num(args, 'micro-batch'), lr: num(args, 'lr'), momentum: num(args, 'momentum'),
      weightDecay: num(args, 'weight-decay'), backend: choice(args, 'backend', BACKENDS),
      validationFold: str(args, 'val-fold') === 'auto' ? 'auto' : num(args, 'val-fold'),
      lrStep: num(args, 'lr-every') !== undefined || num(args, 'lr-factor') !== undefined
        ? { every: num(args, 'lr-every') ?? base.train.lrStep.every, factor: num(args, 'lr-factor') ?? base.train.lrStep.factor }
        : undefined,
    },
    predict: {
      tileRows: tiles?.[0], tileCols: tiles?.[1], threshold: num(args, 'prob-threshold'),
      dense: bool(args, 'no-dense') ? false : undefined,
    },
  };
  const cfg = resolveConfig(base.preset, { ...base, ...merge(base, flags) });
  if (cell !== undefined) cfg.grid.size = undefined;
  return cfg;
}

/** A share in [0, 1]. */
function share(args: Args, key: string): number | undefined {
  const v = num(args, key);
  if (v !== undefined && !(v >= 0 && v <= 1)) {
    throw new ProspectError(`--${key} must be a share between 0 and 1 (0.3 = 30%), got ${v}.`, 'BAD_ARGS', { column: `--${key}` });
  }
  return v;
}

function merge(base: PipelineConfig, o: ConfigOverrides): ConfigOverrides {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined) continue;
    if (typeof v === 'object' && !Array.isArray(v)) {
      const clean = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined));
      out[k] = { ...(base as unknown as Record<string, object>)[k], ...clean };
    } else out[k] = v;
  }
  return out as ConfigOverrides;
}

/** A list of element names (--elements, --force, --exclude), each checked as it enters. */
function names(args: Args, key: string): string[] | undefined {
  const v = list(args, key);
  checkNames(v, `--${key}`, { column: `--${key}` });
  return v;
}
