// An export (and the demo) never overwrites files it did not write. Each folder it writes holds a manifest naming the
// project it was written for and every file written; writing into a folder is allowed when it is empty, or when its
// manifest is this project's (its own earlier files are replaced, and it says so). A folder holding anything else is
// refused unless forced (`--force`; the app asks first).
import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Project } from '../../store/project';
import { ProspectError } from '../../types';

export const MANIFEST_NAME = '.prospect-export.json';
/** A project's staged temporary file (store/project.ts `Project.stage`), and its journal. */
const STAGED_RE = /(^|\/)\.[^/]+\.\d+-[0-9a-f]{8}\.new(-journal)?$/;

export interface ExportOwner {
  /** The project's own id (meta 'project_id'), kept when the file is moved or renamed. */
  id: string;
  /** The project file, for the user reading the manifest. */
  path: string;
  /** Written by `prospect demo`: the next demo into the folder starts it over. */
  demo?: boolean;
}

interface Manifest { format: 'prospect-export'; owner: ExportOwner; files: string[]; writtenAt: string }

export interface ExportClaim {
  dir: string;
  owner: ExportOwner;
  /** Files (relative to dir) of this project's earlier export still there: kept in the manifest unless rewritten. */
  own: string[];
  /** How the folder was taken: new, the project's own earlier export, or forced over other files. */
  how: 'new' | 'own' | 'forced';
}

function readManifest(dir: string): Manifest | null {
  try {
    const m = JSON.parse(readFileSync(join(dir, MANIFEST_NAME), 'utf8')) as Manifest;
    return m && m.format === 'prospect-export' && typeof m.owner?.id === 'string' && Array.isArray(m.files) ? m : null;
  } catch {
    return null;
  }
}

/** Every file under `dir`, relative, with '/' separators; folders only through the files they hold. */
function filesUnder(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) return [];
    if (st.isDirectory()) {
      const inner = filesUnder(p, base);
      return inner.length ? inner : [`${relative(base, p).split(sep).join('/')}/`];
    }
    return [relative(base, p).split(sep).join('/')];
  });
}

function list(names: string[]): string {
  return names.slice(0, 5).map((n) => `'${n}'`).join(', ') + (names.length > 5 ? ` and ${names.length - 5} more` : '');
}

/**
 * Checks that `dir` may be written for `owner`, before anything is written. A demo owner takes over a folder holding
 * an earlier demo. Throws EXPORT_DIR_NOT_OURS naming what is there and how to go on.
 */
export function claimExportDir(dir: string, owner: ExportOwner, { force = false }: { force?: boolean } = {}): ExportClaim {
  const abs = resolve(dir);
  if (!existsSync(abs)) return { dir: abs, owner, own: [], how: 'new' };
  if (!statSync(abs).isDirectory()) {
    throw new ProspectError(`${abs} is a file, not a folder: choose a folder to export into.`, 'EXPORT_DIR_NOT_OURS', { file: abs });
  }
  // A project being staged there (the demo's) is no one else's file.
  const present = filesUnder(abs).filter((f) => f !== MANIFEST_NAME && !STAGED_RE.test(f));
  if (present.length === 0) return { dir: abs, owner, own: [], how: 'new' };
  const m = readManifest(abs);
  const mine = m !== null && (m.owner.id === owner.id || (owner.demo === true && m.owner.demo === true));
  const own = mine ? m.files.filter((f) => present.includes(f)) : [];
  const others = present.filter((f) => !own.includes(f) && !(mine && f.endsWith('/')));
  // The demo's export keeps the folder the demo's, so the next demo starts it over.
  if (mine && m.owner.demo) owner = { ...owner, demo: true };
  if (others.length === 0) return { dir: abs, owner, own, how: 'own' };
  if (force) return { dir: abs, owner, own, how: 'forced' };
  const whose = m && !mine ? ` (it holds the export of ${m.owner.path})` : '';
  throw new ProspectError(
    `${abs} holds files this project did not write there${whose}: ${list(others)}. Nothing was written. Export into an ` +
      'empty or new folder, or pass --force to write into it anyway (files of the same names are replaced).',
    'EXPORT_DIR_NOT_OURS', { file: abs, files: others.slice(0, 20) },
  );
}

/** Writes the manifest: the files written now and the earlier own ones still there, so the next export knows them. */
export function writeExportManifest(claim: ExportClaim, written: string[]): string {
  const rel = written.map((f) => relative(claim.dir, resolve(f)).split(sep).join('/')).filter((f) => !f.startsWith('..'));
  const files = [...new Set([...claim.own, ...rel])].filter((f) => f !== MANIFEST_NAME && existsSync(join(claim.dir, f))).sort();
  const m: Manifest = { format: 'prospect-export', owner: claim.owner, files, writtenAt: new Date().toISOString() };
  const file = join(claim.dir, MANIFEST_NAME);
  const part = `${file}.${randomBytes(4).toString('hex')}.part`;
  writeFileSync(part, JSON.stringify(m, null, 2) + '\n', { flag: 'wx' });
  renameSync(part, file);
  return file;
}

/** What the export says about the folder it wrote into. */
export function claimNote(claim: ExportClaim, written: string[]): string | null {
  const rel = new Set(written.map((f) => relative(claim.dir, resolve(f)).split(sep).join('/')));
  const replaced = claim.own.filter((f) => rel.has(f)).length;
  if (claim.how === 'forced') return `wrote into ${claim.dir}, which held other files (--force): files of the same names were replaced`;
  if (replaced > 0) return `replaced ${replaced} files of its own earlier export in ${claim.dir}`;
  return null;
}

/** The project as the owner of its exports: its id (made now for a file from before ids) and its path. */
export function exportOwner(p: Project, o: { demo?: boolean } = {}): ExportOwner {
  let id = p.getMeta('project_id');
  if (!id) {
    id = randomUUID();
    p.setMeta('project_id', id);
  }
  return { id, path: resolve(p.path), ...(o.demo ? { demo: true } : {}) };
}

/** Adds files written after the manifest (the demo's project, moved into place at its end). */
export function addToExportManifest(dir: string, files: string[]): void {
  const m = readManifest(dir);
  if (!m) return;
  writeExportManifest({ dir: resolve(dir), owner: m.owner, own: m.files, how: 'own' }, files);
}
