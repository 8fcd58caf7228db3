// A fast DEFLATE encoder for Float32 tiles under the floating-point predictor (TIFF predictor 3), written straight
// from the band. Each row of a tile becomes its four byte planes (sign and exponent, then the mantissa from its most
// significant byte), byte-wise differenced. On a grid the first plane is mostly a run of zeros; the mantissa planes
// are close to noise (on an IDW grid about 4.4, 8 and 8 bits of entropy per byte). So each row is two blocks: the
// first plane under the fixed Huffman code with runs of the previous byte as distance-1 matches, the mantissa stored
// as it is. Rows whose mantissa has runs (nodata, constant areas) are coded whole with the fixed code. Huffman coding
// the second plane would save a few percent more, but a table per row costs about as much as it saves (DEFLATE sends
// a table with every block, and the stored planes end each block).
// The output is an ordinary zlib stream that any inflater reads, ~10% larger than zlib's level 1 on IDW grids and
// several times faster to make (figures in docs/gis.md). The whole encoder runs on WebAssembly where it can
// (planes-wasm.ts: the predictor pass in SIMD); the code below is its reference and the path where it cannot.
import { SimdPlanes, simdPlanesApply, type PredictedTile } from './planes-wasm';

const MAX_MATCH = 258;
const MIN_MATCH = 3;

/** The fixed literal/length code (RFC 1951 3.2.6) as one word per symbol: the bit-reversed code, its length above. */
const FIXED = new Uint32Array(288);
{
  const put = (sym: number, code: number, len: number) => {
    let r = 0;
    for (let k = 0; k < len; k++) r |= ((code >>> k) & 1) << (len - 1 - k);
    FIXED[sym] = r | (len << 16);
  };
  for (let s = 0; s < 144; s++) put(s, 0x30 + s, 8);
  for (let s = 144; s < 256; s++) put(s, 0x190 + s - 144, 9);
  for (let s = 256; s < 280; s++) put(s, s - 256, 7);
  for (let s = 280; s < 288; s++) put(s, 0xc0 + s - 280, 8);
}
/** Distance 1 under the fixed distance code: code 0, five bits. */
const FIXED_DIST_BITS = 5;

/** Length symbol and extra bits of each match length (RFC 1951 3.2.5): symbol | extra bits << 16 | extra value << 20. */
const LENGTH = new Uint32Array(MAX_MATCH + 1);
{
  const base = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227];
  const extra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5];
  for (let s = 0; s < base.length; s++) {
    for (let len = base[s]; len < base[s] + (1 << extra[s]) && len < MAX_MATCH; len++) {
      LENGTH[len] = (257 + s) | (extra[s] << 16) | ((len - base[s]) << 20);
    }
  }
  // 258 has a symbol of its own.
  LENGTH[MAX_MATCH] = 285;
}

/** Everything one tile needs: the band's bits, the grid, and the nodata swap. */
export interface FloatTile {
  /** The band's Float32 samples as their bit patterns (a Uint32Array over the same memory). */
  bits: Uint32Array;
  width: number;
  height: number;
  /** Tile side in samples (square tiles, a multiple of 4). */
  tile: number;
  /** Bit pattern that NaN samples are stored as, or -1 to keep NaN. */
  nodataBits: number;
}

/** The most bytes deflateFloatTile writes for a tile of side w: each row at 15 bits a byte, and block overheads. */
export function tileBound(w: number): number {
  return 2 + w * (Math.ceil(4 * w * 15 / 8) + 16) + 16;
}

/**
 * Writes the zlib stream of tile (tx, ty) into `out` from byte `at` (room for tileBound bytes needed) and returns
 * where it ends; rows are padded with zeros past the grid's edge, as TIFF tiles are.
 */
export function deflateFloatTile(t: FloatTile, tx: number, ty: number, scratch: TileScratch, out: Buffer, at: number): number {
  const simd = scratch.simdFor(t.tile);
  if (simd) return simd.deflate(t, tx, ty, out, at);
  const w = t.tile, rowBytes = 4 * w;
  const { bytes, runny, a, b } = scratch.predict(t, tx, ty);

  const wr = new BitWriter(out, at);
  wr.byte(0x78); wr.byte(0x01);
  for (let r = 0; r < w; r++) {
    const o = r * rowBytes;
    const codedEnd = runny[r] ? o + rowBytes : o + w;
    wr.put(2, 3); // BFINAL 0, BTYPE 01: the fixed code
    wr.code(bytes, o, codedEnd, r > 0 ? bytes[o - 1] : -1, FIXED, 0, FIXED_DIST_BITS);
    wr.put(0, 7); // end of block (fixed code 0)
    if (codedEnd < o + rowBytes) wr.stored(bytes, codedEnd, o + rowBytes);
  }
  wr.put(3, 3); // the final block: BFINAL 1, fixed code, empty
  wr.put(0, 7);
  wr.align();
  wr.out.writeUInt32BE(((b << 16) | a) >>> 0, wr.pos);
  return wr.pos + 4;
}

/**
 * Fills `bytes` with the tile's rows under predictor 3 and flags the rows whose mantissa planes are mostly zero
 * differences; returns the Adler-32 sums of all of it.
 *
 * One pass per row over its samples: each sample minus the one before it, byte by byte in one word (the four planes'
 * differences at once), then four samples' differences transposed into one word of each plane. The first byte of a
 * plane is differenced against the last byte of the plane before it (the row is one byte sequence), so the row's first
 * sample is taken against its last sample shifted down a byte. Adler-32 is advanced per row from each plane's byte sum
 * and the position-weighted sum: for N bytes d_1..d_N, a += sum d_i and b += N * a + sum (N - i + 1) d_i.
 */
export function predictRows(t: FloatTile, tx: number, ty: number, bytes: Uint8Array, runny: Uint8Array): { a: number; b: number } {
  const { bits, width, height, tile: w, nodataBits } = t;
  // Row bytes as words, little-endian on every platform Node runs on, so byte j of a word is byte j of the row.
  const words32 = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);
  const c0 = tx * w, cols = Math.max(0, Math.min(w, width - c0));
  const q = w >> 2, N = 4 * w;
  let a = 1, b = 0;
  for (let r = 0; r < w; r++) {
    const y = ty * w + r;
    const o = r * w;
    const base = y < height ? y * width + c0 : 0;
    const n = y < height ? cols : 0;
    let prev = 0;
    if (n === w) {
      prev = bits[base + w - 1];
      if (nodataBits >= 0 && (prev & 0x7f800000) === 0x7f800000 && (prev & 0x7fffff) !== 0) prev = nodataBits;
    }
    prev >>>= 8;
    // Per-plane byte sums in 16-bit lanes (bytes 0 and 2, bytes 1 and 3), flushed every 256 samples so no lane
    // overflows; the sum of position times byte sum; the non-zero mantissa bytes.
    let lo = 0, hi = 0, s3 = 0, s2 = 0, s1 = 0, s0 = 0, u = 0, nonzero = 0;
    for (let c = 0; c < w; c += 4) {
      const v0 = sample(bits, base, c, n, nodataBits), v1 = sample(bits, base, c + 1, n, nodataBits);
      const v2 = sample(bits, base, c + 2, n, nodataBits), v3 = sample(bits, base, c + 3, n, nodataBits);
      const d0 = sub(v0, prev), d1 = sub(v1, v0), d2 = sub(v2, v1), d3 = sub(v3, v2);
      prev = v3;
      const l0 = d0 & 0x00ff00ff, l1 = d1 & 0x00ff00ff, l2 = d2 & 0x00ff00ff, l3 = d3 & 0x00ff00ff;
      const h0 = (d0 >>> 8) & 0x00ff00ff, h1 = (d1 >>> 8) & 0x00ff00ff, h2 = (d2 >>> 8) & 0x00ff00ff, h3 = (d3 >>> 8) & 0x00ff00ff;
      lo += l0 + l1 + l2 + l3;
      hi += h0 + h1 + h2 + h3;
      const t0 = l0 + h0, t1 = l1 + h1, t2 = l2 + h2, t3 = l3 + h3;
      u += c * ((t0 & 0xffff) + (t0 >>> 16)) + (c + 1) * ((t1 & 0xffff) + (t1 >>> 16)) +
        (c + 2) * ((t2 & 0xffff) + (t2 >>> 16)) + (c + 3) * ((t3 & 0xffff) + (t3 >>> 16));
      nonzero += Math.imul(nz(d0) + nz(d1) + nz(d2) + nz(d3), 0x01010101) >>> 24;
      const at = o + (c >> 2);
      words32[at] = (d0 >>> 24) | ((d1 >>> 16) & 0xff00) | ((d2 >>> 8) & 0xff0000) | (d3 & 0xff000000);
      words32[at + q] = ((d0 >>> 16) & 0xff) | ((d1 >>> 8) & 0xff00) | (d2 & 0xff0000) | ((d3 << 8) & 0xff000000);
      words32[at + 2 * q] = ((d0 >>> 8) & 0xff) | (d1 & 0xff00) | ((d2 << 8) & 0xff0000) | ((d3 << 16) & 0xff000000);
      words32[at + 3 * q] = (d0 & 0xff) | ((d1 << 8) & 0xff00) | ((d2 << 16) & 0xff0000) | (d3 << 24);
      if ((c & 255) === 252) {
        s3 += hi >>> 16; s2 += lo >>> 16; s1 += hi & 0xffff; s0 += lo & 0xffff;
        lo = 0; hi = 0;
      }
    }
    s3 += hi >>> 16; s2 += lo >>> 16; s1 += hi & 0xffff; s0 += lo & 0xffff;
    // Plane k (most significant byte first) starts at byte k * w of the row: sum over it of (N - k*w - c) * d.
    const sum = s3 + s2 + s1 + s0;
    b = (b + ((N * a) % 65521) + ((N * sum - w * (s2 + 2 * s1 + 3 * s0) - u) % 65521)) % 65521;
    a = (a + sum) % 65521;
    const zeros = 3 * w - nonzero;
    // Mantissa planes with runs to speak of are coded whole; noise is stored.
    runny[r] = zeros * 8 > 3 * w ? 1 : 0;
  }
  return { a, b };
}

/** Sample c of a row from `base` (n samples, zeros past them), NaN swapped for nodataBits when that is >= 0. */
function sample(bits: Uint32Array, base: number, c: number, n: number, nodataBits: number): number {
  const v = c < n ? bits[base + c] : 0;
  return nodataBits >= 0 && (v & 0x7f800000) === 0x7f800000 && (v & 0x7fffff) !== 0 ? nodataBits : v;
}

/** Byte-wise v - p, mod 256 in each byte. */
function sub(v: number, p: number): number {
  return ((v | 0x80808080) - (p & 0x7f7f7f7f)) ^ ((v ^ ~p) & 0x80808080);
}

/** 1 in bytes 0..2 (the mantissa planes) of d that are not zero. */
function nz(d: number): number {
  return ((((d & 0x7f7f7f7f) + 0x7f7f7f7f) | d) >>> 7) & 0x010101;
}

/** Bits least significant first into a buffer; `code` keeps its state in locals for the per-byte loop. */
class BitWriter {
  private acc = 0;
  private nb = 0;
  constructor(readonly out: Buffer, public pos: number) {}

  byte(v: number): void {
    this.out[this.pos++] = v;
  }

  put(value: number, count: number): void {
    this.acc |= value << this.nb;
    this.nb += count;
    while (this.nb >= 8) { this.out[this.pos++] = this.acc & 0xff; this.acc >>>= 8; this.nb -= 8; }
  }

  align(): void {
    if (this.nb > 0) this.put(0, 8 - this.nb);
  }

  /** bytes[start, end) as literals and distance-1 runs under `lit` (packed codes) and the given distance code. */
  code(bytes: Uint8Array, start: number, end: number, prev: number, lit: Uint32Array, distCode: number, distBits: number): void {
    const out = this.out;
    let pos = this.pos, acc = this.acc, nb = this.nb;
    for (let i = start; i < end;) {
      const v = bytes[i];
      if (v === prev) {
        let j = i + 1;
        const lim = Math.min(end, i + MAX_MATCH);
        while (j < lim && bytes[j] === v) j++;
        if (j - i >= MIN_MATCH) {
          const L = LENGTH[j - i], e = lit[L & 0xffff];
          acc |= (e & 0xffff) << nb; nb += e >>> 16;
          if (nb >= 16) { out[pos++] = acc & 0xff; out[pos++] = (acc >>> 8) & 0xff; acc >>>= 16; nb -= 16; }
          acc |= (L >>> 20) << nb; nb += (L >>> 16) & 0xf;
          acc |= distCode << nb; nb += distBits;
          if (nb >= 16) { out[pos++] = acc & 0xff; out[pos++] = (acc >>> 8) & 0xff; acc >>>= 16; nb -= 16; }
          i = j;
          continue;
        }
      }
      const e = lit[v];
      acc |= (e & 0xffff) << nb; nb += e >>> 16;
      if (nb >= 16) { out[pos++] = acc & 0xff; out[pos++] = (acc >>> 8) & 0xff; acc >>>= 16; nb -= 16; }
      prev = v;
      i++;
    }
    this.pos = pos; this.acc = acc; this.nb = nb;
  }

  /** A stored block of bytes[start, end): its three header bits, byte alignment, LEN and its complement, the bytes. */
  stored(bytes: Uint8Array, start: number, end: number): void {
    this.put(0, 3);
    this.align();
    const len = end - start;
    this.byte(len & 0xff); this.byte(len >>> 8);
    this.byte(~len & 0xff); this.byte((~len >>> 8) & 0xff);
    this.out.set(bytes.subarray(start, end), this.pos);
    this.pos += len;
  }
}

/** Buffers reused across tiles (one set per thread), and the SIMD predictor where it applies. */
export class TileScratch {
  private bytes = new Uint8Array(0);
  private runny = new Uint8Array(0);
  private simd: SimdPlanes | null = null;

  /** `simd: false` keeps the JavaScript pass (the reference the tests compare the SIMD pass with). */
  constructor(private readonly useSimd = true) {}

  /** The WebAssembly encoder for tiles of side w, or null where it does not apply (or was not wanted). */
  simdFor(w: number): SimdPlanes | null {
    if (!this.useSimd || !simdPlanesApply(w)) return null;
    if (this.simd?.w !== w) this.simd = new SimdPlanes(w, { fixed: FIXED, lengths: LENGTH, bound: tileBound(w) });
    return this.simd;
  }

  /** Tile (tx, ty) under predictor 3: its planes, the rows to code whole, and their Adler-32 sums. */
  predict(t: FloatTile, tx: number, ty: number): PredictedTile {
    const w = t.tile;
    const simd = this.simdFor(w);
    if (simd) return simd.predict(t, tx, ty);
    if (this.runny.length !== w) {
      this.bytes = new Uint8Array(4 * w * w);
      this.runny = new Uint8Array(w);
    }
    const { a, b } = predictRows(t, tx, ty, this.bytes, this.runny);
    return { bytes: this.bytes, runny: this.runny, a, b };
  }
}
