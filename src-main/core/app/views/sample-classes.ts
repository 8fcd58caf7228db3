// Samples classed by the percentiles of one element, as geochemists map them (ioGAS, GIS symbology): each class
// a symbol size and colour, so the anomalous top few percent stand out on any background.
import { loadSamplePoints } from '../../store/samples-repo';
import type { Project } from '../../store/project';
import { ProspectError } from '../../types';
import type { SampleClasses } from '../../view-types';

export type { SampleClasses };

/** The class limits: below P25, P25-P50, ..., at or above P98. */
export const PERCENTILES = [25, 50, 75, 90, 95, 98] as const;
export const NO_VALUE = 255;

/** The p-th percentile of sorted values, linear between order statistics (numpy's default). */
function quantile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * (p / 100);
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export function classOf(v: number, breaks: number[]): number {
  if (!Number.isFinite(v)) return NO_VALUE;
  let k = 0;
  while (k < breaks.length && v >= breaks[k]!) k++;
  return k;
}

export function sampleClasses(p: Project, element: string): SampleClasses {
  const s = loadSamplePoints(p);
  const e = s.elements.indexOf(element);
  if (e < 0) throw new ProspectError(`No sample of this project has a value of ${element}.`, 'NO_ELEMENT', { column: element });
  const values = s.values[e]!;
  const sorted = Float64Array.from(values.filter(Number.isFinite)).sort();
  const breaks = sorted.length ? PERCENTILES.map((q) => quantile(sorted, q)) : [];
  return {
    element, unit: 'ppm', x: s.x, y: s.y, values,
    percentiles: [...PERCENTILES], breaks, classes: Uint8Array.from(values, (v) => classOf(v, breaks)),
  };
}
