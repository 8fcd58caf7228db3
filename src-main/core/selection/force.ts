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

/**
 * The user's exclusion (known survey artefacts): excluded elements are never selected, and say why. `absent` names
 * elements that have no grid for a known reason (the coverage gate left them out), which may be excluded too; any
 * other name without a grid is an error, as for forcing. An element both forced and excluded is an error.
 */
export function excludeElements<R extends { element: string; selected: boolean; excluded?: string }>(
  rows: R[],
  exclude: readonly string[] | undefined,
  options: { force?: readonly string[]; absent?: readonly string[] } = {},
): R[] {
  for (const e of exclude ?? []) {
    if (options.force?.includes(e)) {
      throw new ProspectError(`Element ${e} is both forced into and excluded from the selection; choose one.`, 'BAD_OPTION', { column: e });
    }
    const r = rows.find((x) => x.element === e);
    if (!r) {
      if (options.absent?.includes(e)) continue;
      throw new ProspectError(`Element ${e} was excluded from the selection but has no grid.`, 'UNKNOWN_ELEMENT', { column: e });
    }
    r.selected = false;
    r.excluded = 'excluded by the configuration (select.exclude)';
  }
  return rows;
}
