// An element field unrelated to the deposits, smooth as geochemistry is: seeded white noise, Gaussian-filtered.
import type { Rng } from '../../src-main/core/util/random';

/** width x height white noise blurred by a Gaussian of `sigma` cells (separable, truncated at 3 sigma, edges renormalised). */
export function smoothField(rng: Rng, width: number, height: number, sigma: number): Float32Array {
  const r = Math.ceil(3 * sigma);
  const k = Float64Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
  const noise = Float64Array.from({ length: width * height }, () => rng.normal());
  const tmp = new Float64Array(width * height);
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let s = 0, w = 0;
      for (let d = -r; d <= r; d++) if (x + d >= 0 && x + d < width) (s += k[d + r] * noise[y * width + x + d]), (w += k[d + r]);
      tmp[y * width + x] = s / w;
    }
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let s = 0, w = 0;
      for (let d = -r; d <= r; d++) if (y + d >= 0 && y + d < height) (s += k[d + r] * tmp[(y + d) * width + x]), (w += k[d + r]);
      out[y * width + x] = s / w;
    }
  }
  return out;
}

/** `perCluster` deposits around each of `clusters` centres (spread `spread` cells), distinct cells, inside the grid. */
export function clusteredDeposits(rng: Rng, width: number, height: number, clusters: number, perCluster: number, spread: number): { row: number; col: number; id: string }[] {
  const out: { row: number; col: number; id: string }[] = [];
  const taken = new Set<number>();
  for (let g = 0; g < clusters; g++) {
    const cr = 8 + rng.int(height - 16);
    const cc = 8 + rng.int(width - 16);
    let k = 0;
    for (let tries = 0; k < perCluster && tries < 1000; tries++) {
      const row = Math.min(height - 1, Math.max(0, Math.round(cr + spread * rng.normal())));
      const col = Math.min(width - 1, Math.max(0, Math.round(cc + spread * rng.normal())));
      if (taken.has(row * width + col)) continue;
      taken.add(row * width + col);
      out.push({ row, col, id: `g${g}d${k++}` });
    }
  }
  return out;
}
