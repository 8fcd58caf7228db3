// DEFLATE of prepared blocks: zlib's settings by name, our own encoder for Float32 tiles under the floating-point
// predictor, and the encoding of rows of tiles as one unit of work, which this thread and the encoder workers run alike.
import { constants, deflateSync, type ZlibOptions } from 'node:zlib';
import { deflateFloatTile, TileScratch, type FloatTile } from './deflate-planes';
import { fillBlock } from './tiff-predict';
import { Predictor } from './tiff-tags';
import { blockRows, type BlockGeometry, type DeflateStrategy, type RasterBand } from './tiff-plan';

const STRATEGY: Record<Exclude<DeflateStrategy, 'planes'>, number> = {
  default: constants.Z_DEFAULT_STRATEGY, rle: constants.Z_RLE, filtered: constants.Z_FILTERED, huffman: constants.Z_HUFFMAN_ONLY,
};

/** How blocks are deflated: our plane encoder (where it applies), else zlib at this level and strategy. */
export interface DeflateSetting { level: number; strategy: DeflateStrategy }

/** One unit of work: block rows ty0..ty1-1 of one band of one image, filled, predicted and deflated. */
export interface EncodeJob {
  band: RasterBand;
  geom: BlockGeometry;
  ty0: number;
  ty1: number;
  deflate: DeflateSetting;
}

/** The plane encoder takes square Float32 tiles under predictor 3 whose stored planes fit one stored block. */
export function planesApply(job: EncodeJob): boolean {
  const g = job.geom;
  return job.deflate.strategy === 'planes' && job.band instanceof Float32Array && g.predictor === Predictor.FloatingPoint &&
    g.tiled && g.bw === g.bh && 3 * 4 * g.bw <= 0xffff;
}

export function zlibOptions(d: DeflateSetting): ZlibOptions {
  return { level: d.level, strategy: STRATEGY[d.strategy === 'planes' ? 'rle' : d.strategy] };
}

const scratch = new TileScratch();

/** The job's blocks, row-major, packed end to end in one buffer (so a worker hands them back in one transfer). */
export function encodeRows(job: EncodeJob): { packed: Buffer; lengths: number[] } {
  const { band, geom: g, ty0, ty1 } = job;
  const out: Buffer[] = [];
  if (planesApply(job)) {
    const f = band as Float32Array;
    const nodata = g.replaceNaN ? new Uint32Array(Float32Array.of(g.nodata as number).buffer)[0] : -1;
    const tile: FloatTile = { bits: new Uint32Array(f.buffer, f.byteOffset, f.length), width: g.width, height: g.height, tile: g.bw, nodataBits: nodata };
    for (let ty = ty0; ty < ty1; ty++) for (let tx = 0; tx < g.nbx; tx++) out.push(deflateFloatTile(tile, tx, ty, scratch));
  } else {
    const zlib = zlibOptions(job.deflate);
    for (let ty = ty0; ty < ty1; ty++) {
      const raw = Buffer.alloc(g.bw * blockRows(g, ty) * g.bps);
      for (let tx = 0; tx < g.nbx; tx++) {
        // Edge tiles are padded with zeros, so that the same grid always gives the same file.
        if ((tx + 1) * g.bw > g.width || (ty + 1) * g.bh > g.height) raw.fill(0);
        out.push(deflateSync(fillBlock(g, band, tx, ty, raw), zlib));
      }
    }
  }
  // On an ArrayBuffer of its own, so a worker can transfer it without copying.
  const packed = Buffer.from(new ArrayBuffer(out.reduce((n, b) => n + b.length, 0)));
  let at = 0;
  for (const b of out) { b.copy(packed, at); at += b.length; }
  return { packed, lengths: out.map((b) => b.length) };
}

/** Splits a packed result back into its blocks (views, no copy). */
export function unpack(packed: Buffer, lengths: number[]): Buffer[] {
  const blocks: Buffer[] = [];
  let at = 0;
  for (const n of lengths) { blocks.push(packed.subarray(at, at + n)); at += n; }
  return blocks;
}
