import { nowIso, type Project } from './project';

/** Records the files an export run wrote, so the project knows what it handed out. */
export function saveExports(p: Project, runId: number, files: string[]): void {
  const ins = p.db.prepare('INSERT INTO exports(run_id, kind, path, created_at) VALUES (?,?,?,?)');
  for (const f of files) ins.run(runId, f.split('.').pop() ?? 'file', f, nowIso());
}
