// The image data of a GeoTIFF as blocks: for the full resolution and each overview, each band cut into tiles or
// strips, with the nodata swap, the predictor and DEFLATE applied, band after band (PlanarConfiguration 2).
import { throwIfAborted, type TaskOptions } from '../types';
import { deflate } from 'node:zlib';
import { promisify } from 'node:util';
import type { EncodeArena } from './tiff-arena';
import { encodeRows, planesApply, unpack, zlibOptions, type EncodeJob } from './tiff-deflate';
import { tileBound } from './deflate-planes';
import { halve } from './tiff-overview';
import { fillBlock } from './tiff-predict';
import type { TiffEncoderPool } from './tiff-pool';
import { blockRows, imageGeometry, type BlockGeometry, type GeoTiffWriteOptions, type Plan, type RasterBand } from './tiff-plan';

/**
 * views: uncompressed strips of the band's own bytes need no copy, the blocks are views of the band.
 * pool: block rows filled, predicted and deflated by the encoder workers, from bands on SharedArrayBuffers.
 * deflate: blocks filled here and compressed on libuv's thread pool (zlib), or here (the plane encoder, which is
 *   fast): no workers to start, which a single map does not repay.
 * uniform: blocks of one repeated sample (nodata, mostly) share a single buffer; only the others are copied.
 * packed: one allocation per band, the blocks consecutive slices of it (written with one call).
 */
type BlockMode = 'views' | 'pool' | 'deflate' | 'uniform' | 'packed';

function blockMode(p: Plan, shareBlocks: boolean, pool: TiffEncoderPool | undefined): BlockMode {
  if (p.deflate) return pool ? 'pool' : 'deflate';
  if (!p.tiled && !p.replaceNaN) return 'views';
  return shareBlocks && !p.replaceNaN ? 'uniform' : 'packed';
}

/** arena: with a pool, where the workers put the blocks and this thread the overviews (reused file after file). */
export type EncodeOptions = TaskOptions & { pool?: TiffEncoderPool; arena?: EncodeArena };

/**
 * Every image's blocks (the full resolution first, then each overview), band after band within an image, each
 * band's in row-major block order. The overviews of a band are computed from the one before while the workers
 * compress what was already sent.
 */
export async function encodeBlocks(o: GeoTiffWriteOptions, p: Plan, opts: EncodeOptions): Promise<Buffer[][]> {
  const mode = blockMode(p, o.shareBlocks === true, opts.pool);
  const geoms = p.images.map((_, i) => imageGeometry(p, i));
  const perBand: Promise<Buffer[][]>[] = [];
  // One map for all bands and images, so a nodata block common to all of them is held once.
  const uniform: UniformRows = new Map();
  let done = 0;
  const arena = mode === 'pool' ? opts.arena : undefined;
  arena?.reset(geoms.reduce((n, g) => n + p.bands * g.nbx * g.nby * blockBound(g), 0));
  const into = arena && { bytes: arena.bytes, cursor: arena.cursor };
  for (let bi = 0; bi < p.bands; bi++) {
    throwIfAborted(opts.signal);
    const shared = mode === 'pool';
    let band = shared ? onSharedMemory(o.bands[bi]) : o.bands[bi];
    const levels: Promise<Buffer[]>[] = [];
    for (let i = 0; i < geoms.length; i++) {
      if (i > 0) {
        const like = band;
        band = halve(band, geoms[i - 1].width, geoms[i - 1].height, p.resampling!, p.nodata, shared,
          arena && ((n) => arena.overview(bi, i, like, n)));
      }
      levels.push(encodeBand(mode, geoms[i], band, p, opts.pool, uniform, into));
    }
    const all = Promise.all(levels);
    perBand.push(all);
    void all.then(() => opts.onProgress?.({ step: 'write', done: ++done, total: p.bands, message: `band ${done}/${p.bands}` }), () => undefined);
    // Without workers, one band at a time keeps memory bounded; with them, this thread goes on to the next band.
    if (mode !== 'pool') await all;
  }
  const bands = await Promise.all(perBand);
  return geoms.map((_, i) => bands.flatMap((levels) => levels[i]));
}

/** The most bytes a compressed block can take: the plane encoder's bound, or zlib's for incompressible data. */
function blockBound(g: BlockGeometry): number {
  const raw = g.bw * g.bh * g.bps;
  return Math.max(g.bw === g.bh ? tileBound(g.bw) : 0, raw + (raw >> 8) + 64);
}

async function encodeBand(mode: BlockMode, g: BlockGeometry, b: RasterBand, p: Plan, pool: TiffEncoderPool | undefined,
  uniform: UniformRows, into?: EncodeJob['into']): Promise<Buffer[]> {
  const blocks: Buffer[] = [];
  const job = (ty0: number, ty1: number): EncodeJob => ({ band: b, geom: g, ty0, ty1, deflate: { level: p.level, strategy: p.strategy }, into });
  if (mode === 'pool') {
    // Jobs of ~1 MiB of raw samples: small enough to balance the workers, large enough that messages cost nothing.
    const step = Math.max(1, Math.floor(2 ** 20 / (g.width * g.bh * g.bps)));
    const jobs: Promise<Buffer[]>[] = [];
    for (let ty = 0; ty < g.nby; ty += step) jobs.push(pool!.encode(job(ty, Math.min(g.nby, ty + step))));
    for (const j of await Promise.all(jobs)) blocks.push(...j);
  } else if (mode === 'views') bandViews(g, b, blocks);
  else if (mode === 'deflate') {
    const j = job(0, g.nby);
    if (planesApply(j)) {
      const { packed, lengths } = encodeRows(j);
      blocks.push(...unpack(packed, lengths));
    } else {
      await deflateOnLibuv(j, blocks);
    }
  }
  else if (mode === 'uniform') uniformOrCopiedBlocks(g, b, uniform, blocks);
  else packedBlocks(g, b, blocks);
  return blocks;
}

const deflateAsync = promisify(deflate);

/** A band's blocks filled and predicted here, compressed by zlib on libuv's threads (every core, one band at a time). */
async function deflateOnLibuv(job: EncodeJob, out: Buffer[]): Promise<void> {
  const { band, geom: g } = job;
  const zlib = zlibOptions(job.deflate);
  const raw: Buffer[] = [];
  for (let ty = 0; ty < g.nby; ty++) {
    for (let tx = 0; tx < g.nbx; tx++) raw.push(fillBlock(g, band, tx, ty, Buffer.alloc(g.bw * blockRows(g, ty) * g.bps)));
  }
  for (const d of await Promise.all(raw.map((r) => deflateAsync(r, zlib)))) out.push(d);
}

/** The band itself when the workers can read it as it is, else a copy on a SharedArrayBuffer. */
function onSharedMemory(b: RasterBand): RasterBand {
  if (b.buffer instanceof SharedArrayBuffer) return b;
  const copy = new (b.constructor as new (buf: ArrayBufferLike) => RasterBand)(new SharedArrayBuffer(b.byteLength));
  copy.set(b as Float32Array);
  return copy;
}

function bandBytes(g: BlockGeometry, b: RasterBand): Buffer {
  return Buffer.from(b.buffer, b.byteOffset, b.length * g.bps);
}

function bandViews(g: BlockGeometry, b: RasterBand, out: Buffer[]): void {
  const bytes = bandBytes(g, b);
  const rowBytes = g.width * g.bps;
  for (let ty = 0; ty < g.nby; ty++) out.push(bytes.subarray(ty * g.bh * rowBytes, (ty * g.bh + blockRows(g, ty)) * rowBytes));
}

function packedBlocks(g: BlockGeometry, b: RasterBand, out: Buffer[]): void {
  let total = 0;
  for (let ty = 0; ty < g.nby; ty++) total += g.nbx * g.bw * blockRows(g, ty) * g.bps;
  const all = Buffer.alloc(total);
  let at = 0;
  for (let ty = 0; ty < g.nby; ty++) {
    const len = g.bw * blockRows(g, ty) * g.bps;
    for (let tx = 0; tx < g.nbx; tx++) { out.push(fillBlock(g, b, tx, ty, all.subarray(at, at + len))); at += len; }
  }
}

/** Per block height and repeated sample: one row of that sample, and the whole block once it is needed. */
type UniformRows = Map<string, { row: Buffer; block: Buffer | null }>;

/** Finds uniform blocks in the band itself by native compares against one row of their first sample. */
function uniformOrCopiedBlocks(g: BlockGeometry, b: RasterBand, uniform: UniformRows, out: Buffer[]): void {
  const { width, height, bw, bh, bps } = g;
  const bytes = bandBytes(g, b);
  const rowBytes = bw * bps;
  for (let ty = 0; ty < g.nby; ty++) {
    const rows = blockRows(g, ty);
    for (let tx = 0; tx < g.nbx; tx++) {
      const c0 = tx * bw, r0 = ty * bh;
      if (c0 + bw <= width && r0 + rows <= height) {
        const first = (r0 * width + c0) * bps;
        const key = `${rows}:${bytes.toString('latin1', first, first + bps)}`;
        let u = uniform.get(key);
        if (!u) {
          const row = Buffer.alloc(rowBytes);
          for (let k = 0; k < rowBytes; k += bps) bytes.copy(row, k, first, first + bps);
          u = { row, block: null };
          uniform.set(key, u);
        }
        let same = true;
        for (let r = 0; r < rows && same; r++) {
          const at = ((r0 + r) * width + c0) * bps;
          same = u.row.compare(bytes, at, at + rowBytes) === 0;
        }
        if (same) {
          u.block ??= Buffer.concat(Array(rows).fill(u.row), rows * rowBytes);
          out.push(u.block);
          continue;
        }
      }
      out.push(fillBlock(g, b, tx, ty, Buffer.alloc(bw * rows * bps)));
    }
  }
}
