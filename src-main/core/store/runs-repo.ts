import { nowIso, type Project } from './project';
import { upgradeRun } from './run-upgrade';

import type { StepName, StepParams, StepResults } from '../results';

export type { StepName };

/** One stored run of step S, its parameters and result typed by the step (older files upgraded by upgradeRun). */
export interface RunRecord<S extends StepName = StepName> {
  id: number;
  step: S;
  params: StepParams[S];
  seed: number | null;
  status: 'running' | 'done' | 'failed' | 'cancelled';
  metrics: StepResults[S] | null;
  backend: string | null;
  started_at: string;
  finished_at: string | null;
  parent_id: number | null;
  config_key: string | null;
}

/** A stored run of one of the steps S, discriminated by `step` (a union when S is). */
export type RunOf<S extends StepName> = { [K in S]: RunRecord<K> }[S];

/** A stored run of any step, discriminated by `step`. */
export type AnyRunRecord = RunOf<StepName>;

type RunRow = Omit<RunRecord, 'params' | 'metrics'> & { params: string; metrics: string | null };

function parse<S extends StepName>(r: RunRow & { step: S }): RunOf<S> {
  const { params, metrics } = upgradeRun(r.step, JSON.parse(r.params), r.metrics ? JSON.parse(r.metrics) : null, r.parent_id);
  return { ...r, params, metrics } as RunRecord<S> as RunOf<S>;
}

/** Inserts a finished run inside the caller's transaction (steps write their outputs and their run row together). */
export function insertRun<S extends StepName>(p: Project, r: { step: S; params: StepParams[S]; seed?: number; metrics?: StepResults[S]; backend?: string; parentId?: number; status?: RunRecord['status']; startedAt?: string }): number {
  const info = p.db.prepare('INSERT INTO runs(step, params, seed, status, metrics, backend, started_at, finished_at, parent_id) VALUES (?,?,?,?,?,?,?,?,?)')
    .run(r.step, JSON.stringify(r.params), r.seed ?? null, r.status ?? 'done', r.metrics === undefined ? null : JSON.stringify(r.metrics),
      r.backend ?? null, r.startedAt ?? nowIso(), r.status === 'running' ? null : nowIso(), r.parentId ?? null);
  return Number(info.lastInsertRowid);
}

export function finishRun<S extends StepName>(p: Project, id: number, status: RunRecord['status'], metrics?: StepResults[S], backend?: string): void {
  p.db.prepare('UPDATE runs SET status = ?, metrics = coalesce(?, metrics), backend = coalesce(?, backend), finished_at = ? WHERE id = ?')
    .run(status, metrics === undefined ? null : JSON.stringify(metrics), backend ?? null, nowIso(), id);
}

/** The newest finished run of a step, which the later steps build on. */
export function latestRun<S extends StepName>(p: Project, step: S): RunOf<S> | undefined {
  const r = p.db.prepare("SELECT * FROM runs WHERE step = ? AND status = 'done' ORDER BY id DESC LIMIT 1").get(step) as (RunRow & { step: S }) | undefined;
  return r ? parse(r) : undefined;
}

export function getRun(p: Project, id: number): AnyRunRecord | undefined {
  const r = p.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
  return r ? parse(r) : undefined;
}

/** An unfinished training run (the process was killed): `train --resume` continues it from its checkpoint. */
export function unfinishedRun<S extends StepName>(p: Project, step: S): RunOf<S> | undefined {
  const r = p.db.prepare("SELECT * FROM runs WHERE step = ? AND status = 'running' ORDER BY id DESC LIMIT 1").get(step) as (RunRow & { step: S }) | undefined;
  return r ? parse(r) : undefined;
}

export function listRuns(p: Project): AnyRunRecord[] {
  return (p.db.prepare('SELECT * FROM runs ORDER BY id').all() as RunRow[]).map((r) => parse(r));
}

export function setConfigKey(p: Project, ids: number[], key: string): void {
  const st = p.db.prepare('UPDATE runs SET config_key = ? WHERE id = ?');
  p.transaction(() => ids.forEach((id) => st.run(key, id)));
}
