import { ProspectError } from '../core/types';

// Request validation for the handler table: the renderer is untrusted, so every field is checked in main before it
// reaches the core. A failed check is a BAD_REQUEST value naming the channel and the field.

type Check<T> = (v: unknown, channel: string, field: string) => T;

function bad(channel: string, field: string, what: string): never {
  throw new ProspectError(`Bad request on '${channel}': ${field} ${what}.`, 'BAD_REQUEST', { channel, column: field });
}

export const str: Check<string> = (v, c, f) => (typeof v === 'string' && v.length > 0 && v.length < 4096 && !v.includes('\0') ? v : bad(c, f, 'must be a non-empty string'));
export const optStr: Check<string | undefined> = (v, c, f) => (v === undefined ? undefined : str(v, c, f));
export const int = (min: number, max: number): Check<number> => (v, c, f) =>
  Number.isInteger(v) && (v as number) >= min && (v as number) <= max ? (v as number) : bad(c, f, `must be a whole number from ${min} to ${max}`);
export const optInt = (min: number, max: number): Check<number | undefined> => (v, c, f) => (v === undefined ? undefined : int(min, max)(v, c, f));
/** A share from 0 to 1 (e.g. the zeros share of an import). */
export const optShare: Check<number | undefined> = (v, c, f) =>
  (v === undefined ? undefined : typeof v === 'number' && v >= 0 && v <= 1 ? v : bad(c, f, 'must be a number from 0 to 1'));
export const optBool: Check<boolean | undefined> = (v, c, f) => (v === undefined || typeof v === 'boolean' ? v : bad(c, f, 'must be true or false'));
export const oneOf = <T extends string>(values: readonly T[]): Check<T> => (v, c, f) =>
  (values as readonly unknown[]).includes(v) ? (v as T) : bad(c, f, `must be one of ${values.join(', ')}`);
export const optOneOf = <T extends string>(values: readonly T[]): Check<T | undefined> => (v, c, f) => (v === undefined ? undefined : oneOf(values)(v, c, f));
export const optRecord: Check<Record<string, string> | undefined> = (v, c, f) => {
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(c, f, 'must be an object');
  for (const [k, x] of Object.entries(v as object)) if (typeof x !== 'string') bad(c, `${f}.${k}`, 'must be a string');
  return v as Record<string, string>;
};
export const optObject: Check<Record<string, unknown> | undefined> = (v, c, f) => {
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(c, f, 'must be an object');
  return JSON.parse(JSON.stringify(v)) as Record<string, unknown>;
};

/** Checks a request object against per-field checks; unknown fields are refused, so typos do not pass silently. */
export function shape<T>(channel: string, req: unknown, fields: { [K in keyof T]-?: Check<T[K]> }): T {
  if (typeof req !== 'object' || req === null || Array.isArray(req)) bad(channel, 'request', 'must be an object');
  const r = req as Record<string, unknown>;
  for (const k of Object.keys(r)) if (!(k in fields)) bad(channel, k, 'is not a field of this request');
  const out: Record<string, unknown> = {};
  for (const [k, check] of Object.entries(fields) as [string, Check<unknown>][]) {
    const v = check(r[k], channel, k);
    if (v !== undefined) out[k] = v;
  }
  return out as T;
}
/** An element name as the import stores it: short text without control characters. */
export const elementName: Check<string> = (v, c, f) =>
  (typeof v === 'string' && v.length > 0 && v.length <= 64 && !/[\u0000-\u001f\u007f]/.test(v) ? v : bad(c, f, 'must be an element name (1 to 64 characters)'));
export const optStrList: Check<string[] | undefined> = (v, c, f) => {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length > 10_000) bad(c, f, 'must be a list of strings');
  return (v as unknown[]).map((x, i) => str(x, c, `${f}[${i}]`));
};
/** A column name, or false for "no such column". */
export const optStrOrFalse: Check<string | false | undefined> = (v, c, f) => (v === false ? false : optStr(v, c, f));
export const optRecordOf = <T extends string>(values: readonly T[]): Check<Record<string, T> | undefined> => (v, c, f) => {
  const r = optRecord(v, c, f);
  if (r) for (const [k, x] of Object.entries(r)) oneOf(values)(x, c, `${f}.${k}`);
  return r as Record<string, T> | undefined;
};
