// One assay cell -> a number with a flag. Surveys encode "below detection", "not analysed" and "no value" in many
// ways; we keep the raw text so that nothing is lost and the choice of substitute can be changed later.
import { ProspectError } from '../types';
import { DEFAULT_CENSORED_RULE, type CensoredRule } from '../vocabulary';

export type CellFlag = 'ok' | 'censored' | 'missing' | 'sentinel';

export interface ParsedCell {
  /** The value in the column's own unit (substituted for censored cells); NaN for missing and sentinel. */
  value: number;
  flag: CellFlag;
  raw: string;
  /** Detection limit for censored cells (NaN where the file does not give it, e.g. a '<' flag over a 0.0 value). */
  dl?: number;
  /** True when censoring came from a negative number (a negative detection-limit code). */
  negativeDL?: boolean;
}

export type { CensoredRule };

/** Substitute for a value below detection limit `dl`: DL/2, DL/sqrt(2) (default) or 0.65*DL. */
export function substituteCensored(dl: number, rule: CensoredRule = DEFAULT_CENSORED_RULE): number {
  if (rule === 'half') return dl / 2;
  if (rule === '0.65') return 0.65 * dl;
  return dl / Math.SQRT2;
}

export const DEFAULT_MISSING_TOKENS = ['', 'n.a.', 'na', 'n/a', 'nd', 'n.d.', 'is', '-', '--', 'null', 'nan', '#n/a', 'nr', 'not analysed'];
export const DEFAULT_SENTINELS = [-9999, 9999, -99999, 99999, -999999, 999999, -999];

export interface ValueOptions {
  decimalComma?: boolean;
  censoredRule?: CensoredRule;
  /** Numbers that mean "no value" (compared after parsing). */
  sentinels?: readonly number[];
  /** Lower-case tokens that mean "missing". */
  missingTokens?: ReadonlySet<string>;
}

const NUM = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NUM_COMMA = /^[+-]?(?:\d+,?\d*|,\d+)(?:[eE][+-]?\d+)?$/;

/** Parses a plain number (with the file's decimal separator); NaN if the text is not one. */
export function parseNumber(text: string, decimalComma = false): number {
  const t = text.trim();
  if (t === '') return NaN;
  if (NUM.test(t)) return Number(t);
  if (decimalComma && NUM_COMMA.test(t)) return Number(t.replace(',', '.'));
  return NaN;
}

const defaultMissing = new Set(DEFAULT_MISSING_TOKENS);

/**
 * Parses one assay cell. `flagText` is the content of a separate qualifier column (lapland-till's <El>_511P_T):
 * '<' marks the value as below detection. Throws NOT_NUMERIC (with file/row/column filled by the caller's `where`).
 */
export function parseAssay(
  raw: string,
  options: ValueOptions = {},
  where: { file?: string; row?: number; column?: string } = {},
  flagText?: string,
): ParsedCell {
  const t = raw.trim();
  const missing = options.missingTokens ?? defaultMissing;
  const rule = options.censoredRule ?? DEFAULT_CENSORED_RULE;
  const qualifier = flagText?.trim() ?? '';
  if (qualifier.startsWith('<')) {
    const v = parseNumber(t, options.decimalComma);
    // The value column under a '<' flag holds the detection limit, or 0.0 where the lab did not give one.
    const dl = Number.isFinite(v) && v > 0 ? v : NaN;
    return { value: Number.isFinite(dl) ? substituteCensored(dl, rule) : NaN, flag: 'censored', raw, dl };
  }
  if (missing.has(t.toLowerCase())) return { value: NaN, flag: 'missing', raw };
  if (t.startsWith('<')) {
    const dl = parseNumber(t.slice(1), options.decimalComma);
    if (Number.isFinite(dl) && dl >= 0) {
      return { value: substituteCensored(dl, rule), flag: 'censored', raw, dl };
    }
  } else {
    // Over-range values ('>10000') keep the bound: the best lower estimate we have.
    const v = parseNumber(t.startsWith('>') ? t.slice(1) : t, options.decimalComma);
    if (Number.isFinite(v)) {
      const sentinels = options.sentinels ?? DEFAULT_SENTINELS;
      if (sentinels.includes(v)) return { value: NaN, flag: 'sentinel', raw };
      if (v < 0) return { value: substituteCensored(-v, rule), flag: 'censored', raw, dl: -v, negativeDL: true };
      return { value: v, flag: 'ok', raw };
    }
  }
  const loc = `${where.file ?? '(input)'}, row ${where.row ?? '?'}, column '${where.column ?? '?'}'`;
  throw new ProspectError(
    `${loc}: '${raw.length > 40 ? `${raw.slice(0, 40)}...` : raw}' is not a number, a below-detection value ` +
      `such as '<0.5', or a missing-value token (${DEFAULT_MISSING_TOKENS.filter((x) => x).join(', ')}). ` +
      `Correct the cell, or add the text to the missing-value tokens of the import.`,
    'NOT_NUMERIC', { ...where, value: raw },
  );
}
