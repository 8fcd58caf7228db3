// Folders only this user may use: caches, work files and temporary files that another local user must not be able
// to plant, swap or read. The shared temporary folder is writable by everyone, so a name in it proves nothing:
// the folder is created with exclusive semantics (mkdir fails when the name exists), and a folder found there is
// taken only when it is a real folder (not a link), owned by this user and closed to group and others.
import { lstatSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProspectError } from '../types';

const uid = (): number | undefined => process.getuid?.();

function refuse(dir: string, why: string): never {
  throw new ProspectError(
    `The folder ${dir} cannot be used: ${why}. Another user may have created it to plant or read files; remove it (or choose another folder) and try again.`,
    'UNSAFE_FOLDER',
    { file: dir },
  );
}

/**
 * Makes `dir` (its parent must exist) as a folder of mode 0700, or checks the one already there: not a link, owned by
 * this user, no permission bits for group or others. Returns `dir`. Where there are no user ids (Windows), the
 * per-user temporary folder already is private, and only the link check applies.
 */
export function privateDir(dir: string): string {
  try {
    mkdirSync(dir, { mode: 0o700 });
    // The mode is masked by the umask on creation: still 0700 or less, never more.
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  checkOwnFolder(dir, { privateMode: true });
  return dir;
}

/**
 * Checks a folder that exists: a real folder, not a link, owned by this user; with `privateMode`, also closed to group
 * and others. A clear UNSAFE_FOLDER error names what is wrong.
 */
export function checkOwnFolder(dir: string, opts: { privateMode: boolean }): void {
  const st = lstatSync(dir);
  if (st.isSymbolicLink()) refuse(dir, 'it is a symbolic link');
  if (!st.isDirectory()) refuse(dir, 'it is not a folder');
  const me = uid();
  if (me === undefined) return;
  if (st.uid !== me) refuse(dir, `it belongs to user id ${st.uid}, not to you (user id ${me})`);
  if (opts.privateMode && (st.mode & 0o077) !== 0) refuse(dir, `other users may use it (mode ${(st.mode & 0o777).toString(8)}; it must be 700)`);
}

/** This user's private folder under the system's temporary folder (`prospect-<uid>`), made or checked. */
export function userTempDir(): string {
  return privateDir(join(tmpdir(), `prospect-${uid() ?? 'user'}`));
}

/** A private folder `name` inside userTempDir(), made or checked. */
export function userTempSubdir(name: string): string {
  return privateDir(join(userTempDir(), name));
}
