// A GeoTIFF writer of our own: little-endian classic TIFF, tiled or striped, optional DEFLATE with predictors,
// band-interleaved (PlanarConfiguration 2), GeoKeys for an EPSG code, GDAL_NODATA / GDAL_METADATA, palettes.
import { open } from 'node:fs/promises';
import { deflate } from 'node:zlib';
import { promisify } from 'node:util';
import { ProspectError, throwIfAborted, type GridSpec, type TaskOptions } from '../types';
import { epsgCode } from './spec';

const deflateAsync = promisify(deflate);

export type RasterBand = Float32Array | Float64Array | Uint8Array | Int16Array | Uint16Array;

export interface GeoTiffWriteOptions {
  spec: GridSpec;
  /** Row-major bands of spec.width x spec.height, all of one type. */
  bands: RasterBand[];
  /** Written as GDAL_NODATA; float NaN cells are stored as this value (default for floats: NaN itself). */
  nodata?: number;
  compress?: 'none' | 'deflate';
  /** Predictor with DEFLATE: floating-point (3) for float bands, horizontal (2) for integers. Default true. */
  predictor?: boolean;
  /** zlib level 1-9 (default 6). */
  level?: number;
  /** Tile side (multiple of 16, default 256); 0 = strips. */
  tileSize?: number;
  /**
   * Store identical blocks once, every copy's offset pointing at it (default false). Readers see the same pixels; a
   * mostly-nodata grid shrinks to its data blocks plus one nodata block. (GDAL's SPARSE_OK omits such blocks instead,
   * which geotiff.js reads back as 0 when nodata is NaN.)
   */
  shareBlocks?: boolean;
  /** For one UInt8 band: 256 (or fewer) [r, g, b] entries 0-255; written as a palette (Photometric 3). */
  colorTable?: [number, number, number][];
  bandNames?: string[];
  /** Dataset-level metadata items for GDAL_METADATA. */
  metadata?: Record<string, string>;
}

interface Entry { tag: number; type: number; count: number; data: Buffer }

const SHORT = 3, LONG = 4, ASCII = 2, DOUBLE = 12;

function sampleInfo(b: RasterBand): { bits: number; format: number; float: boolean; name: string } {
  if (b instanceof Float32Array) return { bits: 32, format: 3, float: true, name: 'Float32' };
  if (b instanceof Float64Array) return { bits: 64, format: 3, float: true, name: 'Float64' };
  if (b instanceof Uint8Array) return { bits: 8, format: 1, float: false, name: 'Byte' };
  if (b instanceof Int16Array) return { bits: 16, format: 2, float: false, name: 'Int16' };
  if (b instanceof Uint16Array) return { bits: 16, format: 1, float: false, name: 'UInt16' };
  throw new ProspectError('Bands must be Float32, Float64, Uint8, Int16 or Uint16 arrays.', 'TIFF_BAD_TYPE');
}

/** EPSG codes 4000-4999 are geographic 2D CRSs (degrees); everything else is taken as projected. */
function isGeographic(code: number): boolean {
  return code >= 4000 && code < 5000;
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** GDAL's spelling of a nodata value (it parses with CPLAtof; 'nan' for NaN). */
function nodataString(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  return String(v);
}

/** Encodes a GeoTIFF into one Buffer. */
export async function encodeGeoTiff(o: GeoTiffWriteOptions, opts: TaskOptions = {}): Promise<Buffer> {
  const { parts, size } = await encodeParts(o, opts);
  return Buffer.concat(parts, size);
}

/** The file as consecutive parts (header, then blocks that may be views of the bands themselves) and its size. */
async function encodeParts(o: GeoTiffWriteOptions, opts: TaskOptions): Promise<{ parts: Buffer[]; size: number }> {
  const { spec, bands } = o;
  const { width, height } = spec;
  if (bands.length === 0) throw new ProspectError('At least one band is needed to write a GeoTIFF.', 'TIFF_NO_BANDS');
  const info = sampleInfo(bands[0]);
  for (const [i, b] of bands.entries()) {
    if (b.constructor !== bands[0].constructor) {
      throw new ProspectError(`Band ${i + 1} is ${sampleInfo(b).name}, band 1 ${info.name}: give one type.`, 'TIFF_BAD_TYPE');
    }
    if (b.length !== width * height) {
      throw new ProspectError(`Band ${i + 1} has ${b.length} cells, the grid ${width} x ${height}.`, 'TIFF_BAD_SIZE');
    }
  }
  const bps = info.bits / 8;
  const nb = bands.length;
  const tile = o.tileSize ?? 256;
  if (tile !== 0 && (tile % 16 !== 0 || tile <= 0)) {
    throw new ProspectError(`Tile size ${tile} must be a positive multiple of 16 (or 0 for strips).`, 'TIFF_BAD_TILE');
  }
  const compress = o.compress ?? 'none';
  const predictor = compress === 'deflate' && (o.predictor ?? true) ? (info.float ? 3 : 2) : 1;
  const nodata = o.nodata ?? (info.float ? NaN : undefined);
  const replaceNaN = info.float && nodata !== undefined && !Number.isNaN(nodata);

  // Blocks: tiles (full size, padded) or strips of rows worth ~64 KiB.
  const bw = tile || width;
  const bh = tile || Math.max(1, Math.min(height, Math.floor(65536 / (width * bps))));
  const nbx = Math.ceil(width / bw), nby = Math.ceil(height / bh);

  const blockRows = (ty: number) => (tile ? bh : Math.min(bh, height - ty * bh));
  // Fills `buf` (zeroed, bw x rows samples) with block (tx, ty) of band b, applying the nodata swap and the predictor.
  const makeBlock = (b: RasterBand, tx: number, ty: number, buf: Buffer): Buffer => {
    const rows = blockRows(ty);
    const c0 = tx * bw, r0 = ty * bh;
    const cols = Math.min(bw, width - c0);
    const view = new (b.constructor as { new (buf: ArrayBufferLike, off: number, len: number): RasterBand })(
      buf.buffer, buf.byteOffset, bw * rows);
    for (let r = 0; r < rows && r0 + r < height; r++) {
      const src = b.subarray((r0 + r) * width + c0, (r0 + r) * width + c0 + cols);
      (view as Float32Array).set(src as Float32Array, r * bw);
    }
    if (replaceNaN) {
      const v = view as Float32Array;
      for (let i = 0; i < v.length; i++) if (v[i] !== v[i]) v[i] = nodata as number;
    }
    if (predictor === 2) horizontalDiff(view, bw, rows);
    else if (predictor === 3) return floatPredict(buf, bw, rows, bps);
    return buf;
  };
  // Uncompressed strips of the band's own bytes need no copy at all: the blocks are views of the band.
  const direct = compress === 'none' && !tile && !replaceNaN && predictor === 1 && bps * 8 === info.bits;

  // Uncompressed: one allocation per band, blocks are consecutive slices of it (written with one call).
  // DEFLATE: raw blocks compressed on libuv's pool a band at a time, so both cores deflate while memory stays bounded.
  const blocks: Buffer[] = [];
  const uniform = new Map<string, { row: Buffer; block: Buffer | null }>();
  for (let bi = 0; bi < nb; bi++) {
    throwIfAborted(opts.signal);
    const b = bands[bi];
    if (direct) {
      const bytes = Buffer.from(b.buffer, b.byteOffset, b.length * bps);
      for (let ty = 0; ty < nby; ty++) blocks.push(bytes.subarray(ty * bh * width * bps, (ty * bh + blockRows(ty)) * width * bps));
    } else if (compress === 'deflate') {
      const raw: Buffer[] = [];
      for (let ty = 0; ty < nby; ty++) {
        for (let tx = 0; tx < nbx; tx++) raw.push(makeBlock(b, tx, ty, Buffer.alloc(bw * blockRows(ty) * bps)));
      }
      const level = o.level ?? 6;
      blocks.push(...(await Promise.all(raw.map((r) => deflateAsync(r, { level })))));
    } else if (o.shareBlocks && !replaceNaN && predictor === 1) {
      // Blocks of one repeated sample (nodata, mostly) are found in the band itself by native compares against one
      // row of that sample, and share a single buffer; only the other blocks are copied.
      const bytes = Buffer.from(b.buffer, b.byteOffset, b.length * bps);
      const rowBytes = bw * bps;
      for (let ty = 0; ty < nby; ty++) {
        const rows = blockRows(ty);
        for (let tx = 0; tx < nbx; tx++) {
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
              blocks.push(u.block);
              continue;
            }
          }
          blocks.push(makeBlock(b, tx, ty, Buffer.alloc(bw * rows * bps)));
        }
      }
    } else {
      let total = 0;
      for (let ty = 0; ty < nby; ty++) total += nbx * bw * blockRows(ty) * bps;
      const all = Buffer.alloc(total);
      let at = 0;
      for (let ty = 0; ty < nby; ty++) {
        const len = bw * blockRows(ty) * bps;
        for (let tx = 0; tx < nbx; tx++) { blocks.push(makeBlock(b, tx, ty, all.subarray(at, at + len))); at += len; }
      }
    }
    opts.onProgress?.({ step: 'write', done: bi + 1, total: nb, message: `band ${bi + 1}/${nb}` });
  }

  const short = (vals: number[]) => { const d = Buffer.alloc(vals.length * 2); vals.forEach((v, i) => d.writeUInt16LE(v, i * 2)); return d; };
  const long = (vals: number[]) => { const d = Buffer.alloc(vals.length * 4); vals.forEach((v, i) => d.writeUInt32LE(v, i * 4)); return d; };
  const dbl = (vals: number[]) => { const d = Buffer.alloc(vals.length * 8); vals.forEach((v, i) => d.writeDoubleLE(v, i * 8)); return d; };
  const ascii = (s: string) => Buffer.from(s + '\0', 'latin1');
  const entries: Entry[] = [];
  const add = (tag: number, type: number, data: Buffer, count: number) => entries.push({ tag, type, count, data });

  const palette = o.colorTable && info.bits === 8 && nb === 1;
  if (o.colorTable && !palette) {
    throw new ProspectError('A colour table needs exactly one Uint8 band.', 'TIFF_BAD_PALETTE');
  }
  add(256, LONG, long([width]), 1);
  add(257, LONG, long([height]), 1);
  add(258, SHORT, short(Array(nb).fill(info.bits)), nb);
  add(259, SHORT, short([compress === 'deflate' ? 8 : 1]), 1);
  add(262, SHORT, short([palette ? 3 : 1]), 1);
  const offsetsTag = tile ? 324 : 273, countsTag = tile ? 325 : 279;
  const nBlocks = blocks.length;
  add(offsetsTag, LONG, Buffer.alloc(nBlocks * 4), nBlocks); // filled once the layout is known
  add(277, SHORT, short([nb]), 1);
  if (!tile) add(278, LONG, long([bh]), 1);
  add(countsTag, LONG, long(blocks.map((b) => b.length)), nBlocks);
  add(284, SHORT, short([nb > 1 ? 2 : 1]), 1);
  if (predictor !== 1) add(317, SHORT, short([predictor]), 1);
  if (palette) {
    const ct = o.colorTable as [number, number, number][];
    const map: number[] = new Array(768).fill(0);
    for (let i = 0; i < 256 && i < ct.length; i++) {
      // TIFF colour maps are 16-bit: 255 -> 65535.
      map[i] = ct[i][0] * 257; map[256 + i] = ct[i][1] * 257; map[512 + i] = ct[i][2] * 257;
    }
    add(320, SHORT, short(map), 768);
  }
  if (tile) {
    add(322, SHORT, short([bw]), 1);
    add(323, SHORT, short([bh]), 1);
  }
  if (nb > 1) add(338, SHORT, short(Array(nb - 1).fill(0)), nb - 1);
  add(339, SHORT, short(Array(nb).fill(info.format)), nb);
  add(33550, DOUBLE, dbl([spec.cellX, spec.cellY, 0]), 3);
  add(33922, DOUBLE, dbl([0, 0, 0, spec.xmin, spec.ymax, 0]), 6);
  const code = epsgCode(spec.crs);
  if (code !== null) {
    const geo = isGeographic(code);
    const keys = [[1024, 0, 1, geo ? 2 : 1], [1025, 0, 1, 1], [geo ? 2048 : 3072, 0, 1, code]];
    add(34735, SHORT, short([1, 1, 0, keys.length, ...keys.flat()]), 4 + keys.length * 4);
  }
  const items: string[] = [];
  for (const [k, v] of Object.entries(o.metadata ?? {})) items.push(`  <Item name="${xmlEscape(k)}">${xmlEscape(v)}</Item>`);
  (o.bandNames ?? []).forEach((name, i) => {
    items.push(`  <Item name="DESCRIPTION" sample="${i}" role="description">${xmlEscape(name)}</Item>`);
  });
  if (items.length) {
    const s = `<GDALMetadata>\n${items.join('\n')}\n</GDALMetadata>`;
    add(42112, ASCII, ascii(s), s.length + 1);
  }
  if (nodata !== undefined) {
    const s = nodataString(nodata);
    add(42113, ASCII, ascii(s), s.length + 1);
  }
  entries.sort((a, b) => a.tag - b.tag);

  // Layout: header, IFD, out-of-line tag data (word aligned), then the blocks.
  const ifdSize = 2 + entries.length * 12 + 4;
  let pos = 8 + ifdSize;
  const extOffsets = entries.map((e) => {
    if (e.data.length <= 4) return -1;
    pos += pos & 1;
    const at = pos;
    pos += e.data.length;
    return at;
  });
  pos += pos & 1;
  const blockOffsets: number[] = [];
  const stored: Buffer[] = [];
  // With shareBlocks, a block equal to an earlier one with the same first bytes points at that copy instead.
  const seen = o.shareBlocks ? new Map<string, number>() : null;
  for (let k = 0; k < blocks.length; k++) {
    const b = blocks[k];
    if (seen) {
      const key = `${b.length}:${b.toString('latin1', 0, Math.min(8, b.length))}`;
      const first = seen.get(key);
      if (first !== undefined && (blocks[first] === b || blocks[first].equals(b))) { blockOffsets.push(blockOffsets[first]); continue; }
      if (first === undefined) seen.set(key, k);
    }
    blockOffsets.push(pos);
    stored.push(b);
    pos += b.length;
  }
  if (pos > 0xffffffff) {
    throw new ProspectError('The GeoTIFF would exceed 4 GiB: write fewer bands per file or compress.', 'TIFF_TOO_BIG');
  }
  const offEntry = entries.find((e) => e.tag === offsetsTag) as Entry;
  offEntry.data = long(blockOffsets);

  const head = Buffer.alloc(blockOffsets.length ? blockOffsets[0] : pos);
  head.write('II', 0, 'latin1');
  head.writeUInt16LE(42, 2);
  head.writeUInt32LE(8, 4);
  head.writeUInt16LE(entries.length, 8);
  entries.forEach((e, i) => {
    const p = 10 + i * 12;
    head.writeUInt16LE(e.tag, p);
    head.writeUInt16LE(e.type, p + 2);
    head.writeUInt32LE(e.count, p + 4);
    if (extOffsets[i] < 0) e.data.copy(head, p + 8);
    else { head.writeUInt32LE(extOffsets[i], p + 8); e.data.copy(head, extOffsets[i]); }
  });
  head.writeUInt32LE(0, 10 + entries.length * 12);
  return { parts: [head, ...stored], size: pos };
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
