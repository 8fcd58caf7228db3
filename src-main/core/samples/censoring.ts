// Stage 2 of the sample import: below-detection cells whose detection limit the file does not give (a '<' flag over
// 0.0, and exact zeros in a column that states detection limits elsewhere) get a substitute from a stated or
// estimated limit.
import { ProspectError } from '../types';
import { TO_PPM } from './columns';
import type { SampleImportOptions } from './import-types';
import { CODE_MASK, FLAG_CODE, UNKNOWN_DL_BIT, ZERO_BIT, type ReadRows } from './read-rows';
import { substituteCensored } from './values';
import { DEFAULT_CENSORED_RULE } from '../vocabulary';

function smallestStatedDl(sets: Map<number, Set<number>>): number {
  let dl = Infinity;
  for (const s of sets.values()) for (const v of s) if (v < dl) dl = v;
  return dl;
}

/** Zeros are read as below detection when more than this share of a column's (or one campaign's) values are zeros. */
export const ZERO_SHARE = 0.05;
/** ...and there are at least this many of them: one zero in a three-row file is not a pattern. */
export const MIN_ZEROS = 3;

/** Why the zeros of a column are read as below detection, or undefined when they stay values. */
function whyZerosCensored(rows: ReadRows, e: number, zeros: number, censored: number, share: number): string | undefined {
  if (censored) return `the column states detection limits in ${censored} other cells`;
  if (zeros < MIN_ZEROS) return undefined;
  const { n, F } = rows;
  let valued = 0;
  const perCampaign = new Map<number, { zeros: number; valued: number }>();
  for (let i = 0; i < n; i++) {
    const f = F[e][i];
    if ((f & CODE_MASK) !== FLAG_CODE.ok) continue;
    valued++;
    const c = rows.campaign[i];
    let pc = perCampaign.get(c);
    if (!pc) perCampaign.set(c, (pc = { zeros: 0, valued: 0 }));
    pc.valued++;
    if (f & ZERO_BIT) pc.zeros++;
  }
  const pct = (x: number) => `${+(100 * x).toPrecision(2)}%`;
  if (zeros > share * valued) {
    return `${pct(zeros / valued)} of the column's ${valued} values are exact zeros, more than the ${pct(share)} share at ` +
      'which zeros are read as "not detected" (no lab measures an exact zero)';
  }
  for (const [c, pc] of perCampaign) {
    if (c < 0 || pc.zeros < MIN_ZEROS || pc.zeros <= share * pc.valued) continue;
    return `${pc.zeros} of campaign ${rows.campaignNames[c]}'s ${pc.valued} values are exact zeros (${pct(pc.zeros / pc.valued)}, ` +
      `more than the ${pct(share)} share at which zeros are read as "not detected")`;
  }
  return undefined;
}

/**
 * Exact zeros are read as below detection (documented rule, options.zeros 'censored', the default) when the column
 * states censored cells elsewhere, or when at least MIN_ZEROS zeros make more than ZERO_SHARE (options.zerosShare) of
 * the column's values or of one campaign's: a lab that reports detection limits does not measure an exact zero, while
 * databases and older campaigns write 0 for "not detected". A few scattered zeros stay values.
 */
function zerosToCensored(rows: ReadRows, e: number, options: SampleImportOptions, notes: string[]): string | undefined {
  const { n, F, V } = rows;
  let zeros = 0, censored = 0;
  for (let i = 0; i < n; i++) {
    const f = F[e][i];
    if ((f & CODE_MASK) === FLAG_CODE.censored) censored++;
    else if (f & ZERO_BIT) zeros++;
  }
  if (!zeros) return undefined;
  const why = whyZerosCensored(rows, e, zeros, censored, options.zerosShare ?? ZERO_SHARE);
  if (!why) return undefined;
  const el = rows.map.elements[e].element;
  if (options.zeros === 'value') {
    notes.push(`${el}: ${zeros} exact zeros kept as values (zeros: 'value'), although ${why}`);
    return undefined;
  }
  for (let i = 0; i < n; i++) {
    if (!(F[e][i] & ZERO_BIT)) continue;
    F[e][i] = (F[e][i] & ~CODE_MASK) | FLAG_CODE.censored | UNKNOWN_DL_BIT;
    V[e][i] = NaN;
    const r = rows.recIdx[i];
    if (r >= 0) rows.records[r].cells[e].flag = 'censored';
  }
  return `${el}: ${zeros} zeros treated as below detection, because ${why} (zeros: 'value' keeps them as 0)`;
}

/** Substitutes every cell flagged below detection without a limit: given limit, else the smallest stated, else the smallest measured value. */
function fillUnknownDl(rows: ReadRows, e: number, options: SampleImportOptions, notes: string[], zerosNote?: string): void {
  const { n, F, V, units } = rows;
  const rule = options.censoredRule ?? DEFAULT_CENSORED_RULE;
  let unknown = 0;
  for (let i = 0; i < n; i++) if (F[e][i] & UNKNOWN_DL_BIT) unknown++;
  if (!unknown) return;
  const el = rows.map.elements[e].element;
  let dl = options.detectionLimits?.[el];
  let how = 'given';
  if (dl === undefined) {
    dl = smallestStatedDl(rows.dls[e]);
    how = 'the smallest detection limit the column states';
  }
  if (!Number.isFinite(dl)) {
    dl = Infinity;
    for (let i = 0; i < n; i++) if ((F[e][i] & CODE_MASK) === FLAG_CODE.ok && V[e][i] > 0 && V[e][i] < dl) dl = V[e][i];
    how = 'estimated as the smallest measured value';
  }
  if (Number.isFinite(dl)) {
    const v = substituteCensored(dl, rule);
    for (let i = 0; i < n; i++) {
      if (!(F[e][i] & UNKNOWN_DL_BIT)) continue;
      V[e][i] = v;
      const r = rows.recIdx[i];
      if (r >= 0) rows.records[r].cells[e].value = v * TO_PPM[units[e]];
    }
  }
  let zeros = 0;
  for (let i = 0; i < n; i++) if ((F[e][i] & UNKNOWN_DL_BIT) && (F[e][i] & ZERO_BIT)) zeros++;
  const used = `DL ${+dl.toPrecision(6)} ${units[e]} (${how}) used`;
  if (unknown > zeros) notes.push(`${el}: ${unknown - zeros} cells flagged '<' without a detection limit; ${used}`);
  if (zerosNote) notes.push(`${zerosNote}; ${used}`);
}

export function applyCensoring(rows: ReadRows, options: SampleImportOptions, notes: string[]): void {
  const share = options.zerosShare;
  if (share !== undefined && !(share >= 0 && share <= 1)) {
    throw new ProspectError(`zerosShare must be a share between 0 and 1 (e.g. 0.05), got ${share}.`, 'BAD_OPTION', { column: 'zerosShare' });
  }
  for (let e = 0; e < rows.map.elements.length; e++) {
    fillUnknownDl(rows, e, options, notes, zerosToCensored(rows, e, options, notes));
  }
}
