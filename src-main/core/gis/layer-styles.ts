// The style of each kind of layer, one place for the GeoPackage's layer_styles, the sidecar .qml files and the .qgs.
import { name, type Lang } from './names';
import { TARGET_CLASSES } from '../vocabulary';
import {
  categorizedOutlineQml, ELEMENT_RAMP, fmt, graduatedQml, percentiles, PROBABILITY_RAMP, pointQml, pseudocolorPipe, rasterQml, UNCERTAINTY_RAMP,
} from './qml';

export type LayerKind = 'samples' | 'deposits' | 'tiles' | 'targets' | 'windows' | 'probability' | 'uncertainty' | 'support' | 'element' | 'classes';

const PROB_BREAKS = [0, 0.2, 0.4, 0.5, 0.6, 0.8, 1];

export function samplesQml(): string {
  return pointQml('circle', 1.2, [60, 60, 60], [255, 255, 255]);
}

export function depositsQml(): string {
  return pointQml('star', 4.5, [255, 215, 0], [0, 0, 0]);
}

/** Tiles graduated by their probability. */
export function tilesQml(field = 'probability'): string {
  return graduatedQml(field, PROB_BREAKS, { color: [90, 90, 90], width: 0.15 });
}

/** Tile targets graduated by probability, outlined by kind: red for new targets, orange where a deposit confirms them. */
export function targetsQml(lang: Lang = 'en', field = 'probability', classField = 'kind'): string {
  const outline = `CASE WHEN "${classField}" = 'new-target' THEN color_rgb(200,20,30) ELSE color_rgb(230,120,20) END`;
  return targetsByScore(lang, field, outline);
}

/**
 * Target areas graduated by peak score, outlined by class in the classes' colours (the screen's). With the
 * layer's own peak scores the classes are equal intervals from its lowest to its highest (a calibrated probability
 * of 0.004-0.016 would otherwise fall in one class of a 0-1 scale), and the legend says so.
 */
export function targetAreasQml(lang: Lang = 'en', scores?: number[]): string {
  const outline = `CASE ${TARGET_CLASSES.map((c) => `WHEN "class" = '${c.class}' THEN color_rgb(${c.color.join(',')})`).join(' ')} END`;
  const v = (scores ?? []).filter(Number.isFinite);
  if (!v.length) return targetsByScore(lang, 'peak_score', outline);
  const lo = Math.min(...v);
  const hi = Math.max(...v);
  // Every area at one score: one class, in the ramp's high colour.
  if (hi === lo) return graduatedQml('peak_score', [lo - Math.abs(lo) * 1e-6 - 1e-12, hi + Math.abs(hi) * 1e-6 + 1e-12], { expression: outline, color: [200, 20, 30], width: 0.8 }, [`${fmt(lo)} (${name('layerMax', lang)})`]);
  const breaks = Array.from({ length: 6 }, (_, i) => lo + ((hi - lo) * i) / 5);
  // The outer breaks are widened a little so the lowest and highest areas fall inside their classes.
  const edges = [lo - (hi - lo) * 1e-6, ...breaks.slice(1, -1), hi + (hi - lo) * 1e-6];
  const labels = breaks.slice(0, -1).map((b, i) => `${fmt(b)} - ${fmt(breaks[i + 1])}${i === 0 ? ` (${name('low', lang)}; ${name('layerMin', lang)})` : i === 4 ? ` (${name('high', lang)}; ${name('layerMax', lang)})` : ''}`);
  return graduatedQml('peak_score', edges, { expression: outline, color: [200, 20, 30], width: 0.8 }, labels);
}

function targetsByScore(lang: Lang, field: string, outline: string): string {
  const labels = PROB_BREAKS.slice(0, -1).map((b, i) => `${b} - ${PROB_BREAKS[i + 1]}${i === 0 ? ` (${name('low', lang)})` : i === PROB_BREAKS.length - 2 ? ` (${name('high', lang)})` : ''}`);
  return graduatedQml(field, PROB_BREAKS, { expression: outline, color: [200, 20, 30], width: 0.8 }, labels);
}

export function windowsQml(lang: Lang = 'en'): string {
  return categorizedOutlineQml('label', [
    { value: 1, label: name('ore', lang), color: [200, 20, 30] },
    { value: 0, label: name('barren', lang), color: [40, 90, 200] },
  ]);
}

/**
 * A probability or score map. With its values: stretched between the 2nd and 98th percentiles of its valid cells,
 * the stretch named in the legend (a calibrated map of 0.004-0.016 on a fixed 0-1 ramp opens as one flat colour);
 * without: the fixed 0-1 ramp.
 */
export function probabilityQml(lang: Lang = 'en', values?: ArrayLike<number>, nodata?: number): string {
  if (!values) return rasterQml(pseudocolorPipe(0, 1, PROBABILITY_RAMP, { labels: [`0 (${name('low', lang)})`, `1 (${name('high', lang)})`] }));
  const [lo, hi] = percentiles(values, 0.02, 0.98, nodata);
  return rasterQml(pseudocolorPipe(lo, hi, PROBABILITY_RAMP, {
    cumulativeCut: [0.02, 0.98], labels: [`${fmt(lo)} (${name('low', lang)}; ${name('p2', lang)})`, `${fmt(hi)} (${name('high', lang)}; ${name('p98', lang)})`],
  }));
}

export function uncertaintyQml(max: number, lang: Lang = 'en'): string {
  return rasterQml(pseudocolorPipe(0, max, UNCERTAINTY_RAMP, { labels: [`0 (${name('low', lang)})`, `${max.toPrecision(2)} (${name('high', lang)}; ${name('p99', lang)})`] }));
}

/**
 * The sampling-support layer (metres to the k-th nearest sample): stretched over its own values, nearest (well
 * sampled) low to farthest high on the uncertainty ramp, the ends labelled in metres.
 */
export function supportQml(values: ArrayLike<number>, nodata?: number, lang: Lang = 'en'): string {
  const [lo, hi] = percentiles(values, 0, 0.99, nodata);
  const m = name('metres', lang);
  return rasterQml(pseudocolorPipe(lo, hi, UNCERTAINTY_RAMP, { labels: [`${Math.round(lo)} ${m} (${name('layerMin', lang)})`, `${Math.round(hi)} ${m} (${name('p99', lang)})`] }));
}

/** An element grid stretched between its 2nd and 98th percentiles, named in the legend. */
export function elementQml(values: ArrayLike<number>, nodata?: number, lang: Lang = 'en'): string {
  const [lo, hi] = percentiles(values, 0.02, 0.98, nodata);
  return rasterQml(pseudocolorPipe(lo, hi, ELEMENT_RAMP, { cumulativeCut: [0.02, 0.98], labels: [`${fmt(lo)} (${name('p2', lang)})`, `${fmt(hi)} (${name('p98', lang)})`] }));
}
