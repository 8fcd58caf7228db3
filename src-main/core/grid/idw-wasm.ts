// The IDW cells of a tile on WebAssembly (wasm/idw.wat) for the usual survey: one group of elements (valid at the
// same samples) and power 2. idwRows still gathers and sorts each tile's candidates, straight into this module's
// memory; the module searches and sums every cell of the tile into a stage of one row of tiles, which is then copied
// into the bands row by row. The same bits as the JavaScript cells (tests/grid/idw-wasm.test.ts), with less CPU.
import { compiledOnce } from './wasm/compile';
import { IDW_WASM } from './wasm/idw.wasm';

type TileFn = (
  m: number, sx: number, sy: number, slb: number, srank: number,
  r0: number, r1: number, c0: number, c1: number, rowBase: number,
  xmin: number, ymax: number, cellX: number, cellY: number,
  cx: number, cy: number, slack: number, R2: number,
  kc: number, minPoints: number,
  values: number, S: number, stage: number, width: number, rows: number,
  topD: number, topJ: number, wq: number, rq: number,
) => void;

/** Compiled once per thread; null where this engine cannot take it. */
const idwModule = compiledOnce(IDW_WASM);

/** The candidates of one tile as views on the module's memory, for sortCandidates to fill. */
export interface CandidateViews {
  sx: Float64Array;
  sy: Float64Array;
  slb: Float64Array;
  srank: Int32Array;
}

/** The grid and search settings every tile of a run shares. */
export interface SimdIdwGrid {
  xmin: number;
  ymax: number;
  cellX: number;
  cellY: number;
  width: number;
  R2: number;
  minPoints: number;
}

const align = (n: number) => (n + 15) & ~15;

/** One instance for one index (its values copied in once) and one tile-row height; reused by one thread. */
export class SimdIdw {
  private readonly tileFn: TileFn;
  private readonly memory: WebAssembly.Memory;
  private readonly at: { topD: number; topJ: number; wq: number; rq: number; stage: number; cand: number };
  private cap = 0;
  private views!: CandidateViews;
  private stageView!: Float32Array;

  /** null where the module cannot run here, or its memory cannot be had (the JavaScript cells then do the work). */
  static create(values: Float64Array, S: number, kc: number, rows: number, g: SimdIdwGrid): SimdIdw | null {
    const mod = idwModule();
    if (!mod) return null;
    try {
      return new SimdIdw(mod, values, S, kc, rows, g);
    } catch (err) {
      if (err instanceof RangeError) return null;
      throw err;
    }
  }

  private constructor(
    mod: WebAssembly.Module, readonly values: Float64Array, readonly S: number, readonly kc: number,
    readonly rows: number, readonly g: SimdIdwGrid,
  ) {
    const inst = new WebAssembly.Instance(mod);
    this.memory = inst.exports.memory as WebAssembly.Memory;
    this.tileFn = inst.exports.tile as TileFn;
    const topD = align(values.byteLength);
    const topJ = align(topD + 8 * kc);
    const wq = align(topJ + 4 * kc);
    const rq = align(wq + 8 * kc);
    const stage = align(rq + 4 * kc);
    const cand = align(stage + 4 * S * rows * g.width);
    this.at = { topD, topJ, wq, rq, stage, cand };
    this.reserve(1024);
    new Float64Array(this.memory.buffer, 0, values.length).set(values);
  }

  /** Room for m candidates (the memory grows when a tile has more than ever before); their views. */
  candidates(m: number): CandidateViews {
    if (m > this.cap) this.reserve(Math.max(m, 2 * this.cap));
    return this.views;
  }

  private reserve(cap: number): void {
    const need = this.at.cand + 28 * cap;
    const have = this.memory.buffer.byteLength;
    if (need > have) this.memory.grow(Math.ceil((need - have) / 65536));
    const buf = this.memory.buffer, c = this.at.cand;
    this.views = {
      sx: new Float64Array(buf, c, cap),
      sy: new Float64Array(buf, c + 8 * cap, cap),
      slb: new Float64Array(buf, c + 16 * cap, cap),
      srank: new Int32Array(buf, c + 24 * cap, cap),
    };
    this.stageView = new Float32Array(buf, this.at.stage, this.S * this.rows * this.g.width);
    this.cap = cap;
  }

  /** Cells [r0, r1) x [c0, c1) from the m candidates last filled, into the stage of the tile row from rowBase. */
  tile(m: number, r0: number, r1: number, c0: number, c1: number, rowBase: number, cx: number, cy: number, slack: number): void {
    const { g, at, cap } = this;
    const c = at.cand;
    this.tileFn(m, c, c + 8 * cap, c + 16 * cap, c + 24 * cap, r0, r1, c0, c1, rowBase,
      g.xmin, g.ymax, g.cellX, g.cellY, cx, cy, slack, g.R2, this.kc, g.minPoints,
      0, this.S, at.stage, g.width, this.rows, at.topD, at.topJ, at.wq, at.rq);
  }

  /** Cells [r0, r1) x [c0, c1) that no sample reaches: NaN in every element. */
  blank(r0: number, r1: number, c0: number, c1: number, rowBase: number): void {
    const { width } = this.g, plane = this.rows * width;
    for (let e = 0; e < this.S; e++) {
      for (let r = r0; r < r1; r++) {
        const o = e * plane + (r - rowBase) * width;
        this.stageView.fill(NaN, o + c0, o + c1);
      }
    }
  }

  /** Rows [r0, r1) of the stage (the tile row from r0) into the bands, element e into outs[e]: whole rows, one copy. */
  flush(outs: Float32Array[], r0: number, r1: number): void {
    const { width } = this.g, plane = this.rows * width, n = (r1 - r0) * width;
    for (let e = 0; e < this.S; e++) outs[e].set(this.stageView.subarray(e * plane, e * plane + n), r0 * width);
  }
}
