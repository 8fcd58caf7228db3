// One writer at a time. SQLite serialises writes itself, but only per statement: the app and the CLI running steps on
// one project at once would interleave runs and make a second writer wait and then fail with "database is locked".
// So a writer holds `P.lock` beside the project (written aside with 'wx' and linked into place: exactly one process
// gets it, and it is never seen empty), naming its pid, command and start time; a second writer is refused at once
// with who holds it. A lock whose process is gone is stale and taken over, with a note. Readers (info, the app's
// views) take no lock.
import { closeSync, existsSync, linkSync, openSync, readFileSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ProspectError } from '../types';

export interface LockOwner { pid: number; command: string; started: string; host: string; token: string }

/** What a writer is called in a refusal: the CLI command, or the app. Guessed from how this process was started. */
function guessCommand(): string {
  const script = basename(process.argv[1] ?? '');
  if (/^prospect(\.m?js)?$/.test(script)) return `prospect ${process.argv[2] ?? ''}`.trim();
  if (process.versions.electron || /job-host|web-bridge/.test(script)) return 'the Prospect Workstation app';
  return script || 'node';
}

let command: string | undefined;
let noteSink: ((message: string) => void) | undefined;

/** Names this process in lock files (e.g. `prospect run`); and where a note about a taken-over lock goes. */
export function configureProjectLocks(o: { command?: string; onNote?: (message: string) => void }): void {
  if (o.command !== undefined) command = o.command;
  if (o.onNote !== undefined) noteSink = o.onNote;
}

const held = new Map<string, { count: number; token: string }>();
let exitHook = false;

export function lockPathFor(project: string): string {
  return `${project}.lock`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, it is just not ours to signal.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function since(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return 'an unknown time';
  const hhmm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  return d.toDateString() === new Date().toDateString() ? hhmm : `${hhmm} on ${d.toISOString().slice(0, 10)}`;
}

function readOwner(lock: string): LockOwner | 'unreadable' | 'gone' {
  try {
    const o = JSON.parse(readFileSync(lock, 'utf8')) as LockOwner;
    return typeof o.pid === 'number' && typeof o.command === 'string' ? o : 'unreadable';
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : 'unreadable';
  }
}

/** A lock file that is there but still empty: another process is between creating and writing it. */
function youngerThan(file: string, ms: number): boolean {
  try {
    return Date.now() - statSync(file).mtimeMs < ms;
  } catch {
    return false;
  }
}

/**
 * Creates the lock holding `owner`, or returns false when it exists. Written aside (with 'wx') and hard-linked into
 * place, so a lock is never seen empty; where the file system has no hard links (FAT), created with 'wx' and written.
 */
function tryCreate(lock: string, owner: LockOwner): boolean {
  const part = `${lock}.${owner.token}.part`;
  let linked: boolean | 'no-links';
  try {
    writeFileSync(part, JSON.stringify(owner), { flag: 'wx', mode: 0o644 });
    try {
      linkSync(part, lock);
      linked = true;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') linked = false;
      else if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS' || code === 'EOPNOTSUPP') linked = 'no-links';
      else throw e;
    } finally {
      try {
        unlinkSync(part);
      } catch {
        // already gone
      }
    }
  } catch (e) {
    throw new ProspectError(`Cannot create the lock file ${lock} (${(e as Error).message}): the project's folder must be writable.`,
      'PROJECT_LOCK', { file: lock });
  }
  if (linked !== 'no-links') return linked;
  let fd: number;
  try {
    fd = openSync(lock, 'wx', 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, JSON.stringify(owner));
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Takes the writer's lock of `project`, or throws PROJECT_LOCKED naming who holds it. Re-entrant within one process
 * (each acquire needs its release). Returns the release and, when a stale lock was taken over, a note saying so.
 */
export function acquireProjectLock(project: string): { release: () => void; note?: string } {
  const lock = lockPathFor(project);
  const mine = held.get(lock);
  if (mine) {
    mine.count++;
    return { release: () => releaseLock(lock) };
  }
  const owner: LockOwner = {
    pid: process.pid, command: command ?? guessCommand(), started: new Date().toISOString(), host: hostname(), token: randomBytes(8).toString('hex'),
  };
  let note: string | undefined;
  for (let attempt = 0; ; attempt++) {
    if (tryCreate(lock, owner)) break;
    const other = readOwner(lock);
    if (other === 'gone') continue;
    const stale = other === 'unreadable'
      ? !youngerThan(lock, 5000)
      : other.host === hostname() && !alive(other.pid);
    if (!stale || attempt >= 3) {
      const who = other === 'unreadable' ? 'another process (its lock file is being written)' : `${other.command} (pid ${other.pid}${other.host !== hostname() ? ` on ${other.host}` : ''}) since ${since(other.started)}`;
      throw new ProspectError(
        `${project} is open in ${who}: one program at a time may change a project. Wait for it to finish or close it there, ` +
          `then try again (${lock} is removed when it closes${other !== 'unreadable' && other.host !== hostname() ? `; if it no longer runs on ${other.host}, delete ${lock}` : ''}). Nothing was written.`,
        'PROJECT_LOCKED', { file: project, ...(other === 'unreadable' ? {} : { pid: other.pid, command: other.command, since: other.started }) },
      );
    }
    note = other === 'unreadable'
      ? `${project}: took over an unreadable lock file left by a process that is gone.`
      : `${project}: took over the lock of ${other.command} (pid ${other.pid}, since ${since(other.started)}), which is no longer running.`;
    try {
      unlinkSync(lock);
    } catch {
      // another process took it over first: the next try says who holds it now
    }
  }
  held.set(lock, { count: 1, token: owner.token });
  if (!exitHook) {
    exitHook = true;
    // A process that ends without closing its projects (an uncaught error) still leaves no lock behind.
    process.once('exit', () => { for (const l of [...held.keys()]) dropIfOurs(l); });
  }
  if (note) noteSink?.(note);
  return { release: () => releaseLock(lock), ...(note ? { note } : {}) };
}

function releaseLock(lock: string): void {
  const mine = held.get(lock);
  if (!mine) return;
  if (--mine.count > 0) return;
  dropIfOurs(lock);
}

function dropIfOurs(lock: string): void {
  const mine = held.get(lock);
  held.delete(lock);
  if (!mine || !existsSync(lock)) return;
  const o = readOwner(lock);
  if (typeof o === 'object' && o.token === mine.token) {
    try {
      unlinkSync(lock);
    } catch {
      // already gone
    }
  }
}
