// What is checked when a project file is opened, before anything in it is read for use or written: that it is one of
// ours, not from a newer version, not damaged, and (for a writer) writable. Each refusal says what to do and that
// nothing was written.
import type Database from 'better-sqlite3';
import { accessSync, constants, statSync } from 'node:fs';
import { ProspectError } from '../types';
import { GPKG_APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION_KEY } from './schema';

export const PROJECT_FORMAT = 'prospect-workstation-project';

/**
 * Refuses a file that cannot be written, by its mode bits as well as by access(): running as root (or as an
 * administrator) writes through a read-only mode, which would change a file its owner marked not to be changed.
 */
export function refuseReadOnlyFile(path: string): void {
  const mode = statSync(path).mode & 0o7777;
  let writable = (mode & 0o222) !== 0;
  if (writable) {
    try {
      accessSync(path, constants.W_OK);
    } catch {
      writable = false;
    }
  }
  if (!writable) {
    throw new ProspectError(
      `${path} is read-only (mode ${mode.toString(8).padStart(4, '0')}): nothing can be saved into it, and nothing was written. ` +
        `Make it writable (chmod u+w ${path}; on Windows clear 'Read-only' in its Properties) or work on a copy.`,
      'PROJECT_READONLY', { file: path, mode: mode.toString(8) },
    );
  }
}

/** The number of schema migrations applied to the file (0 for an empty file). */
export function storedSchemaVersion(db: Database.Database): number {
  const app = db.pragma('application_id', { simple: true }) as number;
  if (app !== GPKG_APPLICATION_ID) return db.pragma('user_version', { simple: true }) as number;
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(SCHEMA_VERSION_KEY) as { value: string } | undefined;
  return row ? Number(row.value) : 0;
}

/** SQLite's quick_check (structure of every page, without the index cross-checks of integrity_check). */
function quickCheck(db: Database.Database): string[] {
  return (db.pragma('quick_check(20)') as { quick_check: string }[]).map((r) => r.quick_check);
}

function damaged(path: string, what: string): ProspectError {
  return new ProspectError(
    `${path} is damaged (SQLite's check found: ${what}). Nothing was written to it. Restore it from a copy or a backup; ` +
      `what can still be read is recovered with 'sqlite3 ${path} .recover | sqlite3 recovered.prospect'.`,
    'PROJECT_DAMAGED', { file: path },
  );
}

/** The checks on a just opened file, in the order that keeps the messages true; throws the first that fails. */
export function checkOpened(db: Database.Database, path: string, check: boolean): void {
  if (check) {
    let problems: string[];
    try {
      problems = quickCheck(db);
    } catch (e) {
      throw damaged(path, (e as Error).message);
    }
    if (problems.length !== 1 || problems[0] !== 'ok') {
      const lines = problems.join('\n').split(/\s*\n\s*/).filter((l) => l && !l.startsWith('***'));
      throw damaged(path, `${lines.slice(0, 3).join('; ')}${lines.length > 3 ? `; and ${lines.length - 3} more` : ''}`);
    }
  }
  let format: string | undefined;
  try {
    const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'").get();
    format = hasMeta ? (db.prepare("SELECT value FROM meta WHERE key = 'format'").get() as { value: string } | undefined)?.value : undefined;
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_CORRUPT') throw damaged(path, (e as Error).message);
    throw e;
  }
  if (format !== PROJECT_FORMAT) {
    throw new ProspectError(`${path} is an SQLite file but not a Prospect Workstation project.`, 'PROJECT_INVALID', { file: path });
  }
  const version = storedSchemaVersion(db);
  if (version > MIGRATIONS.length) {
    throw new ProspectError(
      `${path} was written by a newer version of Prospect Workstation (project schema ${version}; this version reads up to ` +
        `schema ${MIGRATIONS.length}). Open it with that newer version; nothing was written.`,
      'PROJECT_TOO_NEW', { file: path, version, supported: MIGRATIONS.length },
    );
  }
}
