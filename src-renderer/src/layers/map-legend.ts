// What the layer panel says about each layer: a colour ramp with its unit, class swatches, or one symbol.
import { colorBarStops, type ColormapName, type Rgb } from './colormap';
import type { Tick } from './stretch';
import { TARGET_CLASSES, TARGET_CLASS_CODES } from '../../../src-main/core/vocabulary';

export type LegendSpec =
  /** `ticks` place labelled values along the ramp where the stretch puts them; without them, ends and middle. */
  | { kind: 'ramp'; colormap: ColormapName; range: [number, number]; unit: string; ticks?: Tick[] }
  | { kind: 'classes'; items: { color: string; label: string }[] }
  | { kind: 'symbol'; shape: 'dot' | 'square' | 'outline' | 'line'; color: string; label: string };

export const css = (c: Rgb | [number, number, number, number]): string => `rgb(${c[0]},${c[1]},${c[2]})`;

/**
 * The ticks a narrow legend can label without overlap: both ends, and inner ticks at least `minGap` of the ramp
 * from their neighbours.
 */
export function legendTicks(ticks: Tick[], minGap = 0.3): Tick[] {
  if (ticks.length <= 2) return ticks;
  const first = ticks[0]!;
  const last = ticks[ticks.length - 1]!;
  const out = [first];
  for (const k of ticks.slice(1, -1)) if (k.t - out[out.length - 1]!.t >= minGap && last.t - k.t >= minGap) out.push(k);
  out.push(last);
  return out;
}

/** Three labelled ticks of a ramp: its ends and its middle. */
export function rampTicks(range: [number, number], colormap: ColormapName): string[] {
  return colorBarStops(range, colormap, 3).map((s) => {
    const v = s.value;
    return Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(1) : String(+v.toPrecision(3));
  });
}

/** The target-area classes as the class map stores them (0 background, 1 known, 2 extension, 3 greenfield). */
export const AREA_CLASS_COLORS: Record<number, Rgb> = {
  0: [70, 78, 92],
  ...Object.fromEntries(TARGET_CLASSES.map((c) => [c.code, [...c.color] as Rgb])),
};
export const AREA_CLASS_CODES = TARGET_CLASS_CODES;
