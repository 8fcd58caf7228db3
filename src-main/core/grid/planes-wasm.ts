// The plane encoder's predictor pass on WebAssembly SIMD (wasm/planes.wat): a tile's rows are copied into the
// module's memory, padded with zeros past the grid, and predicted there sixteen samples a step. The JavaScript pass
// in deflate-planes.ts stays as the reference (tests compare the two byte for byte) and as the path where the engine
// has no SIMD or the tile side does not suit the module (a multiple of 16, at most 512).
import { PLANES_WASM } from './wasm/planes.wasm';

/** What a tile's predictor pass leaves: its rows' planes, the rows to code whole, and the Adler-32 sums. */
export interface PredictedTile {
  bytes: Uint8Array;
  runny: Uint8Array;
  a: number;
  b: number;
}

/** The tile's source: the band's bits, the grid's size, the tile side, the NaN swap (as in deflate-planes). */
export interface TileSource {
  bits: Uint32Array;
  width: number;
  height: number;
  tile: number;
  nodataBits: number;
}

type Predict = (src: number, out: number, runny: number, w: number, nodata: number, swap: number) => number;

let compiled: WebAssembly.Module | null | undefined;

/** The compiled module, or null where this engine cannot take it (no SIMD). Compiled once per thread. */
function planesModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(Buffer.from(PLANES_WASM, 'base64'));
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** Whether tiles of side w can take the SIMD pass here. */
export function simdPlanesApply(w: number): boolean {
  return w >= 16 && w <= 512 && w % 16 === 0 && planesModule() !== null;
}

/** One instance and its memory, sized for one tile side; reused tile after tile by one thread. */
export class SimdPlanes {
  private readonly predictFn: Predict;
  private readonly words: Uint32Array;
  private readonly result: PredictedTile;
  private readonly outAt: number;
  private readonly runnyAt: number;

  constructor(readonly w: number) {
    const mod = planesModule();
    if (!mod || !simdPlanesApply(w)) throw new Error(`no SIMD predictor for tiles of ${w} samples`);
    const inst = new WebAssembly.Instance(mod);
    const memory = inst.exports.memory as WebAssembly.Memory;
    this.outAt = 4 * w * w;
    this.runnyAt = 8 * w * w;
    const need = this.runnyAt + w;
    if (memory.buffer.byteLength < need) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
    this.predictFn = inst.exports.predict as Predict;
    this.words = new Uint32Array(memory.buffer, 0, w * w);
    this.result = {
      bytes: new Uint8Array(memory.buffer, this.outAt, 4 * w * w),
      runny: new Uint8Array(memory.buffer, this.runnyAt, w),
      a: 1, b: 0,
    };
  }

  /** Predicts tile (tx, ty) of t; the bytes and flags returned are this instance's, valid until the next call. */
  predict(t: TileSource, tx: number, ty: number): PredictedTile {
    const { bits, width, height, nodataBits } = t;
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
    const ab = this.predictFn(0, this.outAt, this.runnyAt, w, nodataBits | 0, nodataBits >= 0 ? 1 : 0);
    this.result.a = ab & 0xffff;
    this.result.b = ab >>> 16;
    return this.result;
  }
}
