// One block cut from a band and made ready for compression: copied (edge tiles padded with zeros), NaN swapped for
// a numeric nodata, and the TIFF predictor applied. Pure functions, shared by this thread and the encoder workers.
import { Predictor } from './tiff-tags';
import { blockRows, type BlockGeometry, type RasterBand } from './tiff-plan';

type BandCtor = new (buf: ArrayBufferLike, off: number, len: number) => RasterBand;

/** Fills `buf` (zeroed, bw x rows samples) with block (tx, ty) of band b; returns the bytes to compress. */
export function fillBlock(g: BlockGeometry, b: RasterBand, tx: number, ty: number, buf: Buffer): Buffer {
  const { width, height, bw, bh } = g;
  const rows = blockRows(g, ty);
  const c0 = tx * bw, r0 = ty * bh;
  const cols = Math.min(bw, width - c0);
  const view = new (b.constructor as BandCtor)(buf.buffer, buf.byteOffset, bw * rows);
  for (let r = 0; r < rows && r0 + r < height; r++) {
    const src = b.subarray((r0 + r) * width + c0, (r0 + r) * width + c0 + cols);
    (view as Float32Array).set(src as Float32Array, r * bw);
  }
  if (g.replaceNaN) {
    const v = view as Float32Array;
    const nodata = g.nodata as number;
    for (let i = 0; i < v.length; i++) if (v[i] !== v[i]) v[i] = nodata;
  }
  if (g.predictor === Predictor.Horizontal) horizontalDiff(view, bw, rows);
  else if (g.predictor === Predictor.FloatingPoint) return floatPredict(buf, bw, rows, g.bps);
  return buf;
}

/** TIFF predictor 2 on one block, in place: each sample minus its left neighbour, row by row (wrapping integers). */
function horizontalDiff(v: RasterBand, w: number, rows: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * w;
    for (let c = w - 1; c > 0; c--) v[o + c] = v[o + c] - v[o + c - 1];
  }
}

/**
 * TIFF predictor 3 (Adobe technote 3): per row, the bytes of each sample are split into planes, most significant
 * first, then byte-wise differenced. One pass per plane over whole little-endian words: this runs on every byte
 * of every grid written, so it avoids per-byte index arithmetic.
 */
function floatPredict(src: Buffer, w: number, rows: number, bps: number): Buffer {
  const out = Buffer.alloc(src.length);
  if (bps === 4 && (src.byteOffset & 3) === 0) {
    const words = new Uint32Array(src.buffer, src.byteOffset, w * rows);
    for (let r = 0; r < rows; r++) {
      const o = r * w * 4, wo = r * w;
      let prev = 0;
      for (let k = 0; k < 4; k++) {
        const shift = 24 - 8 * k, po = o + k * w;
        for (let c = 0; c < w; c++) {
          const byte = (words[wo + c] >>> shift) & 0xff;
          out[po + c] = byte - prev;
          prev = byte;
        }
      }
    }
    return out;
  }
  const rowBytes = w * bps;
  for (let r = 0; r < rows; r++) {
    const o = r * rowBytes;
    for (let c = 0; c < w; c++) {
      for (let k = 0; k < bps; k++) out[o + k * w + c] = src[o + c * bps + (bps - 1 - k)];
    }
    for (let i = rowBytes - 1; i > 0; i--) out[o + i] = (out[o + i] - out[o + i - 1]) & 0xff;
  }
  return out;
}
