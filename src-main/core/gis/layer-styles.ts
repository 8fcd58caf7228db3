// The style of each kind of layer, one place for the GeoPackage's layer_styles, the sidecar .qml files and the .qgs.
import { name, type Lang } from './names';
import { TARGET_CLASSES } from '../vocabulary';
import {
  categorizedOutlineQml, ELEMENT_RAMP, graduatedQml, percentiles, PROBABILITY_RAMP, pointQml, pseudocolorPipe, rasterQml, UNCERTAINTY_RAMP,
} from './qml';

export type LayerKind = 'samples' | 'deposits' | 'tiles' | 'targets' | 'windows' | 'probability' | 'uncertainty' | 'element' | 'classes';

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

/** Target areas graduated by peak score, outlined by class in the classes' colours (the screen's). */
export function targetAreasQml(lang: Lang = 'en'): string {
  const outline = `CASE ${TARGET_CLASSES.map((c) => `WHEN "class" = '${c.class}' THEN color_rgb(${c.color.join(',')})`).join(' ')} END`;
  return targetsByScore(lang, 'peak_score', outline);
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

export function probabilityQml(lang: Lang = 'en'): string {
  return rasterQml(pseudocolorPipe(0, 1, PROBABILITY_RAMP, { labels: [`0 (${name('low', lang)})`, `1 (${name('high', lang)})`] }));
}

export function uncertaintyQml(max: number, lang: Lang = 'en'): string {
  return rasterQml(pseudocolorPipe(0, max, UNCERTAINTY_RAMP, { labels: [`0 (${name('low', lang)})`, `${max.toPrecision(2)} (${name('high', lang)})`] }));
}

/** An element grid stretched between its 2nd and 98th percentiles. */
export function elementQml(values: ArrayLike<number>, nodata?: number): string {
  const [lo, hi] = percentiles(values, 0.02, 0.98, nodata);
  return rasterQml(pseudocolorPipe(lo, hi, ELEMENT_RAMP, { cumulativeCut: [0.02, 0.98] }));
}
