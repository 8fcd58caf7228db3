// How much the maps of models that should agree (the CV fold models, the same procedure under other seeds) disagree,
// cell by cell: a target where they disagree rests on which windows a model happened to see.
import { ProspectError } from '../types';

export interface MapSpread {
  /** Sample standard deviation (n - 1) over the maps defined at the cell; NaN with fewer than minMaps. */
  sd: Float32Array;
  /** Largest minus smallest value; NaN with fewer than minMaps. */
  range: Float32Array;
  mean: Float32Array;
  /** Maps defined (not NaN) at each cell. */
  count: Uint16Array;
}

/**
 * Per-cell spread of several maps of one grid. NaN cells of a map are left out of that cell's figures (a fold map
 * is defined only on its own elements' cells), and a cell needs at least minMaps values (default 2).
 */
export function mapSpread(maps: Float32Array[], opts: { minMaps?: number } = {}): MapSpread {
  if (maps.length === 0) throw new ProspectError('The spread of maps needs at least one map.', 'BAD_OPTION');
  const n = maps[0].length;
  maps.forEach((m, k) => {
    if (m.length !== n) throw new ProspectError(`Map ${k} has ${m.length} cells, map 0 has ${n}: all maps must share one grid.`, 'GRID_SHAPE', { map: k });
  });
  const minMaps = Math.max(1, opts.minMaps ?? 2);
  const sd = new Float32Array(n);
  const range = new Float32Array(n);
  const mean = new Float32Array(n);
  const count = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    // Welford's update: one pass, no cancellation for values close together.
    let k = 0;
    let m = 0;
    let m2 = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (const map of maps) {
      const v = map[i];
      if (Number.isNaN(v)) continue;
      k++;
      const d = v - m;
      m += d / k;
      m2 += d * (v - m);
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    count[i] = k;
    mean[i] = k ? m : NaN;
    const ok = k >= minMaps;
    sd[i] = ok ? (k > 1 ? Math.sqrt(m2 / (k - 1)) : 0) : NaN;
    range[i] = ok ? hi - lo : NaN;
  }
  return { sd, range, mean, count };
}
