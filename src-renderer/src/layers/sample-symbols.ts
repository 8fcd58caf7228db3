// Samples as classed symbols (percentile classes of one element): size and colour grow with the class, every
// symbol has a dark rim, so the top classes stand out on the dark page and on any colour ramp.
import type { Rgb } from './colormap';

/** Colours of the classes below P25 .. at or above P98 (light blue to red). */
export const SAMPLE_CLASS_COLORS: Rgb[] = [
  [150, 190, 235], [120, 210, 200], [170, 220, 90], [250, 220, 60], [250, 160, 40], [240, 90, 40], [230, 20, 60],
];
export const SAMPLE_CLASS_RADII = [1.6, 2, 2.4, 3, 3.6, 4.3, 5];
export const NO_VALUE_COLOR: Rgb = [120, 128, 140];

/** The legend's rows, highest class first: "≥ P98 (≥ 12.3 ppm)", ..., "< P25 (< 0.5 ppm)". */
export function sampleClassItems(percentiles: number[], breaks: number[], unit: string): { color: Rgb; radius: number; label: string }[] {
  if (!breaks.length) return [];
  const f = (v: number) => String(+v.toPrecision(3));
  const items = SAMPLE_CLASS_COLORS.slice(0, breaks.length + 1).map((color, k) => {
    const label = k === 0
      ? `< P${percentiles[0]} (< ${f(breaks[0]!)} ${unit})`
      : k === breaks.length
        ? `≥ P${percentiles[k - 1]} (≥ ${f(breaks[k - 1]!)} ${unit})`
        : `P${percentiles[k - 1]}–P${percentiles[k]} (${f(breaks[k - 1]!)}–${f(breaks[k]!)} ${unit})`;
    return { color, radius: SAMPLE_CLASS_RADII[k]!, label };
  });
  return items.reverse();
}
