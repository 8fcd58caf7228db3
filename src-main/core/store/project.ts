import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { ProspectError } from '../types';
import { MIGRATIONS } from './schema';

export const PROJECT_FORMAT = 'prospect-workstation-project';

/**
 * An open project file. Steps change it only inside `transaction`, so a step that throws leaves the file exactly as
 * it was: that is what makes every step safe to retry and a killed process harmless.
 */
export class Project {
  private constructor(readonly path: string, readonly db: Database.Database) {}

  static create(path: string, info: { name: string; crs?: string }): Project {
    if (existsSync(path)) {
      throw new ProspectError(`${path} already exists; open it, or choose another file name.`, 'PROJECT_EXISTS', { file: path });
    }
    const p = new Project(path, new Database(path));
    p.migrate();
    p.transaction(() => {
      p.setMeta('format', PROJECT_FORMAT);
      p.setMeta('name', info.name);
      p.setMeta('created_at', new Date().toISOString());
      if (info.crs) p.setMeta('crs', info.crs);
    });
    return p;
  }

  static open(path: string, { readonly = false } = {}): Project {
    if (!existsSync(path)) {
      throw new ProspectError(`${path} does not exist; create it with 'prospect import --project ${path} ...' or 'prospect demo'.`, 'PROJECT_MISSING', { file: path });
    }
    let db: Database.Database;
    try {
      db = new Database(path, { readonly, fileMustExist: true });
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (e) {
      throw new ProspectError(`${path} is not a project file (${(e as Error).message}).`, 'PROJECT_INVALID', { file: path });
    }
    const p = new Project(path, db);
    const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'").get();
    if (!hasMeta || p.getMeta('format') !== PROJECT_FORMAT) {
      db.close();
      throw new ProspectError(`${path} is an SQLite file but not a Prospect Workstation project.`, 'PROJECT_INVALID', { file: path });
    }
    if (!readonly) p.migrate();
    return p;
  }

  /** Opens the file, creating it when it does not exist yet. */
  static openOrCreate(path: string, name: string): Project {
    return existsSync(path) ? Project.open(path) : Project.create(path, { name });
  }

  private migrate(): void {
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    const version = this.db.pragma('user_version', { simple: true }) as number;
    for (let v = version; v < MIGRATIONS.length; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v]);
        this.db.pragma(`user_version = ${v + 1}`);
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

  integrityCheck(): string {
    return (this.db.pragma('integrity_check', { simple: true }) as string) ?? 'unknown';
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

export function nowIso(): string {
  return new Date().toISOString();
}
