// Colour maps and the colour-mapping of a grid level into RGBA pixels for a BitmapLayer. Pure functions.

import { finiteSorted, quantileOf } from './stretch';

export type Rgb = [number, number, number];

/** Viridis, sampled at 9 stops (matplotlib), linearly interpolated between them. */
const VIRIDIS: Rgb[] = [
  [68, 1, 84], [71, 44, 122], [59, 81, 139], [44, 113, 142], [33, 144, 141],
  [39, 173, 129], [92, 200, 99], [170, 220, 50], [253, 231, 37],
];
/** A diverging blue-white-red for z-scores and probabilities around a threshold. */
const RDBU: Rgb[] = [
  [5, 48, 97], [33, 102, 172], [67, 147, 195], [146, 197, 222], [247, 247, 247],
  [244, 165, 130], [214, 96, 77], [178, 24, 43], [103, 0, 31],
];
/** Magma and inferno (matplotlib, 9 stops): perceptually uniform, dark to bright, readable in greyscale. */
const MAGMA: Rgb[] = [
  [0, 0, 4], [28, 16, 68], [81, 18, 124], [131, 38, 129], [183, 55, 121],
  [231, 82, 99], [252, 137, 97], [254, 196, 136], [252, 253, 191],
];
const INFERNO: Rgb[] = [
  [0, 0, 4], [31, 12, 72], [85, 15, 109], [136, 34, 106], [186, 54, 85],
  [227, 89, 51], [249, 142, 9], [248, 201, 49], [252, 255, 164],
];
/** Dark (low) to light (high), for printing and for reading over a coloured basemap. */
const GREYS: Rgb[] = [
  [16, 16, 16], [45, 45, 45], [75, 75, 75], [105, 105, 105], [135, 135, 135],
  [165, 165, 165], [195, 195, 195], [225, 225, 225], [250, 250, 250],
];
export const COLORMAPS = { viridis: VIRIDIS, magma: MAGMA, inferno: INFERNO, rdbu: RDBU, greys: GREYS } as const;
export type ColormapName = keyof typeof COLORMAPS;

export function colorAt(name: ColormapName, t: number): Rgb {
  const stops = COLORMAPS[name];
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const a = stops[i]!;
  const b = stops[i + 1]!;
  return [Math.round(a[0] + (b[0] - a[0]) * f), Math.round(a[1] + (b[1] - a[1]) * f), Math.round(a[2] + (b[2] - a[2]) * f)];
}

/** The 2nd and 98th percentiles of the finite values: a stretch that one outlier assay cannot wash out. */
export function robustRange(values: ArrayLike<number>, lo = 0.02, hi = 0.98): [number, number] {
  const sorted = finiteSorted(values);
  if (sorted.length === 0) return [0, 1];
  const a = quantileOf(sorted, lo);
  const b = quantileOf(sorted, hi);
  return a === b ? [a - 0.5, b + 0.5] : [a, b];
}

/**
 * Colour-maps a row-major level (row 0 = north) to RGBA. NaN (nodata) is transparent so the study-area mask
 * shows through. A 256-entry lookup table keeps this at one multiply per pixel.
 */
export function colorizeLevel(
  values: ArrayLike<number>,
  range: [number, number],
  name: ColormapName = 'viridis',
): Uint8ClampedArray {
  const lut = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) lut.set(colorAt(name, i / 255), i * 3);
  const out = new Uint8ClampedArray(values.length * 4);
  const [a, b] = range;
  const scale = 255 / (b - a || 1);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    const k = Math.min(255, Math.max(0, Math.round((v - a) * scale))) * 3;
    out[i * 4] = lut[k]!;
    out[i * 4 + 1] = lut[k + 1]!;
    out[i * 4 + 2] = lut[k + 2]!;
    out[i * 4 + 3] = 255;
  }
  return out;
}

/**
 * Colour-maps a level through a stretch's t = map(value) (see stretch.ts); values without a position (NaN, and
 * values <= 0 under a log stretch) stay transparent.
 */
export function colorizeStretched(values: ArrayLike<number>, map: (v: number) => number, name: ColormapName = 'viridis'): Uint8ClampedArray {
  const lut = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) lut.set(colorAt(name, i / 255), i * 3);
  const out = new Uint8ClampedArray(values.length * 4);
  for (let i = 0; i < values.length; i++) {
    const t = map(values[i]!);
    if (!Number.isFinite(t)) continue;
    const k = Math.round(Math.min(1, Math.max(0, t)) * 255) * 3;
    out[i * 4] = lut[k]!;
    out[i * 4 + 1] = lut[k + 1]!;
    out[i * 4 + 2] = lut[k + 2]!;
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** Colour-bar stops for a legend: `n` evenly spaced values with their CSS colours. */
export function colorBarStops(range: [number, number], name: ColormapName = 'viridis', n = 5): { value: number; color: string }[] {
  const out: { value: number; color: string }[] = [];
  for (let i = 0; i < n; i++) {
    const t = i / (n - 1);
    const [r, g, b] = colorAt(name, t);
    out.push({ value: range[0] + t * (range[1] - range[0]), color: `rgb(${r},${g},${b})` });
  }
  return out;
}

/** A class map (integer codes) to RGBA; codes without a colour and NaN are transparent. */
export function colorizeClasses(values: ArrayLike<number>, colors: Record<number, Rgb>, alpha: Record<number, number> = {}): Uint8ClampedArray {
  const out = new Uint8ClampedArray(values.length * 4);
  for (let i = 0; i < values.length; i++) {
    const c = colors[values[i]!];
    if (!c) continue;
    out.set(c, i * 4);
    out[i * 4 + 3] = alpha[values[i]!] ?? 255;
  }
  return out;
}
