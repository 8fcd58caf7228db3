// The paper's evaluation tiling: the study area cut into 12 x 12 tiles numbered 1..144 row by row from the top-left.
import { ProspectError, type Extent, type GridSpec } from '../types';
import type { DepositCell } from '../dataset/cells';

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
  extent: Extent;
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

