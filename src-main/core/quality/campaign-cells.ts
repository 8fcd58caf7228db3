// The campaign behind each grid cell: that of its nearest sample, so that grid-based AUCs can be split by campaign.
import type { GridSpec } from '../types';
import { NO_CAMPAIGN } from './campaign-stats';

/**
 * For each cell (row-major, `spec.width * spec.height`), the campaign of the nearest sample, or null where no sample
 * lies within `maxDistance` metres (default: any distance). Bucketed search: about a second per ten million cells.
 */
export function campaignOfCells(
  spec: GridSpec,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  campaigns: ArrayLike<string | null>,
  maxDistance = Infinity,
): (string | null)[] {
  const n = x.length;
  const cells = spec.width * spec.height;
  const out: (string | null)[] = new Array(cells).fill(null);
  if (n === 0) return out;
  const xmax = spec.xmin + spec.width * spec.cellX, ymin = spec.ymax - spec.height * spec.cellY;
  const b = Math.max(spec.cellX, Math.sqrt(((xmax - spec.xmin) * (spec.ymax - ymin)) / n));
  const at = new Map<number, number[]>();
  const key = (bx: number, by: number): number => bx * 1_000_003 + by;
  for (let i = 0; i < n; i++) {
    const k = key(Math.floor((x[i] - spec.xmin) / b), Math.floor((y[i] - ymin) / b));
    const list = at.get(k);
    if (list) list.push(i); else at.set(k, [i]);
  }
  for (let r = 0; r < spec.height; r++) {
    const cy = spec.ymax - (r + 0.5) * spec.cellY;
    const by = Math.floor((cy - ymin) / b);
    for (let c = 0; c < spec.width; c++) {
      const cx = spec.xmin + (c + 0.5) * spec.cellX;
      const bx = Math.floor((cx - spec.xmin) / b);
      let best = Infinity, who = -1;
      // Ring k holds the buckets at Chebyshev distance k; a sample beyond ring k is at least k buckets away.
      for (let ring = 0; ring < 4096 && !(best <= (ring - 1) * b) && (ring - 1) * b <= maxDistance; ring++) {
        for (let gx = bx - ring; gx <= bx + ring; gx++) {
          for (let gy = by - ring; gy <= by + ring; gy++) {
            if (Math.max(Math.abs(gx - bx), Math.abs(gy - by)) < ring) continue;
            for (const j of at.get(key(gx, gy)) ?? []) {
              const d = (x[j] - cx) ** 2 + (y[j] - cy) ** 2;
              if (d < best * best || (d === best * best && j < who)) { best = Math.sqrt(d); who = j; }
            }
          }
        }
      }
      if (who >= 0 && best <= maxDistance) out[r * spec.width + c] = campaigns[who] ?? NO_CAMPAIGN;
    }
  }
  return out;
}
