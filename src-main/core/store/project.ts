import Database from 'better-sqlite3';
import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, copyFileSync, constants, existsSync, linkSync, openSync, renameSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ProspectError } from '../types';
import { registerGpkgFunctions } from './gpkg/functions';
import { acquireProjectLock } from './project-lock';
import { PROJECT_FORMAT, checkOpened, refuseReadOnlyFile, storedSchemaVersion } from './project-checks';
import { GPKG_APPLICATION_ID, GPKG_USER_VERSION, MIGRATIONS, SCHEMA_VERSION_KEY } from './schema';

export { PROJECT_FORMAT };

/** How a staged project's temporary file ends: `.NAME.PID-RANDOM.new` beside its final name. */
export const STAGED_SUFFIX = '.new';

export interface OpenOptions {
  /** A viewer's open: no lock, nothing written (an older file is brought up to date first when it can be). */
  readonly?: boolean;
  /** Run SQLite's quick_check before anything is read (always done for a writer). */
  check?: boolean;
}

/**
 * An open project file. Steps change it only inside `transaction`, so a step that throws leaves the file exactly as
 * it was: that is what makes every step safe to retry and a killed process harmless.
 *
 * A writer holds the project's lock file (store/project-lock.ts) until it closes. A new project is made under a
 * temporary name beside its final one (`Project.stage`) and moved into place by `commit` once its first step
 * succeeded: a failed first import removes only its own temporary file, never a project another process made.
 */
export class Project {
  private unlock: (() => void) | undefined;
  /** Where the file is now: the final path, or the temporary one of a staged project not committed yet. */
  private file: string;
  private staged: boolean;
  /** A staged project that replaces the file at its path on commit (the demo starting over). */
  private replace = false;
  /** Opened for viewing: no lock held, nothing can be written through it. */
  readonly isReadOnly: boolean;
  /** Notes for the user about opening it (e.g. a stale lock taken over). */
  readonly notes: string[] = [];

  private constructor(readonly path: string, readonly db: Database.Database, o: { file?: string; unlock?: () => void } = {}) {
    this.isReadOnly = db.readonly;
    this.file = o.file ?? path;
    this.staged = o.file !== undefined && o.file !== path;
    this.unlock = o.unlock;
  }

  /** Creates the file at `path` now (the app's "new project"): refused when it exists. */
  static create(path: string, info: { name: string; crs?: string }): Project {
    if (existsSync(path)) throw exists(path);
    const lock = acquireProjectLock(path);
    try {
      // 'wx' claims the name: of two creators, one gets it and the other is told it exists.
      closeSync(openSync(path, 'wx'));
    } catch (e) {
      lock.release();
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw exists(path);
      throw e;
    }
    return Project.initialise(path, path, info, lock);
  }

  /**
   * A new project at a temporary name beside `path`: `commit()` moves it into place, `close()` without a commit
   * removes it. The first step of a new project runs on it, so a failure leaves no file behind and touches no other.
   */
  static stage(path: string, info: { name: string; crs?: string }, { replace = false }: { replace?: boolean } = {}): Project {
    if (!replace && existsSync(path)) throw exists(path);
    const temp = join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}${STAGED_SUFFIX}`);
    closeSync(openSync(temp, 'wx'));
    const p = Project.initialise(path, temp, info);
    p.replace = replace;
    return p;
  }

  private static initialise(path: string, file: string, info: { name: string; crs?: string }, lock?: { release: () => void; note?: string }): Project {
    let p: Project | undefined;
    try {
      p = new Project(path, new Database(file), { file, unlock: lock?.release });
      if (lock?.note) p.notes.push(lock.note);
      p.migrate();
      p.transaction(() => {
        p!.setMeta('format', PROJECT_FORMAT);
        p!.setMeta('name', info.name);
        p!.setMeta('created_at', new Date().toISOString());
        p!.setMeta('project_id', randomUUID());
        if (info.crs) p!.setMeta('crs', info.crs);
      });
      return p;
    } catch (e) {
      if (p) p.close();
      else lock?.release();
      throw e;
    }
  }

  static open(path: string, { readonly = false, check = !readonly }: OpenOptions = {}): Project {
    if (!existsSync(path)) {
      throw new ProspectError(`${path} does not exist; create it with 'prospect import --project ${path} ...' or 'prospect demo'.`, 'PROJECT_MISSING', { file: path });
    }
    if (!readonly) refuseReadOnlyFile(path);
    const lock = readonly ? undefined : acquireProjectLock(path);
    let db: Database.Database;
    try {
      db = new Database(path, { readonly, fileMustExist: true });
      db.pragma('busy_timeout = 5000');
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (e) {
      lock?.release();
      throw new ProspectError(`${path} is not a project file (${(e as Error).message}).`, 'PROJECT_INVALID', { file: path });
    }
    const p = new Project(path, db, { unlock: lock?.release });
    if (lock?.note) p.notes.push(lock.note);
    try {
      checkOpened(db, path, check);
      if (!readonly) p.migrate();
    } catch (e) {
      p.close();
      throw e;
    }
    if (readonly && schemaVersion(p) < MIGRATIONS.length) return p.upgradedForReading();
    return p;
  }

  /**
   * A viewer opening a file an older version wrote: brought up to date by a short writer's open when nobody else
   * writes it and it is writable; read as it is otherwise.
   */
  private upgradedForReading(): Project {
    try {
      Project.open(this.path).close();
    } catch {
      return this;
    }
    this.close();
    return Project.open(this.path, { readonly: true });
  }

  /** Opens the file, or stages a new one when it does not exist yet (see `stage`: the caller commits it). */
  static openOrCreate(path: string, name: string): Project {
    return existsSync(path) ? Project.open(path) : Project.stage(path, { name });
  }

  /** True for a staged project that `commit` has not moved into place yet. */
  get isStaged(): boolean {
    return this.staged;
  }

  /**
   * Moves a staged project into place and closes it. Never over another file: when a project appeared at the path
   * meanwhile (another import into the same new project finished first), this one is removed and that one kept.
   * A project staged with `replace` (the demo starting over in its own folder) replaces what is there, under the
   * lock of that file.
   */
  commit(): void {
    if (!this.staged) return this.close();
    const replace = this.replace;
    const temp = this.file;
    this.db.close();
    this.staged = false;
    if (replace) {
      const lock = acquireProjectLock(this.path);
      try {
        renameSync(temp, this.path);
      } finally {
        lock.release();
      }
      return this.close();
    }
    try {
      moveNoReplace(temp, this.path);
    } catch (e) {
      removeFile(temp);
      this.close();
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new ProspectError(`${this.path} was created by another process while this one ran; that project was kept and this ` +
          `one was not (nothing of the other was changed). Run the command again to add to it.`, 'PROJECT_EXISTS', { file: this.path });
      }
      throw e;
    }
    this.close();
  }

  /**
   * Brings the file to the current schema. A GeoPackage's header is fixed by the standard (application_id 'GPKG',
   * user_version 10300), so the schema version lives in `meta`; files from before the GeoPackage kept it in
   * user_version, which is where a migration starts from for them.
   */
  private migrate(): void {
    if (!this.db.open) throw new ProspectError(`${this.path} is closed.`, 'PROJECT_CLOSED', { file: this.path });
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    registerGpkgFunctions(this.db);
    for (let v = schemaVersion(this); v < MIGRATIONS.length; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v]);
        this.db.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
          .run(SCHEMA_VERSION_KEY, String(v + 1));
        this.db.pragma(`application_id = ${GPKG_APPLICATION_ID}`);
        this.db.pragma(`user_version = ${GPKG_USER_VERSION}`);
      })();
    }
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  getMeta(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /**
   * A consistent copy of the file (SQLite's online backup) under another name: a `.gpkg` copy is what QGIS opens
   * rasters from, since it recognises GeoPackage rasters by that extension.
   */
  async copyTo(file: string): Promise<void> {
    if (existsSync(file)) {
      throw new ProspectError(`${file} already exists; choose another file name.`, 'FILE_EXISTS', { file });
    }
    await this.db.backup(file);
  }

  integrityCheck(): string {
    return (this.db.pragma('integrity_check', { simple: true }) as string) ?? 'unknown';
  }

  /** Closes the file and releases the writer's lock; a staged project never committed is removed. */
  close(): void {
    if (this.db.open) this.db.close();
    if (this.staged) {
      this.staged = false;
      removeFile(this.file);
      removeFile(`${this.file}-journal`);
    }
    const unlock = this.unlock;
    this.unlock = undefined;
    unlock?.();
  }
}

/** The number of schema migrations applied to the file (0 for an empty file). */
export function schemaVersion(p: Project): number {
  return storedSchemaVersion(p.db);
}

export function nowIso(): string {
  return new Date().toISOString();
}

function exists(path: string): ProspectError {
  return new ProspectError(`${path} already exists; open it, or choose another file name.`, 'PROJECT_EXISTS', { file: path });
}

function removeFile(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // not there
  }
}

/** `from` to `to`, failing with EEXIST when `to` exists (a hard link; a copy where the file system has none). */
function moveNoReplace(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw e;
    // FAT and exFAT (USB sticks) have no hard links: an exclusive copy never replaces a file either.
    copyFileSync(from, to, constants.COPYFILE_EXCL);
  }
  removeFile(from);
}
