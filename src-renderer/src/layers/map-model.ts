// The map's content as plain data: which layers a screen hands the map, and how each is listed in the layer panel
// (label, legend, whether it is one of the exclusive background rasters). Pure functions; deck.gl comes later.
import type { GridSpec } from './geometry';
import { COLORMAPS, colorAt, type ColormapName, type Rgb } from './colormap';
import { css, type LegendSpec } from './map-legend';
import type { Stretch } from './stretch';

export interface Level {
  key: string;
  width: number;
  height: number;
  values: ArrayLike<number>;
  range: [number, number];
}

/** A raster the map can show underneath everything else; one at a time. */
export interface RasterLayer {
  id: string;
  label: string;
  level: Level;
  /** The level's own grid (a downsampled level covers the same extent with coarser cells). */
  spec?: GridSpec;
  colormap?: ColormapName;
  unit: string;
  /** For class maps: the colour and name of each code. */
  classes?: { colors: Record<number, Rgb>; labels: Record<number, string> };
}

export interface PanelEntry {
  id: string;
  label: string;
  raster: boolean;
  legend: LegendSpec[];
}

/** A raster's legend: class swatches, or its ramp with the ticks of the stretch it is drawn with. */
export function rasterLegend(r: RasterLayer, stretch?: Stretch | null, ramp?: ColormapName): LegendSpec[] {
  if (r.classes) {
    return [{ kind: 'classes', items: Object.entries(r.classes.labels).map(([code, label]) => ({ color: css(r.classes!.colors[Number(code)] ?? [0, 0, 0]), label })) }];
  }
  const colormap = ramp ?? r.colormap ?? 'viridis';
  if (!stretch) return [{ kind: 'ramp', colormap, range: r.level.range, unit: r.unit }];
  return [{ kind: 'ramp', colormap, range: stretch.range, unit: r.unit, ticks: stretch.ticks }];
}

/** The stretch's tick values strictly inside the ramp: the contour levels that match the legend. */
export const innerTickValues = (s: Stretch): number[] => s.ticks.filter((k) => k.t > 1e-9 && k.t < 1 - 1e-9).map((k) => k.value);

/** The value under the cursor as the read-out says it: a class name, or a number with its unit. */
export function describeValue(r: RasterLayer, v: number): string | null {
  if (!Number.isFinite(v)) return null;
  if (r.classes) return r.classes.labels[v] ?? null;
  return `${Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(2) : v.toPrecision(3)} ${r.unit}`.trim();
}

/** A colour of a ramp as CSS, for legends drawn outside the canvas. */
export const rampCss = (name: ColormapName, t: number): string => css(colorAt(name, t));
export const COLORMAP_NAMES = Object.keys(COLORMAPS) as ColormapName[];

/** The BitmapLayer bounds of a level in the map's local frame (origin at the map grid's south-west corner). */
export function levelBounds(map: GridSpec, own: GridSpec | undefined): [number, number, number, number] {
  const s = own ?? map;
  const x0 = map.xmin;
  const y0 = map.ymax - map.height * map.cellY;
  const left = s.xmin - x0;
  const top = s.ymax - y0;
  return [left, top - s.height * s.cellY, left + s.width * s.cellX, top];
}
