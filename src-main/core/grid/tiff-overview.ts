// Overviews: each image half the previous one (rounding up, as gdaladdo does), so a GIS draws the whole study area
// from a few tiles. Continuous maps average the valid cells of the 2 x 2 block under each overview cell; class maps
// take its upper-left cell (nearest), since the average of two classes is no class. At even sizes these are gdaladdo's
// own overviews; at odd sizes GDAL weights the cells by their fractional overlap of a slightly wider window, where
// we keep whole 2 x 2 blocks (the last row and column of blocks then cover one cell).
import type { OverviewResampling, RasterBand } from './tiff-plan';

type BandCtor = new (buf: ArrayBufferLike) => RasterBand;

/**
 * The next overview of `src` (w x h): ceil(w / 2) x ceil(h / 2), of the same type, on a SharedArrayBuffer when
 * `shared` (for the encoder workers), or in the band that `into` gives for that length (every cell is written). NaN,
 * and `nodata` when given, are left out of averages; a cell with no valid cell under it is NaN for floats and `nodata`
 * for integers.
 */
export function halve(src: RasterBand, w: number, h: number, how: OverviewResampling, nodata: number | undefined, shared: boolean,
  into?: (length: number) => RasterBand): RasterBand {
  const ow = Math.ceil(w / 2), oh = Math.ceil(h / 2);
  const bytes = ow * oh * src.BYTES_PER_ELEMENT;
  const out = into?.(ow * oh) ?? new (src.constructor as BandCtor)(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  if (how === 'nearest') nearest(src, w, h, out, ow, oh);
  else if (src instanceof Float32Array || src instanceof Float64Array) averageFloat(src, w, h, out as typeof src, ow, oh, nodata);
  else averageInteger(src, w, h, out, ow, oh, nodata);
  return out;
}

/** The upper-left cell of each 2 x 2 block (where gdaladdo's nearest falls at a ratio of 2). */
function nearest(src: RasterBand, w: number, h: number, out: RasterBand, ow: number, oh: number): void {
  for (let y = 0; y < oh; y++) {
    const row = 2 * y * w;
    for (let x = 0; x < ow; x++) out[y * ow + x] = src[row + 2 * x];
  }
}

function averageFloat(src: Float32Array | Float64Array, w: number, h: number, out: Float32Array | Float64Array, ow: number, oh: number,
  nodata: number | undefined): void {
  const skip = nodata !== undefined && !Number.isNaN(nodata) ? nodata : NaN;
  const pairs = w >> 1;
  for (let y = 0; y < oh; y++) {
    const r0 = 2 * y * w, r1 = 2 * y + 1 < h ? r0 + w : -1;
    let x = 0;
    if (r1 >= 0) {
      // Whole 2 x 2 blocks of four valid cells: the same additions in the same order as below (0 + a + b + c + d,
      // then / 4), so the same bits; NaN anywhere makes the sum NaN and sends the block the long way.
      for (let i = r0, o = y * ow; x < pairs; x++, i += 2, o++) {
        const a = src[i], b = src[i + 1], c = src[i + w], d = src[i + w + 1];
        const sum = 0 + a + b + c + d;
        out[o] = sum === sum && a !== skip && b !== skip && c !== skip && d !== skip ? sum / 4 : averageCell(src, r0, r1, 2 * x, 2 * x + 1, skip);
      }
    }
    for (; x < ow; x++) {
      const c0 = 2 * x;
      out[y * ow + x] = averageCell(src, r0, r1, c0, c0 + 1 < w ? c0 + 1 : -1, skip);
    }
  }
}

/** The mean of the valid cells of one block (rows r0 and r1, columns c0 and c1; -1: past the edge), NaN for none. */
function averageCell(src: Float32Array | Float64Array, r0: number, r1: number, c0: number, c1: number, skip: number): number {
  let sum = 0, n = 0, v = src[r0 + c0];
  // NaN !== NaN, so one test covers both kinds of nodata.
  if (v === v && v !== skip) { sum += v; n++; }
  if (c1 >= 0) { v = src[r0 + c1]; if (v === v && v !== skip) { sum += v; n++; } }
  if (r1 >= 0) {
    v = src[r1 + c0]; if (v === v && v !== skip) { sum += v; n++; }
    if (c1 >= 0) { v = src[r1 + c1]; if (v === v && v !== skip) { sum += v; n++; } }
  }
  return n > 0 ? sum / n : NaN;
}

function averageInteger(src: RasterBand, w: number, h: number, out: RasterBand, ow: number, oh: number, nodata: number | undefined): void {
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      let sum = 0, n = 0;
      for (let dy = 0; dy < 2 && 2 * y + dy < h; dy++) {
        for (let dx = 0; dx < 2 && 2 * x + dx < w; dx++) {
          const v = src[(2 * y + dy) * w + 2 * x + dx];
          if (v !== nodata) { sum += v; n++; }
        }
      }
      out[y * ow + x] = n > 0 ? Math.round(sum / n) : (nodata ?? 0);
    }
  }
}
