// One element's cells over the kept samples, with the flag the import gave each: what a distribution plot needs to
// tell measurements from values below detection.
import type { Project } from './project';

export interface ElementCell {
  /** ppm as stored (the substitute for a censored cell); null where the import kept no number. */
  value: number | null;
  /** 'ok' | 'censored' | 'sentinel' | 'missing'; null where the sample has no cell of the element at all. */
  flag: string | null;
}

/** Every kept sample's cell of the element, in sample order; empty when no kept sample has a cell of it. */
export function loadElementCells(p: Project, element: string): ElementCell[] {
  const any = p.db.prepare(
    "SELECT 1 FROM sample_values v JOIN samples s ON s.id = v.sample_id WHERE s.status = 'kept' AND v.element = ? LIMIT 1",
  ).get(element);
  if (!any) return [];
  return p.db.prepare(
    "SELECT v.value AS value, v.flag AS flag FROM samples s LEFT JOIN sample_values v ON v.sample_id = s.id AND v.element = ? " +
    "WHERE s.status = 'kept' ORDER BY s.id",
  ).all(element) as ElementCell[];
}
