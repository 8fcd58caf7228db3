// The folder listing behind the browser build's file dialog: one folder at a time, never outside the root the bridge
// was started with (symlinks and '..' are resolved before the check, so neither can lead out of it).
import { readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ProspectError } from '../core/types';
import type { FileBrowseKind as FileKind, FileEntryDto, FileListing } from '../../src-preload/contract';

export const FILE_KINDS: readonly FileKind[] = ['samples', 'deposits', 'project', 'folder', 'basemap'];

/** The file types each kind of choice accepts; `folder` lists folders only. */
export const KIND_EXTENSIONS: Record<FileKind, readonly string[]> = {
  samples: ['.csv', '.txt', '.tsv', '.xlsx', '.gpkg', '.shp'],
  deposits: ['.csv', '.txt', '.tsv', '.xlsx', '.gpkg', '.shp', '.geojson', '.json'],
  project: ['.prospect', '.gpkg'],
  folder: [],
  basemap: ['.tif', '.tiff', '.mbtiles', '.pmtiles'],
};

function inside(root: string, p: string): boolean {
  const r = relative(root, p);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
}

function outsideRoot(dir: string, root: string): never {
  throw new ProspectError(`The folder ${dir} is outside ${root}, the folder this workstation was started to show.`, 'OUTSIDE_ROOT', { file: dir });
}

/** The real path of a folder inside the root, or a clear error naming it. */
export function resolveInside(root: string, dir: string): string {
  const realRoot = realpathSync(root);
  let real: string;
  try {
    real = realpathSync(resolve(realRoot, dir));
  } catch {
    throw new ProspectError(`The folder ${dir} does not exist.`, 'NOT_FOUND', { file: dir });
  }
  if (!inside(realRoot, real)) outsideRoot(dir, realRoot);
  if (!statSync(real).isDirectory()) throw new ProspectError(`${dir} is not a folder.`, 'NOT_A_FOLDER', { file: dir });
  return real;
}

/**
 * Lists `dir` (default `start`, else the root) for a choice of `kinds`: folders first, then the files those kinds
 * accept, each group by name; hidden entries and links that lead out of the root are left out.
 */
export function listFolder(root: string, opts: { dir?: string; kinds?: FileKind[]; start?: string } = {}): FileListing {
  const realRoot = realpathSync(root);
  let dir: string;
  if (opts.dir !== undefined) dir = resolveInside(realRoot, opts.dir);
  else {
    // A start folder outside the root (a work folder in /tmp under a home root) falls back to the root.
    try {
      dir = opts.start ? resolveInside(realRoot, opts.start) : realRoot;
    } catch {
      dir = realRoot;
    }
  }
  const kinds = opts.kinds?.length ? opts.kinds : FILE_KINDS;
  const foldersOnly = kinds.every((k) => k === 'folder');
  const accepted = new Set(kinds.flatMap((k) => KIND_EXTENSIONS[k]));
  const entries: FileEntryDto[] = [];
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    let st: Stats;
    try {
      const real = realpathSync(path);
      if (!inside(realRoot, real)) continue;
      st = statSync(real);
    } catch {
      continue; // a dangling link or a file removed while listing
    }
    if (st.isDirectory()) entries.push({ name, path, kind: 'dir', mtime: st.mtime.toISOString() });
    else if (st.isFile() && !foldersOnly && accepted.has(extname(name).toLowerCase())) {
      entries.push({ name, path, kind: 'file', size: st.size, mtime: st.mtime.toISOString() });
    }
  }
  const byName = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  entries.sort((a, b) => (a.kind === b.kind ? byName.compare(a.name, b.name) : a.kind === 'dir' ? -1 : 1));
  return { root: realRoot, dir, parent: dir === realRoot ? null : dirname(dir), sep, entries };
}
