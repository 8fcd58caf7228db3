// Carrying a raster onto the study grid's cells, as gdalwarp does it (GDAL 3.6 warp kernel): `average` and `mode` take
// the source pixels under the box spanned by a target cell's top-left and bottom-right corners mapped into the source
// (average weighted by each pixel's covered fraction, mode by count with the first value to lead winning a tie);
// `bilinear` takes the 2 x 2 source pixels around the target cell centre, re-weighted over the valid ones.
import { ProspectError, type GridSpec } from '../types';
import { centreLattice, cornerLattice, sourceCellInTargetUnits, STRIP_ROWS } from './pixel-map';
import type { RasterLayer } from './types';

export type WarpMethod = 'average' | 'mode' | 'bilinear';

const EPS = 1e-10;

interface Box { x0: number; x1: number; y0: number; y1: number; ix0: number; ix1: number; iy0: number; iy1: number }

/** The source pixel box under the target cell at (row r of the strip's lattice, column c), or null when it misses the source. */
function boxOf(lat: { sx: Float64Array; sy: Float64Array; stride: number }, source: GridSpec, r: number, c: number): Box | null {
  const tl = r * lat.stride + c, br = (r + 1) * lat.stride + c + 1;
  let x0 = lat.sx[tl], x1 = lat.sx[br], y0 = lat.sy[tl], y1 = lat.sy[br];
  if (!(Number.isFinite(x0) && Number.isFinite(x1) && Number.isFinite(y0) && Number.isFinite(y1))) return null;
  // A projection may flip the order of the corners: take the box they span.
  if (x0 > x1) [x0, x1] = [x1, x0];
  if (y0 > y1) [y0, y1] = [y1, y0];
  const ix0 = Math.max(Math.floor(x0 + EPS), 0), iy0 = Math.max(Math.floor(y0 + EPS), 0);
  let ix1 = Math.min(Math.ceil(x1 - EPS), source.width), iy1 = Math.min(Math.ceil(y1 - EPS), source.height);
  // A target cell smaller than a source pixel still takes the pixel it lies in.
  if (ix0 === ix1 && ix1 < source.width) ix1++;
  if (iy0 === iy1 && iy1 < source.height) iy1++;
  if (ix0 >= ix1 || iy0 >= iy1) return null;
  return { x0, x1, y0, y1, ix0, ix1, iy0, iy1 };
}

/** Covered fraction of source pixel [i, i + 1] by [a, b]; a box thinner than a pixel weighs its own width. */
const cover = (i: number, a: number, b: number): number => Math.max(0, Math.min(i + 1, b) - Math.max(i, a));

function averageCell(src: RasterLayer, b: Box): number {
  const { width } = src.spec;
  let sum = 0, wsum = 0;
  for (let y = b.iy0; y < b.iy1; y++) {
    const wy = cover(y, b.y0, b.y1);
    if (wy <= 0) continue;
    for (let x = b.ix0; x < b.ix1; x++) {
      const v = src.values[y * width + x];
      if (Number.isNaN(v)) continue;
      const w = wy * cover(x, b.x0, b.x1);
      if (w <= 0) continue;
      sum += w * v;
      wsum += w;
    }
  }
  return wsum > 0 ? sum / wsum : NaN;
}

function modeCell(src: RasterLayer, b: Box, counts: Map<number, number>): number {
  const { width } = src.spec;
  counts.clear();
  let best = NaN, bestN = 0;
  for (let y = b.iy0; y < b.iy1; y++) {
    for (let x = b.ix0; x < b.ix1; x++) {
      const v = src.values[y * width + x];
      if (Number.isNaN(v)) continue;
      const n = (counts.get(v) ?? 0) + 1;
      counts.set(v, n);
      // Strictly more than the leader: in a tie the value counted first keeps the lead.
      if (n > bestN) { bestN = n; best = v; }
    }
  }
  return best;
}

function bilinearCell(src: RasterLayer, sx: number, sy: number): number {
  const { width, height } = src.spec;
  // Target centres off the source are no data (gdalwarp skips them before it samples).
  if (!(sx >= 0 && sy >= 0 && sx < width && sy < height)) return NaN;
  if (Number.isNaN(src.values[Math.floor(sy) * width + Math.floor(sx)])) return NaN;
  const ix = Math.floor(sx - 0.5), iy = Math.floor(sy - 0.5);
  const rx = 1.5 - (sx - ix), ry = 1.5 - (sy - iy);
  let sum = 0, wsum = 0;
  for (let dy = 0; dy < 2; dy++) {
    const y = iy + dy;
    if (y < 0 || y >= height) continue;
    const wy = dy === 0 ? ry : 1 - ry;
    for (let dx = 0; dx < 2; dx++) {
      const x = ix + dx;
      if (x < 0 || x >= width) continue;
      const v = src.values[y * width + x];
      if (Number.isNaN(v)) continue;
      const w = wy * (dx === 0 ? rx : 1 - rx);
      sum += w * v;
      wsum += w;
    }
  }
  return wsum < 1e-5 ? NaN : sum / wsum;
}

/** `source` carried onto `target` by one of gdalwarp's methods; cells it does not reach are NaN. */
export function warp(source: RasterLayer, target: GridSpec, method: WarpMethod): Float32Array {
  if (source.values.length !== source.spec.width * source.spec.height) {
    throw new ProspectError(`The source raster holds ${source.values.length} values for ${source.spec.width} x ${source.spec.height} cells.`,
      'EVIDENCE_BAD_RASTER');
  }
  const { width: w, height: h } = target;
  const out = new Float32Array(w * h).fill(NaN);
  const counts = new Map<number, number>();
  for (let r0 = 0; r0 < h; r0 += STRIP_ROWS) {
    const r1 = Math.min(h, r0 + STRIP_ROWS);
    if (method === 'bilinear') {
      const { sx, sy } = centreLattice(target, source.spec, r0, r1);
      for (let k = 0; k < sx.length; k++) out[r0 * w + k] = bilinearCell(source, sx[k], sy[k]);
      continue;
    }
    const lat = cornerLattice(target, source.spec, r0, r1);
    for (let r = r0; r < r1; r++) {
      for (let c = 0; c < w; c++) {
        const b = boxOf(lat, source.spec, r - r0, c);
        if (b) out[r * w + c] = method === 'average' ? averageCell(source, b) : modeCell(source, b, counts);
      }
    }
  }
  return out;
}

/** The method the issue asks for: categorical by majority; continuous by cell average from a finer source, else bilinear. */
export function chooseMethod(source: GridSpec, target: GridSpec, categorical: boolean): { method: WarpMethod; reason: string } {
  const sourceCell = sourceCellInTargetUnits(target, source);
  const targetCell = Math.sqrt(target.cellX * target.cellY);
  const size = `source cells ~${+sourceCell.toPrecision(4)} m against ${+targetCell.toPrecision(4)} m study cells`;
  if (categorical) return { method: 'mode', reason: `categorical: majority of the source cells in each study cell (${size})` };
  // Within a thousandth, the same size: averaging then copies an aligned grid exactly.
  if (sourceCell <= targetCell * 1.001) return { method: 'average', reason: `continuous, source finer or equal: cell average (${size})` };
  return { method: 'bilinear', reason: `continuous, source coarser: bilinear between source cell centres (${size})` };
}

/**
 * Target cells whose source box runs past the source's edge (1) or lies wholly off it (2): where averaging covers only
 * part of the cell. gdalwarp 3.6 weighs the last source pixel of such a box by the whole uncovered overhang too, so its
 * averages differ from ours there; elsewhere they agree.
 */
export function edgeCells(source: GridSpec, target: GridSpec): Uint8Array {
  const { width: w, height: h } = target;
  const out = new Uint8Array(w * h);
  for (let r0 = 0; r0 < h; r0 += STRIP_ROWS) {
    const r1 = Math.min(h, r0 + STRIP_ROWS);
    const lat = cornerLattice(target, source, r0, r1);
    for (let r = r0; r < r1; r++) {
      for (let c = 0; c < w; c++) {
        const b = boxOf(lat, source, r - r0, c);
        const i = r * w + c;
        if (!b) { out[i] = 2; continue; }
        if (b.x0 < -EPS || b.y0 < -EPS || b.x1 > source.width + EPS || b.y1 > source.height + EPS) out[i] = 1;
      }
    }
  }
  return out;
}
