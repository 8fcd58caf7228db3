// Names that come from data (element, evidence and layer names, from a table's mapping, a grid file's name or a
// project file someone sent) end up in file names. Two guards: names are checked where they enter, and every file
// name built from data passes through `fileNameFor`, so a name stored by an older version or written into a crafted
// project file still cannot reach outside the folder it is written into.
import { ProspectError } from '../types';

// Device names Windows reserves in any folder, with any extension.
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

/** A letter, then letters, digits, '_', '.', '-': up to 32 characters ('Cu', 'Au_ppb', 'Fe2O3', 'As-511'). */
const NAME_RE = /^[A-Za-z][A-Za-z0-9_.-]{0,31}$/;

/** Why `name` is not a safe element / evidence / layer name, or null when it is. */
export function unsafeNameReason(name: unknown): string | null {
  if (typeof name !== 'string') return 'it is not text';
  if (name.length === 0) return 'it is empty';
  if (name.includes('\0')) return 'it holds a NUL byte';
  if (/[/\\]/.test(name)) return 'it holds a path separator';
  if (name.includes('..')) return "it holds '..'";
  if (name.length > 32) return `it is ${name.length} characters long (at most 32)`;
  if (!NAME_RE.test(name)) return 'it must start with a letter and hold only letters, digits, _ . -';
  if (WINDOWS_RESERVED.test(name)) return 'Windows reserves it for a device (CON, NUL, COM1, ...)';
  return null;
}

/**
 * Checks an element (or evidence / layer) name where it enters. `what` says where it came from, for the message:
 * e.g. "--map", "the grid file Au.tif", "the project file's grids".
 */
export function checkName(name: unknown, what: string, details: { file?: string; column?: string } = {}): string {
  const why = unsafeNameReason(name);
  if (why) {
    throw new ProspectError(`${what}: '${printable(name)}' cannot be an element name: ${why}. ` +
      'Use a letter, then letters, digits, _ . - (e.g. Cu, Au_ppb, Fe2O3).', 'BAD_NAME', { ...details, name: printable(name) });
  }
  return name as string;
}

/** Checks every name of a list, naming where the list came from. */
export function checkNames(names: readonly unknown[] | undefined, what: string, details: { file?: string; column?: string } = {}): void {
  for (const n of names ?? []) checkName(n, what, details);
}

/**
 * The one way a file name is made from data: `name` + `ext` (e.g. 'Cu', '_z.tif'). Refuses separators, '..', NUL,
 * control characters, Windows device names and names that Windows would trim (trailing dot or space), so the file
 * lands in the folder it is joined to and nowhere else.
 */
export function fileNameFor(name: string, ext = ''): string {
  const file = `${name}${ext}`;
  const why = typeof name !== 'string' || name.length === 0 ? 'it is empty'
    : /[/\\]/.test(file) ? 'it holds a path separator'
      : file.includes('..') ? "it holds '..'"
        : /[\u0000-\u001f\u007f]/.test(file) ? 'it holds a control character or NUL'
          : /[<>:"|?*]/.test(file) ? 'it holds a character Windows does not allow in file names'
            : WINDOWS_RESERVED.test(file) ? 'it is a name Windows reserves for a device'
              : /[. ]$/.test(file) ? 'it ends in a dot or a space'
                : file.length > 200 ? 'it is too long' : null;
  if (why) {
    throw new ProspectError(`'${printable(name)}' cannot be used in a file name (${printable(file)}): ${why}. ` +
      'Nothing was written for it; rename the element (or layer) with a letter, then letters, digits, _ . -.', 'BAD_NAME', { name: printable(name) });
  }
  return file;
}

function printable(v: unknown): string {
  return String(v).replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`).slice(0, 80);
}
