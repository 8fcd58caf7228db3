// Every closed vocabulary of the product, each written once as an `as const` list its union type is derived from.
// Constants and types only, importing nothing: the CLI's choices and help text, the request validators of the shell,
// the core's configuration and results, and the renderer's settings (at run time) all read them from here, so adding
// a value is one edit here (plus, for an architecture, its builder in models/registry.ts, which fails to compile
// without one).

/** The pipeline's steps, in the order they run: a step's results feed the steps after it. */
export const STEP_NAMES = ['grid', 'select', 'dataset', 'train', 'predict', 'evaluate', 'export'] as const;
export type StepName = (typeof STEP_NAMES)[number];

/** Position of a step in the pipeline (0 = grid). */
export function stepIndex(step: StepName): number {
  return STEP_NAMES.indexOf(step);
}

/** The configurations a run starts from ('quick' first: the default). */
export const PRESET_NAMES = ['quick', 'paper'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/**
 * The model architectures: the name a configuration uses, a short label, what it is, and the sizes the trainer plans
 * with. The builder of each lives in models/ and is keyed by `Arch` in models/registry.ts.
 */
export const ARCHITECTURES = [
  { arch: 'resnet50', label: 'ResNet-50', description: 'ResNet-50 (bottleneck blocks 3-4-6-3, ~23.5 M weights), the network of Gao et al. 2022.', minInputSize: 32, defaultInputSize: 224, macsPerPixel: 81456 },
  { arch: 'resnet18', label: 'ResNet-18', description: 'ResNet-18 (basic blocks 2-2-2-2, ~11.2 M weights): about twice as fast as ResNet-50.', minInputSize: 32, defaultInputSize: 224, macsPerPixel: 36144 },
  { arch: 'mobilenetv2', label: 'MobileNetV2', description: 'MobileNetV2 (inverted residuals, depthwise convolutions, ~2.2 M weights).', minInputSize: 32, defaultInputSize: 224, macsPerPixel: 5969 },
  { arch: 'shufflenetv2', label: 'ShuffleNetV2', description: 'ShuffleNetV2 1.0x (channel split and shuffle, ~1.25 M weights).', minInputSize: 32, defaultInputSize: 224, macsPerPixel: 2868 },
  { arch: 'googlenet', label: 'GoogLeNet', description: 'GoogLeNet / Inception v1 with batch norm, no auxiliary heads (~5.6 M weights).', minInputSize: 32, defaultInputSize: 224, macsPerPixel: 29842 },
  { arch: 'smallcnn', label: 'Small CNN', description: 'Small 3-stage CNN (~0.1 M weights) for the quick preset: 32-px inputs, trains on 2 CPU cores in a minute or two.', minInputSize: 8, defaultInputSize: 32, macsPerPixel: 10080 },
] as const;
export type Arch = (typeof ARCHITECTURES)[number]['arch'];
export const ARCH_NAMES: readonly Arch[] = ARCHITECTURES.map((a) => a.arch);

/** Where training runs ('auto': the fastest the machine offers). */
export const BACKENDS = ['auto', 'tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKENDS)[number];

/** Class weights of the training loss. */
export const CLASS_WEIGHTS = ['balanced', 'none'] as const;
export type ClassWeights = (typeof CLASS_WEIGHTS)[number];

/** What is applied to each element's grid before z-scoring. */
export const TRANSFORMS = ['none', 'log10', 'clr'] as const;
export type BandTransform = (typeof TRANSFORMS)[number];

/** Per-campaign levelling of the sample values before gridding (quality/levelling.ts). */
export const LEVELLING_METHODS = ['none', 'zscore', 'quantile'] as const;
export type LevellingMethod = (typeof LEVELLING_METHODS)[number];

/** The test that selects an element ('zauc' is the paper's; the presets select on 'zauc-null'). */
export const SELECTION_CRITERIA = ['shift', 'zauc', 'zauc-null', 'permutation'] as const;
export type SelectionCriterion = (typeof SELECTION_CRITERIA)[number];

/** Concentration units a column may be in (values are converted from it to ppm). */
export const UNITS = ['ppm', 'ppb', 'pct', 'ppt'] as const;
export type Unit = (typeof UNITS)[number];

/** Substitute for a below-detection value: DL/2, DL/sqrt(2) (the default) or 0.65 DL. */
export const CENSORED_RULES = ['sqrt2', 'half', '0.65'] as const;
export type CensoredRule = (typeof CENSORED_RULES)[number];
export const DEFAULT_CENSORED_RULE: CensoredRule = 'sqrt2';

/** Exact zeros in a column that states a detection limit elsewhere: read as below detection, or as the value 0. */
export const ZERO_RULES = ['censored', 'value'] as const;
export type ZeroRule = (typeof ZERO_RULES)[number];
export const DEFAULT_ZERO_RULE: ZeroRule = 'censored';

/** Rows sharing coordinates with different values: keep both, keep the first, or average them. */
export const DUPLICATE_RULES = ['keep', 'first', 'mean'] as const;
export type DuplicateRule = (typeof DUPLICATE_RULES)[number];

/** The prediction maps a screen may ask for. */
export const MAP_KINDS = ['dense', 'calibrated', 'uncertainty', 'sampling-support', 'target-classes'] as const;
export type MapKind = (typeof MAP_KINDS)[number];

/** How a basemap is resampled onto the grid (bilinear: the default). */
export const RESAMPLINGS = ['bilinear', 'nearest'] as const;
export type Resampling = (typeof RESAMPLINGS)[number];

/** What a file brings into a project: survey samples or known deposits. */
export const TABLE_KINDS = ['samples', 'deposits'] as const;
export type TableKind = (typeof TABLE_KINDS)[number];

/** Languages of the app and of the names in exported QGIS projects. */
export const LANGS = ['en', 'zh'] as const;
export type Lang = (typeof LANGS)[number];

export type Rgb = readonly [number, number, number];

/**
 * The classes of a target area against the known deposits: its code in the class raster (0 = background), its names
 * and its colour, the same on the screen, in the GeoTIFF's colour table and in the QGIS styles.
 */
export const TARGET_CLASSES = [
  { class: 'known', code: 1, en: 'known', zh: '已知', description: 'known (holds a deposit)', color: [60, 120, 230] },
  { class: 'extension', code: 2, en: 'extension', zh: '外延', description: 'extension (within one window of a known deposit)', color: [240, 140, 30] },
  { class: 'greenfield', code: 3, en: 'greenfield', zh: '新区', description: 'greenfield', color: [235, 40, 60] },
] as const;
export type TargetClass = (typeof TARGET_CLASSES)[number]['class'];
export type TargetClassInfo = (typeof TARGET_CLASSES)[number];

/** A class's row of TARGET_CLASSES. */
export function targetClass(c: TargetClass): TargetClassInfo {
  return TARGET_CLASSES.find((t) => t.class === c)!;
}

/** The class codes by class, as the class raster stores them. */
export const TARGET_CLASS_CODES = Object.fromEntries(TARGET_CLASSES.map((t) => [t.class, t.code])) as { readonly [C in TargetClass]: number };

/** True when `v` is one of `values`: narrows an unknown string to the vocabulary's union. */
export function isOneOf<T extends string>(values: readonly T[], v: unknown): v is T {
  return typeof v === 'string' && (values as readonly string[]).includes(v);
}

/** The values as help text writes them: `none|log10|clr`. */
export const choices = (values: readonly string[]): string => values.join('|');

/** The built-in demo study areas: 'isotropic' (round halos, the original demo) and 'zoned' (halos whose shape matters). */
export const DEMO_SCENARIOS = ['isotropic', 'zoned'] as const;
export type DemoScenario = (typeof DEMO_SCENARIOS)[number];
