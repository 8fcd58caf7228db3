// A minimal PNG encoder (8-bit RGBA, zlib from node:zlib) so the report embeds its maps as data: URLs, with no
// image library and nothing fetched.
import { deflateSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** Encodes width x height RGBA pixels (row-major, 4 bytes each) as a PNG file. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  if (rgba.length !== width * height * 4) throw new Error(`encodePng: ${rgba.length} bytes for ${width} x ${height} RGBA`);
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let r = 0; r < height; r++) {
    raw[r * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + r * width * 4, width * 4).copy(raw, r * (width * 4 + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))]);
}

/** A perceptually ordered ramp (viridis-like anchors), t in [0, 1]. */
const RAMP: [number, number, number][] = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
export function rampColor(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, t)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(x));
  const f = x - i;
  return [0, 1, 2].map((k) => Math.round(RAMP[i][k] + f * (RAMP[i + 1][k] - RAMP[i][k]))) as [number, number, number];
}

/**
 * A raster (NaN = nodata, transparent) as a PNG data: URL, shrunk by nearest neighbour so the longer side is at most
 * maxSide pixels; values are stretched between lo and hi (default: the 2nd and 98th percentiles).
 */
export function rasterPngDataUrl(values: ArrayLike<number>, width: number, height: number, opts: { maxSide?: number; lo?: number; hi?: number } = {}): { url: string; width: number; height: number } {
  const scale = Math.min(1, (opts.maxSide ?? 240) / Math.max(width, height));
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  let lo = opts.lo;
  let hi = opts.hi;
  if (lo === undefined || hi === undefined) {
    const v: number[] = [];
    const step = Math.max(1, Math.floor(values.length / 20000));
    for (let i = 0; i < values.length; i += step) if (!Number.isNaN(values[i])) v.push(values[i]);
    v.sort((a, b) => a - b);
    lo ??= v.length ? v[Math.floor(0.02 * (v.length - 1))] : 0;
    hi ??= v.length ? v[Math.floor(0.98 * (v.length - 1))] : 1;
  }
  const span = hi - lo || 1;
  const rgba = new Uint8Array(w * h * 4);
  for (let r = 0; r < h; r++) {
    const sr = Math.min(height - 1, Math.floor((r + 0.5) / scale));
    for (let c = 0; c < w; c++) {
      const sc = Math.min(width - 1, Math.floor((c + 0.5) / scale));
      const v = values[sr * width + sc];
      const o = (r * w + c) * 4;
      if (Number.isNaN(v)) continue;
      const [R, G, B] = rampColor((v - lo) / span);
      rgba[o] = R;
      rgba[o + 1] = G;
      rgba[o + 2] = B;
      rgba[o + 3] = 255;
    }
  }
  return { url: `data:image/png;base64,${encodePng(w, h, rgba).toString('base64')}`, width: w, height: h };
}
