// How a sample table cell reads: a measurement as its number, a value below detection as '<DL', a "no value" code
// or an empty cell as 'n/a', never the substituted or sentinel number itself.
import type { CellFlag } from '../../../src-preload/contract';

export interface CellText {
  text: string;
  flag: CellFlag | null;
  /** The file's own text, shown on hover where the cell says something else. */
  raw: string | null;
}

export function cellText(value: string | number | null, flag: CellFlag | null, raw: string | null): CellText {
  if (flag === 'censored') return { text: '<DL', flag, raw };
  if (flag === 'sentinel' || flag === 'missing') return { text: 'n/a', flag, raw };
  if (typeof value === 'number') return { text: String(+value.toPrecision(5)), flag, raw };
  return { text: value ?? '', flag, raw };
}
