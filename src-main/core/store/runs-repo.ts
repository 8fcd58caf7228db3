import { nowIso, type Project } from './project';

import type { StepName } from '../results';

export type { StepName };

export interface RunRecord {
  id: number;
  step: StepName;
  params: unknown;
  seed: number | null;
  status: 'running' | 'done' | 'failed' | 'cancelled';
  metrics: unknown;
  backend: string | null;
  started_at: string;
  finished_at: string | null;
  parent_id: number | null;
  config_key: string | null;
}

type RunRow = Omit<RunRecord, 'params' | 'metrics'> & { params: string; metrics: string | null };
const parse = (r: RunRow): RunRecord => ({ ...r, params: JSON.parse(r.params), metrics: r.metrics ? JSON.parse(r.metrics) : null });

/** Inserts a finished run inside the caller's transaction (steps write their outputs and their run row together). */
export function insertRun(p: Project, r: { step: StepName; params: unknown; seed?: number; metrics?: unknown; backend?: string; parentId?: number; status?: RunRecord['status']; startedAt?: string }): number {
  const info = p.db.prepare('INSERT INTO runs(step, params, seed, status, metrics, backend, started_at, finished_at, parent_id) VALUES (?,?,?,?,?,?,?,?,?)')
    .run(r.step, JSON.stringify(r.params), r.seed ?? null, r.status ?? 'done', r.metrics === undefined ? null : JSON.stringify(r.metrics),
      r.backend ?? null, r.startedAt ?? nowIso(), r.status === 'running' ? null : nowIso(), r.parentId ?? null);
  return Number(info.lastInsertRowid);
}

export function finishRun(p: Project, id: number, status: RunRecord['status'], metrics?: unknown, backend?: string): void {
  p.db.prepare('UPDATE runs SET status = ?, metrics = coalesce(?, metrics), backend = coalesce(?, backend), finished_at = ? WHERE id = ?')
    .run(status, metrics === undefined ? null : JSON.stringify(metrics), backend ?? null, nowIso(), id);
}

/** The newest finished run of a step, which the later steps build on. */
export function latestRun(p: Project, step: StepName): RunRecord | undefined {
  const r = p.db.prepare("SELECT * FROM runs WHERE step = ? AND status = 'done' ORDER BY id DESC LIMIT 1").get(step) as RunRow | undefined;
  return r ? parse(r) : undefined;
}

export function getRun(p: Project, id: number): RunRecord | undefined {
  const r = p.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
  return r ? parse(r) : undefined;
}

/** An unfinished training run (the process was killed): `train --resume` continues it from its checkpoint. */
export function unfinishedRun(p: Project, step: StepName): RunRecord | undefined {
  const r = p.db.prepare("SELECT * FROM runs WHERE step = ? AND status = 'running' ORDER BY id DESC LIMIT 1").get(step) as RunRow | undefined;
  return r ? parse(r) : undefined;
}

export function listRuns(p: Project): RunRecord[] {
  return (p.db.prepare('SELECT * FROM runs ORDER BY id').all() as RunRow[]).map(parse);
}

export function setConfigKey(p: Project, ids: number[], key: string): void {
  const st = p.db.prepare('UPDATE runs SET config_key = ? WHERE id = ?');
  p.transaction(() => ids.forEach((id) => st.run(key, id)));
}
