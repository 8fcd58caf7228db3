// The image data of a GeoTIFF as blocks: each band cut into tiles or strips, with the nodata swap, the predictor
// and DEFLATE applied, band after band (PlanarConfiguration 2).
import { deflate } from 'node:zlib';
import { promisify } from 'node:util';
import { throwIfAborted, type TaskOptions } from '../types';
import { Predictor } from './tiff-tags';
import { blockRows, type GeoTiffWriteOptions, type Plan, type RasterBand } from './tiff-plan';

const deflateAsync = promisify(deflate);

/**
 * views: uncompressed strips of the band's own bytes need no copy, the blocks are views of the band.
 * deflate: raw blocks compressed on libuv's pool a band at a time, so both cores deflate while memory stays bounded.
 * uniform: blocks of one repeated sample (nodata, mostly) share a single buffer; only the others are copied.
 * packed: one allocation per band, the blocks consecutive slices of it (written with one call).
 */
type BlockMode = 'views' | 'deflate' | 'uniform' | 'packed';

function blockMode(p: Plan, shareBlocks: boolean): BlockMode {
  if (p.deflate) return 'deflate';
  if (!p.tiled && !p.replaceNaN) return 'views';
  return shareBlocks && !p.replaceNaN ? 'uniform' : 'packed';
}

/** Every band's blocks, band after band (PlanarConfiguration 2), each band's in row-major block order. */
export async function encodeBlocks(o: GeoTiffWriteOptions, p: Plan, opts: TaskOptions): Promise<Buffer[]> {
  const mode = blockMode(p, o.shareBlocks === true);
  const blocks: Buffer[] = [];
  // One map for all bands, so a nodata block common to every band is held once.
  const uniform: UniformRows = new Map();
  for (let bi = 0; bi < p.bands; bi++) {
    throwIfAborted(opts.signal);
    const b = o.bands[bi];
    if (mode === 'views') bandViews(p, b, blocks);
    else if (mode === 'deflate') await deflateBlocks(p, b, o.level ?? 6, blocks);
    else if (mode === 'uniform') uniformOrCopiedBlocks(p, b, uniform, blocks);
    else packedBlocks(p, b, blocks);
    opts.onProgress?.({ step: 'write', done: bi + 1, total: p.bands, message: `band ${bi + 1}/${p.bands}` });
  }
  return blocks;
}

function bandBytes(p: Plan, b: RasterBand): Buffer {
  return Buffer.from(b.buffer, b.byteOffset, b.length * p.bps);
}

function bandViews(p: Plan, b: RasterBand, out: Buffer[]): void {
  const bytes = bandBytes(p, b);
  const rowBytes = p.width * p.bps;
  for (let ty = 0; ty < p.nby; ty++) out.push(bytes.subarray(ty * p.bh * rowBytes, (ty * p.bh + blockRows(p, ty)) * rowBytes));
}

async function deflateBlocks(p: Plan, b: RasterBand, level: number, out: Buffer[]): Promise<void> {
  const raw: Buffer[] = [];
  for (let ty = 0; ty < p.nby; ty++) {
    for (let tx = 0; tx < p.nbx; tx++) raw.push(fillBlock(p, b, tx, ty, Buffer.alloc(p.bw * blockRows(p, ty) * p.bps)));
  }
  for (const d of await Promise.all(raw.map((r) => deflateAsync(r, { level })))) out.push(d);
}

function packedBlocks(p: Plan, b: RasterBand, out: Buffer[]): void {
  let total = 0;
  for (let ty = 0; ty < p.nby; ty++) total += p.nbx * p.bw * blockRows(p, ty) * p.bps;
  const all = Buffer.alloc(total);
  let at = 0;
  for (let ty = 0; ty < p.nby; ty++) {
    const len = p.bw * blockRows(p, ty) * p.bps;
    for (let tx = 0; tx < p.nbx; tx++) { out.push(fillBlock(p, b, tx, ty, all.subarray(at, at + len))); at += len; }
  }
}

/** Per block height and repeated sample: one row of that sample, and the whole block once it is needed. */
type UniformRows = Map<string, { row: Buffer; block: Buffer | null }>;

/** Finds uniform blocks in the band itself by native compares against one row of their first sample. */
function uniformOrCopiedBlocks(p: Plan, b: RasterBand, uniform: UniformRows, out: Buffer[]): void {
  const { width, height, bw, bh, bps } = p;
  const bytes = bandBytes(p, b);
  const rowBytes = bw * bps;
  for (let ty = 0; ty < p.nby; ty++) {
    const rows = blockRows(p, ty);
    for (let tx = 0; tx < p.nbx; tx++) {
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
      out.push(fillBlock(p, b, tx, ty, Buffer.alloc(bw * rows * bps)));
    }
  }
}

/** Fills `buf` (zeroed, bw x rows samples) with block (tx, ty) of band b, applying the nodata swap and the predictor. */
function fillBlock(p: Plan, b: RasterBand, tx: number, ty: number, buf: Buffer): Buffer {
  const { width, height, bw, bh } = p;
  const rows = blockRows(p, ty);
  const c0 = tx * bw, r0 = ty * bh;
  const cols = Math.min(bw, width - c0);
  const view = new (b.constructor as { new (buf: ArrayBufferLike, off: number, len: number): RasterBand })(
    buf.buffer, buf.byteOffset, bw * rows);
  for (let r = 0; r < rows && r0 + r < height; r++) {
    const src = b.subarray((r0 + r) * width + c0, (r0 + r) * width + c0 + cols);
    (view as Float32Array).set(src as Float32Array, r * bw);
  }
  if (p.replaceNaN) {
    const v = view as Float32Array;
    const nodata = p.nodata as number;
    for (let i = 0; i < v.length; i++) if (v[i] !== v[i]) v[i] = nodata;
  }
  if (p.predictor === Predictor.Horizontal) horizontalDiff(view, bw, rows);
  else if (p.predictor === Predictor.FloatingPoint) return floatPredict(buf, bw, rows, p.bps);
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
 * first, then byte-wise differenced.
 */
function floatPredict(src: Buffer, w: number, rows: number, bps: number): Buffer {
  const out = Buffer.alloc(src.length);
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
