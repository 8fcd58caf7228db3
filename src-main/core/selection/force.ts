import { ProspectError } from '../types';

/**
 * The user's override: forced elements are kept whatever their statistics. One rule for the select step and every CV
 * fold, so a name that matches no grid is an error in both (silently ignoring it would change what CV measures).
 */
export function forceElements<R extends { element: string; selected: boolean }>(rows: R[], force: readonly string[] | undefined): R[] {
  for (const f of force ?? []) {
    const r = rows.find((x) => x.element === f);
    if (!r) throw new ProspectError(`Element ${f} was forced into the selection but has no grid.`, 'UNKNOWN_ELEMENT', { column: f });
    r.selected = true;
  }
  return rows;
}
