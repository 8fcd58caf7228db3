// DEFLATE of prepared blocks: zlib's settings by name, our own encoder for Float32 tiles under the floating-point
// predictor, and the encoding of rows of tiles as one unit of work, which this thread and the encoder workers run alike.
import { constants, deflateSync, type ZlibOptions } from 'node:zlib';
import { deflateFloatTile, tileBound, TileScratch, type FloatTile } from './deflate-planes';
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
  /**
   * Shared memory to append the compressed blocks to (EncodeArena), instead of handing back a buffer of their own;
   * `cursor[0]` is the bytes used, advanced atomically since several workers append to it.
   */
  into?: { bytes: Uint8Array; cursor: Int32Array };
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
/** The blocks of a job as they are written, reused from job to job: one copy out, no allocation per tile. */
let jobBytes = Buffer.alloc(0);

/** The job's blocks, row-major, packed end to end in one buffer (so a worker hands them back in one transfer). */
export function encodeRows(job: EncodeJob): { packed: Buffer; lengths: number[] } {
  const { bytes, lengths } = encodeRowsInScratch(job);
  return { packed: ownCopy(bytes, bytes.length), lengths };
}

/**
 * The job's blocks end to end in `job.into` and the offset they start at there; where it has no room left, on a
 * buffer of their own as encodeRows gives them. The plane encoder writes straight into the arena, in room reserved
 * for its worst case (the arena is sized for that), so the blocks are never copied.
 */
export function encodeRowsShared(job: EncodeJob): { at: number; lengths: number[] } | { packed: Buffer; lengths: number[] } {
  const into = job.into;
  if (into && planesApply(job)) {
    const need = (job.ty1 - job.ty0) * job.geom.nbx * tileBound(job.geom.bw);
    const at = Atomics.add(into.cursor, 0, need);
    if (at + need <= into.bytes.length) {
      return { at, lengths: encodePlanes(job, Buffer.from(into.bytes.buffer, into.bytes.byteOffset + at, need)).lengths };
    }
  }
  const { bytes, lengths } = encodeRowsInScratch(job);
  if (into) {
    const at = Atomics.add(into.cursor, 0, bytes.length);
    if (at + bytes.length <= into.bytes.length) {
      into.bytes.set(bytes, at);
      return { at, lengths };
    }
  }
  return { packed: ownCopy(bytes, bytes.length), lengths };
}

/** The plane encoder's blocks of the job end to end in `out` (room for tileBound bytes a tile needed). */
function encodePlanes(job: EncodeJob, out: Buffer): { end: number; lengths: number[] } {
  const { band, geom: g, ty0, ty1 } = job;
  const f = band as Float32Array;
  const nodata = g.replaceNaN ? new Uint32Array(Float32Array.of(g.nodata as number).buffer)[0] : -1;
  const tile: FloatTile = { bits: new Uint32Array(f.buffer, f.byteOffset, f.length), width: g.width, height: g.height, tile: g.bw, nodataBits: nodata };
  const lengths: number[] = [];
  let at = 0;
  for (let ty = ty0; ty < ty1; ty++) {
    for (let tx = 0; tx < g.nbx; tx++) {
      const end = deflateFloatTile(tile, tx, ty, scratch, out, at);
      lengths.push(end - at);
      at = end;
    }
  }
  return { end: at, lengths };
}

/** The job's blocks end to end in this thread's scratch (valid until the next job) and their lengths. */
function encodeRowsInScratch(job: EncodeJob): { bytes: Buffer; lengths: number[] } {
  const { band, geom: g, ty0, ty1 } = job;
  if (planesApply(job)) {
    const need = (ty1 - ty0) * g.nbx * tileBound(g.bw);
    if (jobBytes.length < need) jobBytes = Buffer.allocUnsafe(need);
    const { end, lengths } = encodePlanes(job, jobBytes);
    return { bytes: jobBytes.subarray(0, end), lengths };
  }
  const out: Buffer[] = [];
  const zlib = zlibOptions(job.deflate);
  for (let ty = ty0; ty < ty1; ty++) {
    const raw = Buffer.alloc(g.bw * blockRows(g, ty) * g.bps);
    for (let tx = 0; tx < g.nbx; tx++) {
      // Edge tiles are padded with zeros, so that the same grid always gives the same file.
      if ((tx + 1) * g.bw > g.width || (ty + 1) * g.bh > g.height) raw.fill(0);
      out.push(deflateSync(fillBlock(g, band, tx, ty, raw), zlib));
    }
  }
  return { bytes: Buffer.concat(out), lengths: out.map((b) => b.length) };
}

/** The first `n` bytes of `b` on an ArrayBuffer of their own, so a worker can transfer them without copying. */
function ownCopy(b: Buffer, n: number): Buffer {
  const packed = Buffer.from(new ArrayBuffer(n));
  b.copy(packed, 0, 0, n);
  return packed;
}

/** Splits a packed result back into its blocks (views, no copy). */
export function unpack(packed: Buffer, lengths: number[]): Buffer[] {
  const blocks: Buffer[] = [];
  let at = 0;
  for (const n of lengths) { blocks.push(packed.subarray(at, at + n)); at += n; }
  return blocks;
}
