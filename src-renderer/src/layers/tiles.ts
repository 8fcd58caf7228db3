// Tile values placed on the tiling's raster for the map (layout only: every score comes from the core).

export interface TileLike {
  number: number;
  prob: number | null;
  valid: boolean;
}

/** Tile probabilities as a rows x cols level (row 0 = north) for the probability map; NaN where invalid. */
export function tileLevel(tiles: TileLike[], rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols).fill(NaN);
  for (const t of tiles) if (t.valid && t.prob !== null && t.number >= 1 && t.number <= rows * cols) out[t.number - 1] = t.prob;
  return out;
}
