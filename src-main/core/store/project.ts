import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { ProspectError } from '../types';
import { registerGpkgFunctions } from './gpkg/functions';
import { GPKG_APPLICATION_ID, GPKG_USER_VERSION, MIGRATIONS, SCHEMA_VERSION_KEY } from './schema';

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

  /**
   * Brings the file to the current schema. A GeoPackage's header is fixed by the standard (application_id 'GPKG',
   * user_version 10300), so the schema version lives in `meta`; files from before the GeoPackage kept it in
   * user_version, which is where a migration starts from for them.
   */
  private migrate(): void {
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

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** The number of schema migrations applied to the file (0 for an empty file). */
export function schemaVersion(p: Project): number {
  const app = p.db.pragma('application_id', { simple: true }) as number;
  if (app !== GPKG_APPLICATION_ID) return p.db.pragma('user_version', { simple: true }) as number;
  const row = p.db.prepare('SELECT value FROM meta WHERE key = ?').get(SCHEMA_VERSION_KEY) as { value: string } | undefined;
  return row ? Number(row.value) : 0;
}

export function nowIso(): string {
  return new Date().toISOString();
}
