// Dataset and prediction settings chosen from the study area itself (sample spacing, the anomaly scale of the selected
// elements, the number and clustering of the deposits) instead of fixed cell counts, each with the reason it was
// chosen, and checked by building the folds it implies: a choice that leaves a fold empty or single-class, or drops
// most windows, is replaced by fewer folds or a smaller buffer before it is returned.
import { medianNearestNeighbourDistance } from '../grid/spec';
import { ProspectError, type GridSpec } from '../types';
import { isGeographic } from '../util/crs';
import type { DepositCell } from './cells';
import { countClusters } from './clusters';
import { buildSpatialFolds, type FoldProblem, type Folds } from './folds';
import { correlationRange } from './variogram';
import { sampleWindowsDetailed, type SampledWindows } from './windows';
import type { DatasetEvidence } from '../result-parts';
import type { PresetName } from '../vocabulary';

export type { DatasetEvidence };

/** Which preset's rules the defaults follow. */
export type DefaultsIntent = PresetName;

export interface DefaultsInput {
  spec: GridSpec;
  /** 1 = valid cell; null = all valid. */
  mask: Uint8Array | null;
  /** z-scores of the selected elements, one band per element. */
  bands: Float32Array[];
  /** Their names, for the reasons. */
  elements?: string[];
  deposits: DepositCell[];
  /** Sample positions (map units) when the grid was interpolated from points; absent for imported grids. */
  samples?: { x: ArrayLike<number>; y: ArrayLike<number> };
  intent: DefaultsIntent;
  /** Windows the dataset step will draw (the presets: 212 slid positives, 225 negatives). */
  nPositive?: number;
  nNegative?: number;
  /** Smallest CNN input the architecture takes. Default 32 for 'paper' (ResNet-50), 8 for 'quick' (the small CNN). */
  minCrop?: number;
  seed?: number;
}

/** A chosen value and the one sentence that says why. */
export interface Chosen<T> {
  value: T;
  reason: string;
}

export interface DefaultsTrial {
  window: number;
  folds: number;
  buffer: number;
  negativeMinDistance: number;
  dropped: number;
  windows: number;
  /** Codes of the error problems ([] = accepted). */
  errors: string[];
}

export interface DatasetDefaults {
  intent: DefaultsIntent;
  /** Window side in cells (value) and in map units. */
  window: Chosen<number> & { metres: number };
  /** The random crop fed to the network, cells. */
  crop: Chosen<number>;
  /** Evaluation tiling (the paper: 12 x 12). */
  tiles: Chosen<{ rows: number; cols: number }>;
  /** Stride of the dense map in cells, and as a fraction of the window (PredictConfig.denseStrideFraction). */
  denseStride: Chosen<number> & { fraction: number };
  /** Number of folds; null when the deposits form fewer than 2 clusters (no spatial cross-validation possible). */
  folds: Chosen<number | null>;
  /** Least gap between windows of different folds, cells and map units. */
  foldBuffer: Chosen<number> & { metres: number };
  /** Largest offset of a deposit from a slid window's centre, cells, and as a fraction of the window. */
  slideRadius: Chosen<number> & { fraction: number };
  /** Least distance from a negative window to any deposit, cells, and in windows. */
  negativeMinDistance: Chosen<number> & { windows: number };
  /** The measurements the choices rest on. */
  evidence: DatasetEvidence;
  /** The folds the chosen values give (sampled with the same seed as the dataset step would). */
  check: {
    windows: number;
    dropped: number;
    shortfall: { positive: number; negative: number };
    positivesPerFold: number[];
    negativesPerFold: number[];
    depositsPerFold: number[];
    /** Problems of the chosen configuration; errors here mean no configuration tried was fit for cross-validation. */
    problems: FoldProblem[];
    tried: DefaultsTrial[];
  };
}

const SAMPLE_SPACINGS = 4;
const CROP_RATIO = 224 / 256;
const MAX_TILES = 12;

const km = (m: number): string => (m >= 10_000 ? `${(m / 1000).toFixed(0)} km` : m >= 1000 ? `${(m / 1000).toFixed(1)} km` : `${Math.round(m)} m`);

function cropOf(w: number, minCrop: number): number {
  return Math.min(w, Math.max(minCrop, Math.floor(w * CROP_RATIO)));
}

/** Largest slide that keeps the deposit inside every random crop of the window. */
function slideOf(w: number, crop: number): number {
  const half = Math.floor(w / 2);
  return Math.max(0, Math.min(half - (w - crop), crop - 1 - half));
}

function checkGeometry(input: DefaultsInput): void {
  const { spec, bands, deposits } = input;
  let geographic = false;
  try {
    geographic = isGeographic(spec.crs);
  } catch {
    // An unknown CRS string: the cell size is taken as metres, as everywhere else in the core.
  }
  if (geographic) {
    throw new ProspectError(`The grid is in ${spec.crs} (degrees): defaults in metres need a projected grid; grid the samples in a UTM CRS.`,
      'GRID_GEOGRAPHIC', { column: 'crs' });
  }
  if (bands.length === 0) throw new ProspectError('Defaults need the z-scored grids of at least one selected element.', 'EMPTY_SELECTION');
  if (deposits.length === 0) throw new ProspectError('Defaults need at least one known deposit on the grid.', 'NO_DEPOSITS');
}

/**
 * Chooses window, crop, tiles, dense stride, folds, fold buffer, slide radius and negative distance from the data, each
 * with its reason. The variogram of the selected z-scores gives two lengths: its half-sill lag (the anomaly scale: the
 * size of a coherent high) bounds the window from below together with a few sample spacings; its range (beyond which
 * cells are uncorrelated) is the preferred fold buffer. Folds follow the deposit clusters. Every candidate is checked
 * by sampling the windows and building the folds; the first without an empty or single-class fold and with at most
 * half the windows dropped is returned (largest buffer first, then most folds).
 */
export function chooseDatasetDefaults(input: DefaultsInput): DatasetDefaults {
  checkGeometry(input);
  const { spec, mask, bands, deposits, intent } = input;
  const seed = input.seed ?? 42;
  const nPositive = input.nPositive ?? 212;
  const nNegative = input.nNegative ?? 225;
  const minCrop = input.minCrop ?? (intent === 'paper' ? 32 : 8);
  const cell = Math.sqrt(spec.cellX * spec.cellY);
  const { width: W, height: H } = spec;

  const spacing = input.samples
    ? { metres: Math.max(medianNearestNeighbourDistance(input.samples.x, input.samples.y), cell), source: 'samples' as const }
    : { metres: cell, source: 'cell size' as const };
  const cr = correlationRange(spec, mask, bands, { seed });
  const elements = input.elements ?? bands.map((_, i) => `band ${i + 1}`);
  const scaleCells = Math.max(1, Math.ceil(cr.halfSillLag / cell));
  const rangeCells = Math.max(scaleCells, Math.ceil(cr.range / cell));

  const bySpacing = Math.ceil((SAMPLE_SPACINGS * spacing.metres) / cell - 1e-9);
  const byCrop = Math.ceil(minCrop / CROP_RATIO);
  const lowerBounds: [number, DatasetDefaults['evidence']['windowBounds']['lowerBy']][] = [
    [bySpacing, 'sample spacing'], [scaleCells, 'anomaly scale'], [byCrop, 'network input'],
  ];
  const [lower, lowerBy] = lowerBounds.reduce((a, b) => (b[0] > a[0] ? b : a));
  const fit = Math.min(W, H);
  if (byCrop > fit) {
    throw new ProspectError(`The ${W} x ${H} grid is smaller than the network's smallest input (${minCrop} cells): use a finer cell size.`,
      'GRID_TOO_SMALL', { column: 'cellSize' });
  }
  const paperTile = Math.ceil(Math.max(W, H) / MAX_TILES);
  const preferred = Math.min(fit, intent === 'paper' ? Math.max(lower, paperTile) : lower);
  // Larger windows first; below the lower bound only as a last resort (stated in the reason), never below the input.
  const normal: number[] = [];
  for (let w = preferred; w > lower; w = Math.floor(w * 0.85)) normal.push(w);
  normal.push(Math.min(lower, fit));
  const lastResort = [0.75, 0.5].map((f) => Math.max(byCrop, Math.floor(Math.min(lower, fit) * f))).filter((w) => w < Math.min(lower, fit));

  const tried: DefaultsTrial[] = [];
  const note = (t: DefaultsTrial): void => {
    if (!tried.some((x) => x.window === t.window && x.folds === t.folds && x.buffer === t.buffer && x.errors.join() === t.errors.join())) tried.push(t);
  };
  const samples = new Map<string, SampledWindows>();
  const sample = (w: number, crop: number): { s: SampledWindows; negMin: number } => {
    // Negatives keep one anomaly scale from every deposit; where the area leaves no room for them, half of it, then none.
    let negMin = Math.min(scaleCells, w);
    for (;;) {
      const key = `${w}:${negMin}`;
      let s = samples.get(key);
      if (!s) {
        s = sampleWindowsDetailed(spec, mask, deposits, { size: w, nPositive, nNegative, slideRadius: slideOf(w, crop), negativeMinDistance: negMin, seed });
        samples.set(key, s);
      }
      if (s.shortfall.negative <= 0.1 * nNegative || negMin === 0) return { s, negMin };
      negMin = Math.floor(negMin / 2);
    }
  };

  interface Pick { w: number; crop: number; k: number | null; buffer: number; negMin: number; s: SampledWindows; f: Folds | null; clusters: number; split: boolean }
  let chosen: Pick | null = null;
  let fallback: Pick | null = null;
  const accepted: Pick[] = [];
  const score = (p: Pick) => (p.f ? p.f.problems.filter((x) => x.severity === 'error').length * 1e9 + p.f.dropped : Infinity);
  // Preference: at least 3 folds (2 give a single held-out comparison) at any window down to the lower bound, then
  // 2 folds; the larger buffer before the smaller; then more folds; windows below the lower bound come last.
  const buffers = [...new Set([rangeCells, scaleCells])];
  const phases: { windows: number[]; kMin: number; kMax: number; split?: boolean }[] = [
    { windows: [...new Set(normal)], kMin: 3, kMax: 10 },
    { windows: [...new Set(normal)], kMin: 2, kMax: 2 },
    // A chain of deposits closer than window + buffer (a corridor) is cut at its widest gaps; windows near a cut
    // are dropped, and the checks keep that to a minority.
    { windows: [...new Set(normal)], kMin: 2, kMax: 10, split: true },
    { windows: [...new Set(lastResort)], kMin: 2, kMax: 10 },
  ];
  search: for (const { windows, kMin, kMax, split = false } of phases) {
    for (const w of windows) {
      const crop = cropOf(w, minCrop);
      const { s, negMin } = sample(w, crop);
      for (const buffer of buffers) {
        const clusters = countClusters(deposits, w + buffer);
        const units = split ? deposits.length : clusters;
        if (units < kMin) {
          note({ window: w, folds: 0, buffer, negativeMinDistance: negMin, dropped: 0, windows: s.windows.length, errors: [clusters < 2 ? 'FEWER_THAN_2_CLUSTERS' : 'FEWER_THAN_3_CLUSTERS'] });
          if (!fallback) fallback = { w, crop, k: null, buffer, negMin, s, f: null, clusters, split };
          continue;
        }
        const cap = deposits.length >= 50 && units >= 20 ? 10 : 5;
        for (let k = Math.min(units, cap, kMax); k >= kMin; k--) {
          const f = buildSpatialFolds(s.windows, { k, buffer, clusterDistance: split ? 0 : w + buffer, deposits, seed });
          const errors = f.problems.filter((x) => x.severity === 'error').map((x) => x.code);
          note({ window: w, folds: k, buffer, negativeMinDistance: negMin, dropped: f.dropped, windows: s.windows.length, errors: split ? ['SPLIT_CLUSTERS', ...errors] : errors });
          const p: Pick = { w, crop, k, buffer, negMin, s, f, clusters, split };
          if (errors.length === 0 && !split) {
            chosen = p;
            break search;
          }
          if (errors.length === 0) accepted.push(p);
          if (!fallback || fallback.f === null || score(p) < score(fallback)) fallback = p;
        }
      }
    }
    if (split && accepted.length) {
      // Cutting clusters loses the deposits caught between folds: fewest lost first, then at least 3 folds, then the
      // larger buffer, then fewer windows dropped.
      const key = (p: Pick) => [p.f!.droppedDeposits.length, p.k! >= 3 ? 0 : 1, -p.buffer, p.f!.dropped];
      accepted.sort((a, b) => {
        const ka = key(a), kb = key(b);
        for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] - kb[i];
        return 0;
      });
      chosen = accepted[0];
      break;
    }
  }
  const pick = (chosen ?? fallback)!;
  return describe(input, pick, { cell, spacing, cr, elements, scaleCells, rangeCells, lower, lowerBy, fit, paperTile, minCrop, tried, accepted: chosen !== null });
}

interface Context {
  cell: number;
  spacing: { metres: number; source: 'samples' | 'cell size' };
  cr: ReturnType<typeof correlationRange>;
  elements: string[];
  scaleCells: number;
  rangeCells: number;
  lower: number;
  lowerBy: DatasetDefaults['evidence']['windowBounds']['lowerBy'];
  fit: number;
  paperTile: number;
  minCrop: number;
  tried: DefaultsTrial[];
  accepted: boolean;
}

function describe(
  input: DefaultsInput,
  p: { w: number; crop: number; k: number | null; buffer: number; negMin: number; s: SampledWindows; f: Folds | null; clusters: number; split: boolean },
  c: Context,
): DatasetDefaults {
  const { spec, deposits, intent } = input;
  const { width: W, height: H } = spec;
  const { w, crop, k, buffer, negMin, f } = p;
  const cell = c.cell;
  const els = c.elements.join(', ');
  const scaleM = c.cr.halfSillLag;
  const rangeM = c.cr.range;

  const bounds = `at least ${c.lower} cells (${km(c.lower * cell)}, set by the ${c.lowerBy}): ${SAMPLE_SPACINGS} sample spacings` +
    ` (${km(c.spacing.metres)}${c.spacing.source === 'cell size' ? ', the cell size of an imported grid' : ''} each), the anomaly scale of ${els}` +
    ` (${km(scaleM)}, where their variogram reaches half its sill) and the network's ${c.minCrop}-cell input`;
  const wText = `${w} cells (${km(w * cell)})`;
  let windowReason: string;
  if (w < c.lower) {
    windowReason = `${wText}, below the lower bound (${bounds}), because no larger window gives at least 2 folds that all hold ore and background windows.`;
  } else if (intent === 'paper' && w === c.paperTile) {
    windowReason = `${wText}: as in the paper, one window is one of ${MAX_TILES} tiles across the longer side (${Math.max(W, H)} cells); it is ${bounds}.`;
  } else if (intent === 'paper' && w === Math.min(c.fit, c.lower) && c.lower > c.paperTile) {
    windowReason = `${wText}: the paper's tile (${MAX_TILES} across the longer side, ${c.paperTile} cells) is below the lower bound, ${bounds}.`;
  } else if (w === Math.min(c.fit, c.lower)) {
    windowReason = `${wText}: the smallest window that is ${bounds}${c.paperTile > w && intent === 'paper' ? `; the paper's tile (${c.paperTile} cells) gives fewer than 3 folds that all hold ore and background windows` : ''}.`;
  } else {
    windowReason = `${wText}: smaller than the paper's tile (${c.paperTile} cells) so that at least 3 folds hold ore and background windows; it is ${bounds}.`;
  }
  if (w > 64 && intent === 'quick') windowReason += ` The grid is fine for this scale (${km(cell)} cells): a coarser cell size would train faster.`;

  const cropReason = crop === w
    ? `${crop} cells, the whole window: the network's smallest input (${c.minCrop}) leaves no room for a random crop.`
    : `${crop} cells: the paper's 224/256 of the window (at least the network's ${c.minCrop}), so random crops shift the input by up to ${w - crop} cells.`;

  const rows = Math.min(MAX_TILES, Math.max(1, Math.round(H / w)));
  const cols = Math.min(MAX_TILES, Math.max(1, Math.round(W / w)));
  const tileH = Math.round(H / rows), tileW = Math.round(W / cols);
  const tilesReason = rows === MAX_TILES && cols === MAX_TILES
    ? `The paper's 12 x 12 tiles (about ${tileW} x ${tileH} cells each${tileW !== w || tileH !== w ? `, resampled to the ${w}-cell window` : ', one window each'}).`
    : `${rows} x ${cols} tiles of about one window (${tileH} x ${tileW} cells): the ${H} x ${W}-cell area holds fewer than 12 windows along ${rows < MAX_TILES && cols < MAX_TILES ? 'either side' : rows < MAX_TILES ? 'its height' : 'its width'}, so the paper's 12 x 12 would cut tiles smaller than a window.`;

  const stride = Math.max(1, Math.floor(Math.min(w, c.scaleCells) / 2));
  const strideReason = `${stride} cells: half the ${c.scaleCells < w ? `anomaly scale (${c.scaleCells} cells)` : `window (${w} cells)`}, so every anomaly is crossed by at least two window positions in each direction.`;

  const clusterText = `${deposits.length} deposits form ${p.clusters} cluster${p.clusters === 1 ? '' : 's'} (deposits closer than window + buffer = ${w + buffer} cells, ${km((w + buffer) * cell)}, go to one fold together)`;
  let foldsReason: string;
  if (k === null) {
    foldsReason = `None: ${clusterText}, and spatial cross-validation needs at least 2 clusters to hold one out; refuse held-out scores or fall back to leave-one-deposit-out with the overlap stated.`;
  } else if (p.split) {
    foldsReason = `${k}: ${clusterText}, fewer than the ${k < 3 ? 2 : 3} folds cross-validation needs, so the clusters are cut at their widest gaps;` +
      ` ${k} folds with this buffer lose the fewest deposits at fold borders (${f?.droppedDeposits.length ?? 0}) and drop ${f?.dropped ?? 0} of ${p.s.windows.length} windows near the cuts.`;
  } else {
    const cap = deposits.length >= 50 && p.clusters >= 20 ? 10 : 5;
    const first = Math.min(p.clusters, cap);
    foldsReason = `${k}: ${clusterText}; at most one fold per cluster and at most ${cap}` +
      (k < first ? `; with ${first}${first > k + 1 ? ` down to ${k + 1}` : ''} folds${buffer < c.rangeCells ? ' (at either buffer)' : ''} some fold would be empty or single-class, or most windows would be dropped.` : '.');
    if (!c.accepted) foldsReason += ` No setting tried gives folds that all hold both classes: ${f?.problems.filter((x) => x.severity === 'error').map((x) => x.message).join(' ')}`;
  }

  const bufferReason = buffer >= c.rangeCells
    ? `${buffer} cells (${km(buffer * cell)}): the range of the variogram of ${els} (spherical fit${c.cr.fit.levelled ? '' : ', not levelled within the largest lag: a floor'}); beyond it cells are uncorrelated, so no test window shares its anomaly with a training window.`
    : `${buffer} cells (${km(buffer * cell)}): the anomaly scale; with the full variogram range (${c.rangeCells} cells, ${km(rangeM)}) as buffer this area gives ${p.split ? 'folds that lose more deposits at their borders' : `no ${k !== null && k >= 3 ? '3 or more ' : ''}folds that all hold both classes`}, so windows of different folds are kept one anomaly apart instead (cells that far apart are correlated at about 0.5).`;

  const slideReason = `${p.s.windows.length ? slideOf(w, crop) : 0} cells: the largest offset of the deposit from the window centre that keeps it inside every random ${crop}-cell crop.`;
  const negReason = negMin === Math.min(c.scaleCells, w)
    ? `${negMin} cells (${km(negMin * cell)}): one anomaly scale, so background windows do not hold the edge of a deposit's anomaly.`
    : `${negMin} cells: one anomaly scale (${c.scaleCells} cells) left room for fewer than 90% of the ${p.s.requested.negative} background windows, so it was halved until they fit.`;

  return {
    intent,
    window: { value: w, metres: w * cell, reason: windowReason },
    crop: { value: crop, reason: cropReason },
    tiles: { value: { rows, cols }, reason: tilesReason },
    denseStride: { value: stride, fraction: stride / w, reason: strideReason },
    folds: { value: k, reason: foldsReason },
    foldBuffer: { value: buffer, metres: buffer * cell, reason: bufferReason },
    slideRadius: { value: slideOf(w, crop), fraction: slideOf(w, crop) / w, reason: slideReason },
    negativeMinDistance: { value: negMin, windows: negMin / w, reason: negReason },
    evidence: {
      cellSize: cell,
      sampleSpacing: c.spacing,
      variogram: {
        range: rangeM, halfSillLag: scaleM, range95: c.cr.range95, nugget: c.cr.fit.nugget, sill: c.cr.fit.sill,
        levelled: c.cr.fit.levelled, rangePerBand: c.cr.rangePerBand.map((r, i) => ({ element: c.elements[i], range: r })),
      },
      deposits: deposits.length,
      clusters: p.clusters,
      windowBounds: { lower: c.lower, lowerBy: c.lowerBy, fit: c.fit },
    },
    check: {
      windows: p.s.windows.length,
      dropped: f?.dropped ?? 0,
      shortfall: p.s.shortfall,
      positivesPerFold: f?.positivesPerFold ?? [],
      negativesPerFold: f?.negativesPerFold ?? [],
      depositsPerFold: f?.depositsPerFold ?? [],
      problems: f?.problems ?? [{ code: 'EMPTY_FOLD', severity: 'error', message: `Fewer than 2 deposit clusters: no spatial fold can be held out.` }],
      tried: c.tried,
    },
  };
}

/**
 * The chosen values in the shape of the pipeline configuration (dataset and predict sections, plus the fold buffer).
 * The slide fraction is centred in its cell (the dataset step floors windowSize x slideFraction), so the radius in
 * cells comes back exactly; the stride and negative distance are rounded there and come back exactly too.
 */
export function defaultsAsConfig(d: DatasetDefaults): {
  dataset: { windowSize: number; cropSize: number; slideFraction: number; negativeMinDistanceWindows: number; folds: number | null; foldBuffer: number };
  predict: { tileRows: number; tileCols: number; denseStrideFraction: number };
} {
  return {
    dataset: {
      windowSize: d.window.value, cropSize: d.crop.value, slideFraction: (d.slideRadius.value + 0.5) / d.window.value,
      negativeMinDistanceWindows: d.negativeMinDistance.windows, folds: d.folds.value, foldBuffer: d.foldBuffer.value,
    },
    predict: { tileRows: d.tiles.value.rows, tileCols: d.tiles.value.cols, denseStrideFraction: d.denseStride.fraction },
  };
}
