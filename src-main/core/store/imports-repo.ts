import { nowIso, type Project } from './project';

/** One row per imported file: what was read, with which options, and what the import found. */
export function insertImport(p: Project, kind: 'samples' | 'deposits' | 'grids', file: string, options: unknown, report: unknown): number {
  return Number(p.db.prepare('INSERT INTO imports(kind, file, options, report, created_at) VALUES (?,?,?,?,?)')
    .run(kind, file, JSON.stringify(options), JSON.stringify(report), nowIso()).lastInsertRowid);
}
