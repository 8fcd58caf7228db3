// A GeoTIFF writer of our own: little-endian classic TIFF, tiled or striped, optional DEFLATE with predictors,
// band-interleaved (PlanarConfiguration 2), GeoKeys for an EPSG code, GDAL_NODATA / GDAL_METADATA, palettes.
// Stages: the options checked into a plan (tiff-plan), the bands cut and compressed into blocks (tiff-blocks), then
// the IFD and the file layout around them (tiff-ifd); the format's numbers by name in tiff-tags.
import { open } from 'node:fs/promises';
import { ProspectError, type TaskOptions } from '../types';
import { encodeBlocks } from './tiff-blocks';
import { ifdEntries, layOut, setLongs, writeHead } from './tiff-ifd';
import { planFile, type GeoTiffWriteOptions } from './tiff-plan';

export type { GeoTiffWriteOptions, RasterBand } from './tiff-plan';

/** Encodes a GeoTIFF into one Buffer. */
export async function encodeGeoTiff(o: GeoTiffWriteOptions, opts: TaskOptions = {}): Promise<Buffer> {
  const { parts, size } = await encodeParts(o, opts);
  return Buffer.concat(parts, size);
}

/** The file as consecutive parts (header, then blocks that may be views of the bands themselves) and its size. */
async function encodeParts(o: GeoTiffWriteOptions, opts: TaskOptions): Promise<{ parts: Buffer[]; size: number }> {
  const p = planFile(o);
  const blocks = await encodeBlocks(o, p, opts);
  const { entries, offsets } = ifdEntries(o, p, blocks);
  const layout = layOut(entries, blocks, o.shareBlocks === true);
  if (layout.size > 0xffffffff) {
    throw new ProspectError('The GeoTIFF would exceed 4 GiB: write fewer bands per file or compress.', 'TIFF_TOO_BIG');
  }
  setLongs(offsets, layout.blockOffsets);
  return { parts: [writeHead(entries, layout), ...layout.stored], size: layout.size };
}

/** Writes a GeoTIFF file; see encodeGeoTiff. */
export async function writeGeoTiff(file: string, o: GeoTiffWriteOptions, opts: TaskOptions = {}): Promise<void> {
  const { parts } = await encodeParts(o, opts);
  try {
    // Straight from the parts (no whole-file copy), adjacent slices of one buffer merged into one write call.
    const fh = await open(file, 'w');
    try {
      for (const part of coalesce(parts)) {
        for (let at = 0; at < part.length;) {
          const { bytesWritten } = await fh.write(part, at, part.length - at);
          at += bytesWritten;
        }
      }
    } finally {
      await fh.close();
    }
  } catch (err) {
    throw new ProspectError(`Cannot write ${file}: ${(err as Error).message}. Check the folder exists and is writable.`,
      'TIFF_WRITE', { file });
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

