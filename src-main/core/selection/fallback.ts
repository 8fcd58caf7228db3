import type { SelectionCriterion } from '../config';

interface Row { element: string; selected: boolean; zauc: number; zaucNull: number; direction: 'enrichment' | 'depletion' }

/**
 * When no element passes the selection rule (few deposits make the null test strict: 10 deposit cells cannot reach
 * p < 0.01 below an AUC of about 0.74), the n strongest enriched elements are taken instead, so the method still
 * runs and the held-out evaluation can say whether their map is worth anything. Returns the elements taken; the
 * caller records that the selection is a fallback.
 */
export function fallbackElements<R extends Row>(rows: R[], n: number, criterion: SelectionCriterion, exclude: readonly string[] = []): string[] {
  if (rows.some((r) => r.selected) || n <= 0) return [];
  const strength = (r: R) => (criterion === 'zauc' ? r.zauc : r.zaucNull);
  const usable = rows.filter((r) => !exclude.includes(r.element) && Number.isFinite(strength(r)));
  const enriched = usable.filter((r) => r.direction === 'enrichment');
  // With no enriched element at all (few deposits on low values), the strongest either way is better than none.
  const pool = enriched.length ? enriched : usable;
  return pool.sort((a, b) => Math.abs(strength(b)) - Math.abs(strength(a))).slice(0, n).map((r) => r.element);
}
