// The paper's evaluation tiling: the study area cut into 12 x 12 tiles numbered 1..144 row by row from the top-left.
import { ProspectError, type GridSpec, type GridStack } from '../types';
import { bandsOf, type DepositCell } from '../dataset/cells';

export interface Tile {
  /** 1-based, row by row from the top-left (north-west). */
  id: number;
  tileRow: number;
  tileCol: number;
  /** Cell rectangle: rows row0 .. row0 + rows - 1, columns col0 .. col0 + cols - 1. */
  row0: number;
  col0: number;
  rows: number;
  cols: number;
  /** World extent in the grid's CRS. */
  extent: { xmin: number; ymin: number; xmax: number; ymax: number };
}

/**
 * Cuts the grid into rows x cols tiles. When the grid does not divide evenly, tile edges fall at
 * floor(i * height / rows), so tiles differ by at most one cell and together cover every cell once.
 */
export function tileGrid(spec: GridSpec, { rows = 12, cols = 12 }: { rows?: number; cols?: number } = {}): Tile[] {
  if (rows < 1 || cols < 1 || rows > spec.height || cols > spec.width) {
    throw new ProspectError(
      `Cannot cut a ${spec.width} x ${spec.height} grid into ${cols} x ${rows} tiles: each tile needs at least one cell.`,
      'BAD_OPTION',
      { column: 'tiles' },
    );
  }
  const tiles: Tile[] = [];
  for (let i = 0; i < rows; i++) {
    const r0 = Math.floor((i * spec.height) / rows);
    const r1 = Math.floor(((i + 1) * spec.height) / rows);
    for (let j = 0; j < cols; j++) {
      const c0 = Math.floor((j * spec.width) / cols);
      const c1 = Math.floor(((j + 1) * spec.width) / cols);
      tiles.push({
        id: i * cols + j + 1,
        tileRow: i,
        tileCol: j,
        row0: r0,
        col0: c0,
        rows: r1 - r0,
        cols: c1 - c0,
        extent: {
          xmin: spec.xmin + c0 * spec.cellX,
          xmax: spec.xmin + c1 * spec.cellX,
          ymax: spec.ymax - r0 * spec.cellY,
          ymin: spec.ymax - r1 * spec.cellY,
        },
      });
    }
  }
  return tiles;
}

/** 1 for each tile that holds at least one deposit cell, else 0 (in tile order). */
export function tileLabels(tiles: Tile[], depositCells: DepositCell[]): Uint8Array {
  const out = new Uint8Array(tiles.length);
  tiles.forEach((t, k) => {
    for (const d of depositCells) {
      if (d.row >= t.row0 && d.row < t.row0 + t.rows && d.col >= t.col0 && d.col < t.col0 + t.cols) {
        out[k] = 1;
        break;
      }
    }
  });
  return out;
}

/** Share of each tile's cells that are valid in the mask (1 = all valid); null mask = all valid. */
export function tileValidFraction(spec: GridSpec, mask: Uint8Array | null, tiles: Tile[]): Float64Array {
  const out = new Float64Array(tiles.length);
  tiles.forEach((t, k) => {
    if (!mask) {
      out[k] = 1;
      return;
    }
    let v = 0;
    for (let r = t.row0; r < t.row0 + t.rows; r++) {
      for (let c = t.col0; c < t.col0 + t.cols; c++) v += mask[r * spec.width + c] ? 1 : 0;
    }
    out[k] = v / (t.rows * t.cols);
  });
  return out;
}

/**
 * Tiles worth predicting: those whose valid fraction reaches minValid (default: any valid cell). Tiles entirely
 * outside the surveyed area are flagged here and must not be predicted or scored.
 */
export function tilesToPredict(validFraction: Float64Array, minValid = Number.MIN_VALUE): boolean[] {
  return Array.from(validFraction, (f) => f >= minValid);
}

/**
 * Tiles as model input: N x outSize x outSize x C (NHWC). A tile whose size differs from outSize is resampled
 * bilinearly with pixel-centre alignment (a tile of exactly outSize cells is copied unchanged). NaN becomes 0,
 * the z-score mean, before interpolating, so nodata pulls neighbours towards the background.
 */
export function extractTiles(stack: GridStack, tiles: Tile[], elements: string[], outSize: number): Float32Array {
  const bands = bandsOf(stack, elements);
  const W = stack.spec.width;
  const C = bands.length;
  const S = outSize;
  const out = new Float32Array(tiles.length * S * S * C);
  const val = (k: number, r: number, c: number): number => {
    const v = bands[k][r * W + c];
    return Number.isNaN(v) ? 0 : v;
  };
  tiles.forEach((t, n) => {
    for (let i = 0; i < S; i++) {
      const y = Math.min(Math.max((i + 0.5) * (t.rows / S) - 0.5, 0), t.rows - 1);
      const y0 = Math.floor(y);
      const y1 = Math.min(y0 + 1, t.rows - 1);
      const fy = y - y0;
      for (let j = 0; j < S; j++) {
        const x = Math.min(Math.max((j + 0.5) * (t.cols / S) - 0.5, 0), t.cols - 1);
        const x0 = Math.floor(x);
        const x1 = Math.min(x0 + 1, t.cols - 1);
        const fx = x - x0;
        const dst = ((n * S + i) * S + j) * C;
        for (let k = 0; k < C; k++) {
          const a = val(k, t.row0 + y0, t.col0 + x0);
          const b = val(k, t.row0 + y0, t.col0 + x1);
          const c = val(k, t.row0 + y1, t.col0 + x0);
          const d = val(k, t.row0 + y1, t.col0 + x1);
          out[dst + k] = (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy;
        }
      }
    }
  });
  return out;
}
