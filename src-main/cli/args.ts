import { ProspectError } from '../core/types';

/** Parsed command line: `--key value`, `--key=value`, boolean `--flag`, and positionals. */
export interface Args {
  positional: string[];
  flags: Map<string, string | true>;
}

const BOOLEAN_FLAGS = new Set(['decimal-comma', 'no-compress', 'json', 'resume', 'help', 'small', 'dense', 'no-dense', 'two-sided', 'quiet', 'holm']);

export function parseArgs(argv: string[]): Args {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    if (eq > 0) {
      flags.set(a.slice(2, eq), a.slice(eq + 1));
      continue;
    }
    const key = a.slice(2);
    const next = argv[i + 1];
    if (BOOLEAN_FLAGS.has(key) || next === undefined || next.startsWith('--')) flags.set(key, true);
    else {
      flags.set(key, next);
      i++;
    }
  }
  return { positional, flags };
}

export function str(args: Args, key: string): string | undefined {
  const v = args.flags.get(key);
  if (v === true) throw new ProspectError(`--${key} needs a value.`, 'BAD_ARGS', { column: `--${key}` });
  return v;
}

export function required(args: Args, key: string, what: string): string {
  const v = str(args, key);
  if (v === undefined) throw new ProspectError(`--${key} is required: ${what}.`, 'BAD_ARGS', { column: `--${key}` });
  return v;
}

export function num(args: Args, key: string): number | undefined {
  const v = str(args, key);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new ProspectError(`--${key} must be a number, got '${v}'.`, 'BAD_ARGS', { column: `--${key}` });
  return n;
}

/** A number, or 'auto' (the value chosen from the data). */
export function numOrAuto(args: Args, key: string): number | 'auto' | undefined {
  return str(args, key) === 'auto' ? 'auto' : num(args, key);
}

/** One of the listed words. */
export function choice<T extends string>(args: Args, key: string, values: readonly T[]): T | undefined {
  const v = str(args, key);
  if (v === undefined || (values as readonly string[]).includes(v)) return v as T | undefined;
  throw new ProspectError(`--${key} must be ${values.join(', ')}; got '${v}'.`, 'BAD_ARGS', { column: `--${key}` });
}

export function bool(args: Args, key: string): boolean {
  return args.flags.get(key) === true || args.flags.get(key) === 'true';
}

export function list(args: Args, key: string): string[] | undefined {
  const v = str(args, key);
  return v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter(Boolean);
}

/** `W` or `WxH` -> [W, H]. */
export function size(args: Args, key: string): [number, number] | undefined {
  const v = str(args, key);
  if (v === undefined) return undefined;
  const m = /^(\d+)(?:[xX](\d+))?$/.exec(v);
  if (!m) throw new ProspectError(`--${key} must be W or WxH cells, got '${v}'.`, 'BAD_ARGS', { column: `--${key}` });
  return [Number(m[1]), Number(m[2] ?? m[1])];
}

export function extent(args: Args, key: string): [number, number, number, number] | undefined {
  const v = list(args, key);
  if (!v) return undefined;
  const n = v.map(Number);
  if (n.length !== 4 || !n.every(Number.isFinite)) {
    throw new ProspectError(`--${key} must be XMIN,YMIN,XMAX,YMAX, got '${v.join(',')}'.`, 'BAD_ARGS', { column: `--${key}` });
  }
  return n as [number, number, number, number];
}

/**
 * A bare `--force` (no value): write an export into a folder holding files the project did not write there.
 * `--force A,B` (with elements) is the selection's override instead.
 */
export function forceExport(args: Args): boolean {
  return args.flags.get('force') === true;
}
