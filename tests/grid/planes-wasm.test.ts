// The SIMD predictor pass (src-main/core/grid/wasm/planes.wat) against the JavaScript pass it replaces: the same
// planes, the same rows flagged for whole coding, the same Adler-32 sums, so the same zlib streams, on tiles that
// reach every case (grid edges, NaN kept or swapped, runs, noise, every bit pattern).
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { deflateFloatTile, predictRows, tileBound, TileScratch, type FloatTile } from '../../src-main/core/grid/deflate-planes';
import { simdPlanesApply } from '../../src-main/core/grid/planes-wasm';

/** A seeded stream of 32-bit values (mulberry32). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** A band mixing what grids hold: a smooth surface, NaN holes, constant patches, noise and raw bit patterns. */
function band(width: number, height: number, seed: number): Float32Array {
  const next = rng(seed);
  const f = new Float32Array(width * height);
  const bits = new Uint32Array(f.buffer);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      // Every other band of 16 rows is noise only: rows with no runs, stored rather than coded.
      const zone = (y >> 4) & 1 ? 3 + (x & 1) : ((x >> 5) + 3 * (y >> 5)) % 5;
      if (zone === 0) f[i] = 12.5 + Math.sin(x / 17) * Math.cos(y / 23) * 4 + x * 1e-3;
      else if (zone === 1) f[i] = (x + y) % 7 === 0 ? NaN : 3.25;
      else if (zone === 2) f[i] = NaN;
      else if (zone === 3) bits[i] = next();
      else f[i] = (next() / 2 ** 32) * 1000 - 500;
    }
  }
  // NaNs of other payloads and signs, and the infinities, which are not NaN.
  bits[1] = 0xffc00001; bits[2] = 0x7f800001; bits[3] = 0x7f800000; bits[4] = 0xff800000;
  return f;
}

const NODATA_BITS = new Uint32Array(Float32Array.of(-9999).buffer)[0];

describe('the SIMD predictor pass', () => {
  it('runs on this engine for the tile sides the writer uses', () => {
    for (const w of [16, 256, 512]) expect(simdPlanesApply(w)).toBe(true);
    for (const w of [8, 20, 1024]) expect(simdPlanesApply(w)).toBe(false);
  });

  for (const w of [16, 48, 256, 512]) {
    it(`gives the JavaScript pass's planes, flags, sums and zlib streams on tiles of ${w}`, () => {
      // Sizes that leave partial tiles on the right and at the bottom.
      const width = 2 * w + 37, height = w + 11;
      const simd = new TileScratch(), js = new TileScratch(false);
      const out1 = Buffer.alloc(tileBound(w)), out2 = Buffer.alloc(tileBound(w));
      let tiles = 0, runnyRows = 0;
      for (const [seed, nodataBits] of [[1, NODATA_BITS], [2, -1]] as const) {
        const f = band(width, height, seed + w);
        const t: FloatTile = { bits: new Uint32Array(f.buffer), width, height, tile: w, nodataBits };
        for (let ty = 0; ty < Math.ceil(height / w); ty++) {
          for (let tx = 0; tx < Math.ceil(width / w); tx++) {
            const ref = { bytes: new Uint8Array(4 * w * w), runny: new Uint8Array(w) };
            const sums = predictRows(t, tx, ty, ref.bytes, ref.runny);
            const got = simd.predict(t, tx, ty);
            expect(Buffer.from(got.bytes).equals(Buffer.from(ref.bytes))).toBe(true);
            expect(Buffer.from(got.runny).equals(Buffer.from(ref.runny))).toBe(true);
            expect([got.a, got.b]).toEqual([sums.a, sums.b]);
            runnyRows += ref.runny.reduce((s, v) => s + v, 0);

            const n1 = deflateFloatTile(t, tx, ty, simd, out1, 0);
            const n2 = deflateFloatTile(t, tx, ty, js, out2, 0);
            expect(out1.subarray(0, n1).equals(out2.subarray(0, n2))).toBe(true);
            // zlib checks the Adler-32 trailer: a wrong sum fails here.
            expect(inflateSync(out1.subarray(0, n1)).equals(Buffer.from(ref.bytes))).toBe(true);
            tiles++;
          }
        }
      }
      expect(tiles).toBe(2 * Math.ceil(height / w) * Math.ceil(width / w));
      // Both kinds of row were met.
      expect(runnyRows).toBeGreaterThan(0);
      expect(runnyRows).toBeLessThan(tiles * w);
    });
  }
});
