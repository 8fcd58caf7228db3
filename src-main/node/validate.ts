import { ProspectError } from '../core/types';
import { CONFIG_KEYS, FORBIDDEN_KEYS } from '../core/config';

// Request validation for the handler table: the renderer (and any bridge client) is untrusted, so every field is
// checked in main before it reaches the core, and what passes is a fresh object of known fields only. A failed check
// is a BAD_REQUEST value naming the channel and the field.

export type Check<T> = (v: unknown, channel: string, field: string) => T;

/** Bounds on what a request may hold: no handler needs more, and a request past them is refused before any work. */
export const LIMITS = { string: 4095, name: 200, recordKeys: 1000, list: 1000, depth: 8, nodes: 100_000, key: 256 } as const;

function bad(channel: string, field: string, what: string): never {
  throw new ProspectError(`Bad request on '${channel}': ${field} ${what}.`, 'BAD_REQUEST', { channel, column: field });
}

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Walks a whole request before any field is read: '__proto__', 'constructor' and 'prototype' are refused as keys at
 * any depth (JSON.parse makes '__proto__' an own key, which a later merge or assignment would turn into the
 * prototype), and so are requests nested deeper than LIMITS.depth or larger than LIMITS.nodes.
 */
function scan(channel: string, req: unknown): void {
  let nodes = 0;
  const walk = (v: unknown, path: string, depth: number): void => {
    if (++nodes > LIMITS.nodes) bad(channel, 'request', `is too large (more than ${LIMITS.nodes} values)`);
    if (typeof v !== 'object' || v === null) return;
    if (ArrayBuffer.isView(v)) return;
    if (depth >= LIMITS.depth) bad(channel, path, `is nested too deeply (more than ${LIMITS.depth} levels)`);
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${path}[${i}]`, depth + 1));
      return;
    }
    for (const k of Object.keys(v)) {
      const at = path === 'request' ? k : `${path}.${k}`;
      if (FORBIDDEN_KEYS.includes(k)) bad(channel, at, 'is a forbidden key');
      walk((v as Record<string, unknown>)[k], at, depth + 1);
    }
  };
  walk(req, 'request', 0);
}

export const str: Check<string> = (v, c, f) => (typeof v === 'string' && v.length > 0 && v.length <= LIMITS.string && !v.includes('\0') ? v : bad(c, f, 'must be a non-empty string'));
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
/** A short display name (a project's, a recent entry's): no control characters. */
export const name: Check<string> = (v, c, f) =>
  (typeof v === 'string' && v.length > 0 && v.length <= LIMITS.name && !/[\u0000-\u001f\u007f]/.test(v) ? v : bad(c, f, `must be a name of 1 to ${LIMITS.name} characters without control characters`));

/** { key: string } with bounded keys, copied into a fresh object. */
export const optRecord: Check<Record<string, string> | undefined> = (v, c, f) => {
  if (v === undefined) return undefined;
  if (!isPlain(v)) bad(c, f, 'must be an object');
  const entries = Object.entries(v);
  if (entries.length > LIMITS.recordKeys) bad(c, f, `has more than ${LIMITS.recordKeys} keys`);
  const out: Record<string, string> = {};
  for (const [k, x] of entries) {
    if (FORBIDDEN_KEYS.includes(k) || k.length === 0 || k.length > LIMITS.key) bad(c, `${f}.${k.slice(0, 40)}`, `is not an allowed key (1 to ${LIMITS.key} characters)`);
    out[k] = str(x, c, `${f}.${k}`);
  }
  return out;
};

/** A JSON value of bounded size copied into fresh plain objects and arrays: numbers, booleans, short strings, null. */
function plainValue(v: unknown, c: string, f: string, depth: number): unknown {
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : bad(c, f, 'must be a finite number');
  if (typeof v === 'string') return v.length <= LIMITS.name ? v : bad(c, f, `must be at most ${LIMITS.name} characters`);
  if (depth > 3) bad(c, f, 'is nested too deeply');
  if (Array.isArray(v)) {
    if (v.length > 256) bad(c, f, 'is a list of more than 256 values');
    return v.map((x, i) => plainValue(x, c, `${f}[${i}]`, depth + 1));
  }
  if (isPlain(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (!/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(k) || FORBIDDEN_KEYS.includes(k)) bad(c, `${f}.${k.slice(0, 40)}`, 'is not a setting name');
      out[k] = plainValue(x, c, `${f}.${k}`, depth + 1);
    }
    return out;
  }
  return bad(c, f, 'must be a JSON value');
}

/**
 * Overrides of the pipeline configuration: only its known sections (core/config.ts), each copied into a fresh object
 * of setting names and plain values; the core checks the settings themselves when the step runs.
 */
export const optConfigOverrides: Check<Record<string, unknown> | undefined> = (v, c, f) => {
  if (v === undefined) return undefined;
  if (!isPlain(v)) bad(c, f, 'must be an object');
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === 'preset' || !(CONFIG_KEYS as readonly string[]).includes(k)) {
      bad(c, `${f}.${k.slice(0, 40)}`, `is not a configuration section (use ${CONFIG_KEYS.filter((s) => s !== 'preset').join(', ')})`);
    }
    if (k === 'seed') out[k] = int(0, 2 ** 31 - 1)(x, c, `${f}.seed`);
    else if (k === 'lang') out[k] = oneOf(['en', 'zh'] as const)(x, c, `${f}.lang`);
    else if (!isPlain(x)) bad(c, `${f}.${k}`, 'must be an object');
    else out[k] = plainValue(x, c, `${f}.${k}`, 1);
  }
  return out;
};

/**
 * Checks a request object against per-field checks and returns a fresh object of those fields only; unknown fields are
 * refused (own keys only: 'constructor' or '__proto__' are not fields because every object inherits them).
 */
export function shape<T>(channel: string, req: unknown, fields: { [K in keyof T]-?: Check<T[K]> }): T {
  if (!isPlain(req)) bad(channel, 'request', 'must be an object');
  scan(channel, req);
  for (const k of Object.keys(req)) if (!Object.hasOwn(fields, k)) bad(channel, k.slice(0, 40), 'is not a field of this request');
  const out: Record<string, unknown> = {};
  for (const [k, check] of Object.entries(fields) as [string, Check<unknown>][]) {
    const v = check(Object.hasOwn(req, k) ? req[k] : undefined, channel, k);
    if (v !== undefined) out[k] = v;
  }
  return out as T;
}
/** An element name as the import stores it: short text without control characters. */
export const elementName: Check<string> = (v, c, f) =>
  (typeof v === 'string' && v.length > 0 && v.length <= 64 && !/[\u0000-\u001f\u007f]/.test(v) ? v : bad(c, f, 'must be an element name (1 to 64 characters)'));
export const optStrList: Check<string[] | undefined> = (v, c, f) => {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length > LIMITS.list) bad(c, f, `must be a list of at most ${LIMITS.list} strings`);
  return (v as unknown[]).map((x, i) => str(x, c, `${f}[${i}]`));
};
/** A column name, or false for "no such column". */
export const optStrOrFalse: Check<string | false | undefined> = (v, c, f) => (v === false ? false : optStr(v, c, f));
export const optRecordOf = <T extends string>(values: readonly T[]): Check<Record<string, T> | undefined> => (v, c, f) => {
  const r = optRecord(v, c, f);
  if (r) for (const [k, x] of Object.entries(r)) oneOf(values)(x, c, `${f}.${k}`);
  return r as Record<string, T> | undefined;
};
/** A list of values of one vocabulary. */
export const optOneOfList = <T extends string>(values: readonly T[]): Check<T[] | undefined> => (v, c, f) => {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length > values.length * 4) bad(c, f, `must be a list of ${values.join(', ')}`);
  return (v as unknown[]).map((x, i) => oneOf(values)(x, c, `${f}[${i}]`));
};
