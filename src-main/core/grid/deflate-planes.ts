// A fast DEFLATE encoder for Float32 tiles under the floating-point predictor (TIFF predictor 3), written straight
// from the band: each row of a tile becomes its four byte planes (sign and exponent, then the mantissa from its most
// significant byte), byte-wise differenced, and is coded in two DEFLATE blocks: the sign/exponent plane, which on a
// smooth grid is a run of zeros, with the fixed Huffman code and distance-1 matches; the three mantissa planes, which
// are close to noise (about 4.4, 8 and 8 bits of entropy per byte on an IDW grid), stored as they are. Rows whose
// mantissa planes do have runs (nodata, constant areas) are coded whole with the fixed code instead.
// The output is an ordinary zlib stream that any inflater reads; it is ~10% larger than zlib's level 1 and several
// times faster to make (docs/gis.md has the measurement).

/** Fixed literal/length code (RFC 1951 3.2.6), bit-reversed, with its length in the upper half. */
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
const MAX_MATCH = 258;
const MIN_MATCH = 3;
/** Length symbol and extra bits of each match length (RFC 1951 3.2.5), packed: symbol | extraBits << 16 | extra << 20. */
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
  /** Tile side in samples (square tiles). */
  tile: number;
  /** Bit pattern that NaN samples are stored as, or -1 to keep NaN. */
  nodataBits: number;
}

/** The zlib stream of tile (tx, ty): rows padded with zeros past the grid's edge, as TIFF tiles are. */
export function deflateFloatTile(t: FloatTile, tx: number, ty: number, scratch: TileScratch): Buffer {
  const { bits, width, height, tile: w, nodataBits } = t;
  const row = scratch.row(w);
  const words = scratch.words(w);
  // Row bytes as words, little-endian on every platform Node runs on, so byte j of a word is byte j of the row.
  const row32 = new Uint32Array(row.buffer, row.byteOffset, w);
  const rowBytes = 4 * w;
  // Per row at most: two block headers, the exponent plane at 9 bits a byte, the stored planes, and 4 bytes of lengths.
  const out = Buffer.allocUnsafe(2 + w * (Math.ceil(rowBytes * 9 / 8) + 16) + 16);
  out[0] = 0x78; out[1] = 0x01;
  let pos = 2, acc = 0, nb = 0;
  let a = 1, b = 0;
  let prev = -1;
  const c0 = tx * w, cols = Math.max(0, Math.min(w, width - c0));
  for (let r = 0; r < w; r++) {
    const y = ty * w + r;
    // The row's samples, NaN swapped for nodata, zeros past the edge.
    if (y < height) {
      const base = y * width + c0;
      for (let c = 0; c < cols; c++) {
        const v = bits[base + c];
        words[c] = nodataBits >= 0 && (v & 0x7f800000) === 0x7f800000 && (v & 0x7fffff) !== 0 ? nodataBits : v;
      }
      words.fill(0, cols);
    } else {
      words.fill(0);
    }
    // Predictor 3: planes most significant first, each byte minus the one before it in the row, four bytes a step
    // (one word stored; the Adler-32 sums advanced by four bytes at once); the mantissa planes' zeros counted.
    let last = 0, zeros = 0;
    for (let k = 0; k < 4; k++) {
      const shift = 24 - 8 * k, o = (k * w) >> 2;
      let nonzero = 0;
      for (let c = 0; c < w; c += 4) {
        const v0 = (words[c] >>> shift) & 0xff, v1 = (words[c + 1] >>> shift) & 0xff;
        const v2 = (words[c + 2] >>> shift) & 0xff, v3 = (words[c + 3] >>> shift) & 0xff;
        const d0 = (v0 - last) & 0xff, d1 = (v1 - v0) & 0xff, d2 = (v2 - v1) & 0xff, d3 = (v3 - v2) & 0xff;
        last = v3;
        row32[o + (c >> 2)] = d0 | (d1 << 8) | (d2 << 16) | (d3 << 24);
        b += 4 * a + 4 * d0 + 3 * d1 + 2 * d2 + d3;
        a += d0 + d1 + d2 + d3;
        nonzero += ((d0 + 255) >> 8) + ((d1 + 255) >> 8) + ((d2 + 255) >> 8) + ((d3 + 255) >> 8);
      }
      if (k > 0) zeros += w - nonzero;
    }
    a %= 65521; b %= 65521;
    // Mantissa planes with runs to speak of are worth the fixed code; noise is stored.
    const codedEnd = zeros * 8 > 3 * w ? rowBytes : w;
    // A fixed-Huffman block: literals, and runs of the previous byte as distance-1 matches.
    acc |= 2 << nb; nb += 3; // BFINAL 0, BTYPE 01 (written least significant bit first: 0, then 1, 0)
    for (let i = 0; i < codedEnd;) {
      const v = row[i];
      if (v === prev) {
        let j = i + 1;
        const lim = Math.min(codedEnd, i + MAX_MATCH);
        while (j < lim && row[j] === v) j++;
        if (j - i >= MIN_MATCH) {
          const L = LENGTH[j - i], e = FIXED[L & 0xffff];
          acc |= (e & 0xffff) << nb; nb += e >>> 16;
          if (nb >= 16) { out[pos++] = acc & 0xff; out[pos++] = (acc >>> 8) & 0xff; acc >>>= 16; nb -= 16; }
          acc |= (L >>> 20) << nb; nb += (L >>> 16) & 0xf;
          // Distance 1: fixed distance code 0, five zero bits.
          nb += 5;
          if (nb >= 16) { out[pos++] = acc & 0xff; out[pos++] = (acc >>> 8) & 0xff; acc >>>= 16; nb -= 16; }
          i = j;
          continue;
        }
      }
      const e = FIXED[v];
      acc |= (e & 0xffff) << nb; nb += e >>> 16;
      if (nb >= 16) { out[pos++] = acc & 0xff; out[pos++] = (acc >>> 8) & 0xff; acc >>>= 16; nb -= 16; }
      prev = v;
      i++;
    }
    // End of block: fixed code 0, seven zero bits.
    nb += 7;
    if (nb >= 16) { out[pos++] = acc & 0xff; out[pos++] = (acc >>> 8) & 0xff; acc >>>= 16; nb -= 16; }
    if (codedEnd < rowBytes) {
      // A stored block: header bits, then byte aligned, LEN and its complement, then the bytes.
      nb += 3; // BFINAL 0, BTYPE 00
      while (nb > 0) { out[pos++] = acc & 0xff; acc >>>= 8; nb -= 8; }
      acc = 0; nb = 0;
      const len = rowBytes - codedEnd;
      out[pos++] = len & 0xff; out[pos++] = len >>> 8;
      out[pos++] = ~len & 0xff; out[pos++] = (~len >>> 8) & 0xff;
      out.set(row.subarray(codedEnd, rowBytes), pos);
      pos += len;
      prev = row[rowBytes - 1];
    }
  }
  // The final block: empty, fixed code (BFINAL 1, BTYPE 01, end of block).
  acc |= 3 << nb; nb += 3 + 7;
  while (nb > 0) { out[pos++] = acc & 0xff; acc >>>= 8; nb -= 8; }
  out.writeUInt32BE((((b << 16) | a) >>> 0), pos);
  return out.subarray(0, pos + 4);
}

/** Row buffers reused across tiles (one per thread). */
export class TileScratch {
  private r = new Uint8Array(0);
  private w = new Uint32Array(0);

  row(w: number): Uint8Array {
    if (this.r.length !== 4 * w) this.r = new Uint8Array(4 * w);
    return this.r;
  }

  words(w: number): Uint32Array {
    if (this.w.length !== w) this.w = new Uint32Array(w);
    return this.w;
  }
}
