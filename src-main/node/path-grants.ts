// Where the handler table may touch the disk. Every request field that is a path is confined before its handler
// runs (routes.ts): under the bridge's roots (after resolving links), or in Electron to what the user picked in a
// native dialog, the folders under a folder they picked, the projects on their recent list, and what they picked
// while a project was open, remembered for that project.
import { existsSync, lstatSync, readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { ProspectError } from '../core/types';
import { writeWhole } from '../core/util/write-whole';

/**
 * What a handler does at a path: reads an input file, writes a file, reads or writes in a folder, or opens a project
 * file (read and written; the project is also the context of the request's other paths).
 */
export type PathUse = 'read' | 'write' | 'folder' | 'project';

export interface PathContext {
  channel: string;
  field: string;
  /** The request's project, already confined: grants remembered for it apply. */
  project?: string;
}

export interface PathGrants {
  /** The real path behind `path` when `use` is allowed there; an OUTSIDE_ROOT error naming the field otherwise. */
  confine(path: string, use: PathUse, where: PathContext): string;
}

function inside(root: string, p: string): boolean {
  const r = relative(root, p);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
}

/**
 * The real path of `path` (absolute) for a file that may not exist yet: the real path of its deepest existing
 * ancestor with the missing names after it. A missing name that is itself a link (one pointing nowhere yet) is
 * refused: writing there would follow it wherever it points.
 */
export function realTarget(path: string): string {
  const tail: string[] = [];
  let p = path;
  for (;;) {
    try {
      return join(realpathSync(p), ...tail);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw e;
      let isLink = false;
      try {
        isLink = lstatSync(p).isSymbolicLink();
      } catch {
        // not there at all: go up
      }
      if (isLink) throw new ProspectError(`${p} is a link to something that does not exist: it cannot be used.`, 'BAD_PATH', { file: p });
      const up = dirname(p);
      if (up === p) return join(p, ...tail);
      tail.unshift(basename(p));
      p = up;
    }
  }
}

function outside(path: string, where: PathContext, allowed: string): never {
  throw new ProspectError(
    `Bad request on '${where.channel}': ${where.field} ${path} is outside ${allowed}.`,
    'OUTSIDE_ROOT',
    { channel: where.channel, column: where.field, file: path },
  );
}

/**
 * The web bridge's grants: everything under its roots and nothing else. A relative path is taken from the first
 * root (as the page's file browser does).
 */
export function rootGrants(roots: readonly string[]): PathGrants {
  if (roots.length === 0) throw new Error('rootGrants needs at least one root');
  const real = roots.map((r) => realpathSync(r));
  const allowed = `${real.join(' and ')}, the folder${real.length > 1 ? 's' : ''} this workstation was started to use`;
  return {
    confine(path, _use, where) {
      const target = realTarget(resolve(real[0]!, path));
      if (!real.some((r) => inside(r, target))) outside(path, where, allowed);
      return target;
    },
  };
}

interface Remembered {
  files: string[];
  folders: string[];
}

const MAX_PROJECTS = 200;
const MAX_PER_PROJECT = 500;

export interface PickedGrants extends PathGrants {
  /** A file the user picked in a dialog (to open or to save). */
  grantFile(path: string): void;
  /** A folder the user picked in a dialog: it and everything under it. */
  grantFolder(path: string): void;
}

/**
 * Electron's grants: the renderer is untrusted, so a path is allowed only where the user's own choice put it: a file
 * picked in a native dialog, anything under a folder picked there or under `always` (the app's own work folder), a
 * project on the recent list (which only takes allowed projects), and what was picked while a project was open,
 * remembered for that project in `file` (so reopening it finds its input files and basemap again).
 */
export function pickedGrants(opts: { file?: string; always?: readonly string[]; isRecent?: (realPath: string) => boolean }): PickedGrants {
  const files = new Set<string>();
  const folders: string[] = [];
  for (const a of opts.always ?? []) folders.push(realTarget(resolve(a)));
  let current: string | undefined;
  let memory: Record<string, Remembered> = Object.create(null) as Record<string, Remembered>;
  if (opts.file && existsSync(opts.file)) {
    try {
      const data = JSON.parse(readFileSync(opts.file, 'utf8')) as { projects?: Record<string, Remembered> };
      for (const [p, r] of Object.entries(data.projects ?? {})) {
        if (Array.isArray(r?.files) && Array.isArray(r?.folders)) {
          memory[p] = { files: r.files.filter((x) => typeof x === 'string'), folders: r.folders.filter((x) => typeof x === 'string') };
        }
      }
    } catch {
      memory = Object.create(null) as Record<string, Remembered>;
    }
  }
  const save = (): void => {
    if (!opts.file) return;
    const keys = Object.keys(memory);
    for (const k of keys.slice(0, Math.max(0, keys.length - MAX_PROJECTS))) delete memory[k];
    writeWhole(opts.file, JSON.stringify({ projects: memory }, null, 2), { mode: 0o600 });
  };
  const remember = (kind: keyof Remembered, real: string): void => {
    if (!current) return;
    const r = (memory[current] ??= { files: [], folders: [] });
    if (!r[kind].includes(real)) r[kind] = [...r[kind], real].slice(-MAX_PER_PROJECT);
    save();
  };
  const allows = (real: string, use: PathUse, project: string | undefined): boolean => {
    if (files.has(real) || folders.some((f) => inside(f, real))) return true;
    if (use === 'project' && opts.isRecent?.(real)) return true;
    const r = project !== undefined && Object.hasOwn(memory, project) ? memory[project] : undefined;
    return !!r && (r.files.includes(real) || r.folders.some((f) => inside(f, real)));
  };
  return {
    confine(path, use, where) {
      if (!isAbsolute(path)) outside(path, where, 'what you chose in a file dialog (a full path is needed)');
      const real = realTarget(resolve(path));
      if (!allows(real, use, where.project)) outside(path, where, 'what you chose in a file dialog: choose it with the Browse… button');
      if (use === 'project') current = real;
      return real;
    },
    grantFile(path) {
      const real = realTarget(resolve(path));
      files.add(real);
      remember('files', real);
    },
    grantFolder(path) {
      const real = realTarget(resolve(path));
      if (!folders.includes(real)) folders.push(real);
      remember('folders', real);
    },
  };
}
