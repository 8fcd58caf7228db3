// Pure functions that turn pipeline results (grid specs, points, windows, tiles) into deck.gl layer data.
// Everything is drawn in a local frame with its origin at the grid's south-west corner: projected coordinates
// in metres (e.g. 7,000,000 m northings) lose precision in float32 shaders.
import type { GridSpecDto } from '../../../src-preload/contract';

/** The grid geometry the maps need: the contract's grid spec, whatever its CRS. */
export type GridSpec = Omit<GridSpecDto, 'crs'>;

export interface LocalFrame {
  x0: number;
  y0: number;
  width: number;
  height: number;
}

export function frameOf(spec: GridSpec): LocalFrame {
  const width = spec.width * spec.cellX;
  const height = spec.height * spec.cellY;
  return { x0: spec.xmin, y0: spec.ymax - height, width, height };
}

export function toLocal(frame: LocalFrame, x: number, y: number): [number, number] {
  return [x - frame.x0, y - frame.y0];
}

/** BitmapLayer bounds [left, bottom, right, top] of the whole grid in the local frame. */
export function gridBounds(frame: LocalFrame): [number, number, number, number] {
  return [0, 0, frame.width, frame.height];
}

/** An OrthographicView state that fits the grid in a viewport of `px` x `py` pixels with a small margin. */
export function fitView(frame: LocalFrame, px: number, py: number): { target: [number, number, number]; zoom: number } {
  const scale = Math.min(px / frame.width, py / frame.height) * 0.92;
  return { target: [frame.width / 2, frame.height / 2, 0], zoom: Math.log2(scale > 0 ? scale : 1) };
}

export interface PointDatum {
  position: [number, number];
  index: number;
  id?: string;
  name?: string;
  value?: number;
}

export function pointData(frame: LocalFrame, xs: ArrayLike<number>, ys: ArrayLike<number>, values?: ArrayLike<number>): PointDatum[] {
  const out: PointDatum[] = [];
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    const y = ys[i]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    out.push({ position: toLocal(frame, x, y), index: i, value: values ? values[i] : undefined });
  }
  return out;
}

export function depositData(frame: LocalFrame, deposits: { id: string; name?: string; x: number; y: number }[]): PointDatum[] {
  return deposits.map((d, i) => ({ position: toLocal(frame, d.x, d.y), index: i, id: d.id, name: d.name }));
}

export interface TileDatum {
  /** 1..n*n, row by row from the top-left, as the paper numbers them. */
  number: number;
  row: number;
  col: number;
  polygon: [number, number][];
  center: [number, number];
  value?: number;
}

/** The n x n tiling of the grid (the paper's 12 x 12), numbered 1..n*n row by row from the top-left. */
export function tileData(frame: LocalFrame, n = 12, values?: ArrayLike<number>): TileDatum[] {
  const w = frame.width / n;
  const h = frame.height / n;
  const out: TileDatum[] = [];
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const left = c * w;
      const top = frame.height - r * h;
      const number = r * n + c + 1;
      out.push({
        number,
        row: r,
        col: c,
        polygon: [[left, top], [left + w, top], [left + w, top - h], [left, top - h], [left, top]],
        center: [left + w / 2, top - h / 2],
        value: values ? values[number - 1] : undefined,
      });
    }
  }
  return out;
}

export interface WindowInput {
  /** Top-left pixel of the window in the grid. */
  row: number;
  col: number;
  size: number;
  label: number;
  fold?: number;
}

export interface WindowDatum extends WindowInput {
  polygon: [number, number][];
  color: [number, number, number, number];
}

export const FOLD_COLORS: [number, number, number][] = [
  [230, 159, 0], [86, 180, 233], [0, 158, 115], [240, 228, 66], [0, 114, 178], [213, 94, 0], [204, 121, 167],
];

/** Training windows as outlines: ore (label 1) in red, negatives in blue, or coloured by fold when asked. */
export function windowData(spec: GridSpec, windows: WindowInput[], colorBy: 'label' | 'fold' = 'label'): WindowDatum[] {
  const frame = frameOf(spec);
  return windows.map((w) => {
    const left = w.col * spec.cellX;
    const top = frame.height - w.row * spec.cellY;
    const right = left + w.size * spec.cellX;
    const bottom = top - w.size * spec.cellY;
    const rgb: [number, number, number] =
      colorBy === 'fold' && w.fold !== undefined ? FOLD_COLORS[w.fold % FOLD_COLORS.length]! : w.label === 1 ? [220, 50, 47] : [38, 139, 210];
    return { ...w, polygon: [[left, top], [right, top], [right, bottom], [left, bottom], [left, top]], color: [...rgb, 200] };
  });
}

/** The value of a grid level under a local-frame position, for hover read-outs; NaN outside the grid. */
export function sampleLevel(frame: LocalFrame, level: { width: number; height: number; values: ArrayLike<number> }, x: number, y: number): number {
  const c = Math.floor((x / frame.width) * level.width);
  const r = Math.floor(((frame.height - y) / frame.height) * level.height);
  if (c < 0 || r < 0 || c >= level.width || r >= level.height) return NaN;
  return level.values[r * level.width + c]!;
}

/** A display grid around scattered points (before any grid exists): their bounding box plus a 5% margin. */
export function specFromPoints(xs: ArrayLike<number>, ys: ArrayLike<number>, cells = 200): GridSpec {
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!, y = ys[i]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
  }
  if (!Number.isFinite(x0)) return { xmin: 0, ymax: 1, cellX: 1 / cells, cellY: 1 / cells, width: cells, height: cells };
  const m = 0.05 * Math.max(x1 - x0, y1 - y0, 1);
  const cell = (Math.max(x1 - x0, y1 - y0) + 2 * m) / cells;
  return { xmin: x0 - m, ymax: y1 + m, cellX: cell, cellY: cell, width: Math.ceil((x1 - x0 + 2 * m) / cell), height: Math.ceil((y1 - y0 + 2 * m) / cell) };
}
