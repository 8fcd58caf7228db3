// The plane encoder on WebAssembly (wasm/planes.wat): a tile's rows are copied into the module's memory, padded with
// zeros past the grid, predicted there sixteen samples a step (SIMD) and coded into a zlib stream that is copied out
// in one piece. The JavaScript encoder in deflate-planes.ts stays as the reference (tests compare the two byte for
// byte) and as the path where the engine has no SIMD or the tile side does not suit the module (a multiple of 16,
// at most 512).
import type { FloatTile } from './deflate-planes';
import { compiledOnce } from './wasm/compile';
import { PLANES_WASM } from './wasm/planes.wasm';

/** What a tile's predictor pass leaves: its rows' planes, the rows to code whole, and the Adler-32 sums. */
export interface PredictedTile {
  bytes: Uint8Array;
  runny: Uint8Array;
  a: number;
  b: number;
}

type Predict = (src: number, out: number, runny: number, w: number, nodata: number, swap: number) => number;
type Deflate = (src: number, out: number, runny: number, w: number, nodata: number, swap: number, tables: number, dst: number) => number;

/** What the encoder in the module needs from deflate-planes: its code tables and a tile's worst-case stream size. */
export interface PlaneCodes {
  /** The fixed literal/length code, a word per symbol: the bit-reversed code, its length above (288 words). */
  fixed: Uint32Array;
  /** Per match length 0..258: symbol | extra bits << 16 | extra value << 20 (259 words). */
  lengths: Uint32Array;
  /** The most bytes a tile's stream takes. */
  bound: number;
}

/** Compiled once per thread; null where this engine cannot take it. */
const planesModule = compiledOnce(PLANES_WASM);

/** Whether tiles of side w can take the SIMD pass here. */
export function simdPlanesApply(w: number): boolean {
  return w >= 16 && w <= 512 && w % 16 === 0 && planesModule() !== null;
}

/** One instance and its memory, sized for one tile side; reused tile after tile by one thread. */
export class SimdPlanes {
  private readonly predictFn: Predict;
  private readonly deflateFn: Deflate;
  private readonly words: Uint32Array;
  private readonly bytes: Uint8Array;
  private readonly result: PredictedTile;
  private readonly outAt: number;
  private readonly runnyAt: number;
  private readonly tablesAt: number;
  private readonly streamAt: number;

  constructor(readonly w: number, codes: PlaneCodes) {
    const mod = planesModule();
    if (!mod || !simdPlanesApply(w)) throw new Error(`no SIMD predictor for tiles of ${w} samples`);
    const inst = new WebAssembly.Instance(mod);
    const memory = inst.exports.memory as WebAssembly.Memory;
    this.outAt = 4 * w * w;
    this.runnyAt = 8 * w * w;
    this.tablesAt = (this.runnyAt + w + 15) & ~15;
    this.streamAt = (this.tablesAt + 4 * (codes.fixed.length + codes.lengths.length) + 15) & ~15;
    const need = this.streamAt + codes.bound;
    if (memory.buffer.byteLength < need) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
    this.predictFn = inst.exports.predict as Predict;
    this.deflateFn = inst.exports.deflate as Deflate;
    this.words = new Uint32Array(memory.buffer, 0, w * w);
    this.bytes = new Uint8Array(memory.buffer);
    new Uint32Array(memory.buffer, this.tablesAt, codes.fixed.length).set(codes.fixed);
    new Uint32Array(memory.buffer, this.tablesAt + 4 * codes.fixed.length, codes.lengths.length).set(codes.lengths);
    this.result = {
      bytes: new Uint8Array(memory.buffer, this.outAt, 4 * w * w),
      runny: new Uint8Array(memory.buffer, this.runnyAt, w),
      a: 1, b: 0,
    };
  }

  /** Predicts tile (tx, ty) of t; the bytes and flags returned are this instance's, valid until the next call. */
  predict(t: FloatTile, tx: number, ty: number): PredictedTile {
    this.load(t, tx, ty);
    const { nodataBits } = t;
    const ab = this.predictFn(0, this.outAt, this.runnyAt, this.w, nodataBits | 0, nodataBits >= 0 ? 1 : 0);
    this.result.a = ab & 0xffff;
    this.result.b = ab >>> 16;
    return this.result;
  }

  /** Tile (tx, ty) of t as a whole zlib stream into `out` from byte `at` (room for the bound needed); returns its end. */
  deflate(t: FloatTile, tx: number, ty: number, out: Uint8Array, at: number): number {
    this.load(t, tx, ty);
    const { nodataBits } = t;
    const end = this.deflateFn(0, this.outAt, this.runnyAt, this.w, nodataBits | 0, nodataBits >= 0 ? 1 : 0, this.tablesAt, this.streamAt);
    out.set(this.bytes.subarray(this.streamAt, end), at);
    return at + end - this.streamAt;
  }

  /** The tile's rows into the module's memory, zeros past the grid's edge. */
  private load(t: FloatTile, tx: number, ty: number): void {
    const { bits, width, height } = t;
    const w = this.w, words = this.words;
    const c0 = tx * w, cols = Math.max(0, Math.min(w, width - c0));
    for (let r = 0; r < w; r++) {
      const y = ty * w + r, at = r * w;
      if (y < height && cols > 0) {
        const base = y * width + c0;
        words.set(bits.subarray(base, base + cols), at);
        if (cols < w) words.fill(0, at + cols, at + w);
      } else {
        words.fill(0, at, at + w);
      }
    }
  }
}
