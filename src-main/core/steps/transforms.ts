import type { BandTransform } from '../store/grids-repo';
import { clrBands } from '../store/grids-repo';

/**
 * Fits each band's transform and z-score. log10 needs positive values: after censored-value replacement they are, but
 * imported grids may hold zeros or negatives, so the smallest non-positive value is shifted to a small positive offset
 * (stated in the stored transform) instead of producing -Infinity.
 */
export function fitTransforms(bands: Float32Array[], kind: BandTransform['kind']): BandTransform[] {
  if (kind === 'clr') {
    const offsets = bands.map(logOffset);
    const clr = clrBands(bands, offsets);
    return clr.map((b, i) => ({ kind, offset: offsets[i], ...meanSd(b) }));
  }
  return bands.map((b) => {
    if (kind === 'none') return { kind, ...meanSd(b) };
    const offset = logOffset(b);
    const logged = new Float32Array(b.length);
    for (let i = 0; i < b.length; i++) logged[i] = Number.isNaN(b[i]) ? NaN : Math.log10(b[i] + offset);
    return { kind, offset, ...meanSd(logged) };
  });
}

function logOffset(b: Float32Array): number {
  let min = Infinity;
  let minPos = Infinity;
  for (const v of b) {
    if (Number.isNaN(v)) continue;
    if (v < min) min = v;
    if (v > 0 && v < minPos) minPos = v;
  }
  if (min > 0) return 0;
  const eps = Number.isFinite(minPos) ? minPos / 2 : 1;
  return eps - min;
}

export function meanSd(b: Float32Array): { mean: number; sd: number } {
  let n = 0;
  let s = 0;
  for (const v of b) if (!Number.isNaN(v)) { n++; s += v; }
  const mean = n ? s / n : 0;
  let ss = 0;
  for (const v of b) if (!Number.isNaN(v)) ss += (v - mean) ** 2;
  return { mean, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : 0 };
}
