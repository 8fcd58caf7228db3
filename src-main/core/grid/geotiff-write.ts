// A GeoTIFF writer of our own: little-endian classic TIFF, tiled or striped, optional DEFLATE with predictors,
// band-interleaved (PlanarConfiguration 2), GeoKeys for an EPSG code, GDAL_NODATA / GDAL_METADATA, palettes; tiled
// files are Cloud Optimized GeoTIFFs with internal overviews unless asked otherwise.
// Stages: the options checked into a plan (tiff-plan), the bands and their overviews cut and compressed into blocks
// (tiff-blocks; on the encoder workers of tiff-pool when given some), the IFDs (tiff-ifd), then the file layout around
// them (tiff-layout); the format's numbers by name in tiff-tags.
import { open } from 'node:fs/promises';
import { ProspectError, type TaskOptions } from '../types';
import { encodeBlocks } from './tiff-blocks';
import { ifdEntries, setLongs } from './tiff-ifd';
import { layOut, writeHead } from './tiff-layout';
import { planFile, type GeoTiffWriteOptions } from './tiff-plan';
import type { EncodeArena } from './tiff-arena';
import type { TiffEncoderPool } from './tiff-pool';

export type { GeoTiffWriteOptions, RasterBand } from './tiff-plan';
export { TiffEncoderPool } from './tiff-pool';
export { EncodeArena } from './tiff-arena';

export type GeoTiffTaskOptions = TaskOptions & {
  /**
   * Encoder workers to compress on, for many large files in a row (see writeGridTiffs). Without them, zlib runs on
   * libuv's thread pool (every core, no start-up to pay for one file) and the plane encoder in this thread.
   */
  pool?: TiffEncoderPool;
  /**
   * With a pool: memory for the compressed blocks and the overviews, reused by the next write given it (one arena
   * per file in flight: the blocks are views of it until the file is written).
   */
  arena?: EncodeArena;
};

/** Encodes a GeoTIFF into one Buffer. */
export async function encodeGeoTiff(o: GeoTiffWriteOptions, opts: GeoTiffTaskOptions = {}): Promise<Buffer> {
  const { parts, size } = await encodeParts(o, opts);
  return Buffer.concat(parts, size);
}

/** The file as consecutive parts (head, then blocks that may be views of the bands themselves) and its size. */
async function encodeParts(o: GeoTiffWriteOptions, opts: GeoTiffTaskOptions): Promise<{ parts: Buffer[]; size: number }> {
  const p = planFile(o);
  const levels = await encodeBlocks(o, p, opts);
  const images = levels.map((blocks, i) => ({ ...ifdEntries(o, p, i, blocks), blocks }));
  const layout = layOut(images, { cog: p.cog, shareBlocks: o.shareBlocks === true });
  if (layout.size > 0xffffffff) {
    throw new ProspectError('The GeoTIFF would exceed 4 GiB: write fewer bands per file or compress.', 'TIFF_TOO_BIG');
  }
  images.forEach((im, i) => setLongs(im.offsets, layout.blockOffsets[i]));
  return { parts: [writeHead(images, layout), ...layout.stored], size: layout.size };
}

/** Writes a GeoTIFF file; see encodeGeoTiff. */
export async function writeGeoTiff(file: string, o: GeoTiffWriteOptions, opts: GeoTiffTaskOptions = {}): Promise<void> {
  const { parts } = await encodeParts(o, opts);
  try {
    // Straight from the parts (no whole-file copy), adjacent slices of one buffer merged, many parts per call.
    const fh = await open(file, 'w');
    try {
      const all = coalesce(parts);
      for (let i = 0; i < all.length; i += WRITEV_PARTS) await writeAll(fh, all.slice(i, i + WRITEV_PARTS));
    } finally {
      await fh.close();
    }
  } catch (err) {
    throw new ProspectError(`Cannot write ${file}: ${(err as Error).message}. Check the folder exists and is writable.`,
      'TIFF_WRITE', { file });
  }
}

/** Parts per writev call: within every system's IOV_MAX (1024 on Linux and macOS). */
const WRITEV_PARTS = 1024;

async function writeAll(fh: Awaited<ReturnType<typeof open>>, parts: Buffer[]): Promise<void> {
  let rest = parts;
  while (rest.length) {
    let { bytesWritten } = await fh.writev(rest);
    // A short write: drop what went out and go on from there.
    let k = 0;
    while (k < rest.length && bytesWritten >= rest[k].length) bytesWritten -= rest[k++].length;
    rest = rest.slice(k);
    if (rest.length && bytesWritten > 0) rest[0] = rest[0].subarray(bytesWritten);
  }
}

function coalesce(parts: Buffer[]): Buffer[] {
  const out: Buffer[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (last && last.buffer === p.buffer && last.byteOffset + last.length === p.byteOffset) {
      out[out.length - 1] = Buffer.from(last.buffer, last.byteOffset, last.length + p.length);
    } else {
      out.push(p);
    }
  }
  return out;
}
