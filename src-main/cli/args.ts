import { ProspectError } from '../core/types';
import { BOOLEAN_FLAGS, unknownFlagMessage } from './flags';

/** Parsed command line: `--key value`, `--key=value`, boolean `--flag`, and positionals. */
export interface Args {
  positional: string[];
  flags: Map<string, string | true>;
  /** The flags the command declares: reading any other is a bug in the command, reported as one. */
  known?: ReadonlySet<string>;
}

/** What parseArgs checks the command line against; without it every flag is taken (tests of one flag group). */
export interface ArgsSpec {
  command: string;
  known: readonly string[];
  /** The commands that do take a flag this one refuses, for the message. */
  takenBy?: (flag: string) => string[];
}

export function parseArgs(argv: string[], spec?: ArgsSpec): Args {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  const known = spec ? new Set(spec.known) : undefined;
  const bad = (message: string, column: string) => new ProspectError(message, 'BAD_ARGS', { column });
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      if (spec) throw bad(`unexpected argument '${a}': '${spec.command}' takes only --flags (see 'prospect ${spec.command} --help').`, a);
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const key = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (spec && known && !known.has(key)) throw bad(unknownFlagMessage(spec.command, key, spec.known, spec.takenBy?.(key)), `--${key}`);
    if (spec && flags.has(key)) throw bad(`--${key} is given twice.`, `--${key}`);
    if (eq > 0) {
      flags.set(key, a.slice(eq + 1));
      continue;
    }
    const next = argv[i + 1];
    if (BOOLEAN_FLAGS.has(key) || next === undefined || next.startsWith('--')) flags.set(key, true);
    else {
      flags.set(key, next);
      i++;
    }
  }
  return { positional, flags, known };
}

/** The flag's raw value; a flag the command did not declare is a bug in the command, not in the command line. */
function get(args: Args, key: string): string | true | undefined {
  if (args.known && !args.known.has(key)) throw new Error(`the command reads --${key} but does not declare it`);
  return args.flags.get(key);
}

/**
 * Refuses a flag the command takes but that does not apply to what this command line asks for (`import --samples F
 * --types Mine`): given, it would do nothing.
 */
export function refuseOthers(args: Args, allowed: readonly string[], what: string): void {
  for (const key of args.flags.keys()) {
    if (!allowed.includes(key)) throw new ProspectError(`--${key} does not apply to ${what}.`, 'BAD_ARGS', { column: `--${key}` });
  }
}

export function str(args: Args, key: string): string | undefined {
  const v = get(args, key);
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
  const v = get(args, key);
  return v === true || v === 'true';
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
