// Training windows of a dataset run, with their folds.
import type { DatasetParams, StoredWindow } from '../results';
import { ProspectError } from '../types';
import type { Project } from './project';
import { latestRun } from './runs-repo';

export function saveWindows(p: Project, runId: number, windows: StoredWindow[]): void {
  const ins = p.db.prepare('INSERT INTO windows(run_id, idx, row, col, size, label, kind, deposit_id, fold) VALUES (?,?,?,?,?,?,?,?,?)');
  windows.forEach((w, i) => ins.run(runId, i, w.row, w.col, w.size, w.label, w.kind, w.depositId ?? null, w.fold));
}

export interface StoredDataset {
  runId: number;
  elements: string[];
  windows: StoredWindow[];
  /** The settings the dataset was built with; denseStrideFraction is absent in files from before it was stored. */
  params: DatasetParams;
}

function windowsOf(p: Project, runId: number): StoredWindow[] {
  const rows = p.db.prepare('SELECT row, col, size, label, kind, deposit_id, fold FROM windows WHERE run_id = ? ORDER BY idx').all(runId) as
    { row: number; col: number; size: number; label: 0 | 1; kind: StoredWindow['kind']; deposit_id: string | null; fold: number | null }[];
  return rows.map((r) => ({ row: r.row, col: r.col, size: r.size, label: r.label, kind: r.kind, depositId: r.deposit_id ?? undefined, fold: r.fold ?? -1 }));
}

/** The latest dataset; a step that needs it says what to run when there is none. */
export function loadDataset(p: Project): StoredDataset {
  const run = latestRun(p, 'dataset');
  if (!run) throw new ProspectError(`${p.path} has no training windows yet; run the dataset step first.`, 'NO_DATASET');
  return { runId: run.id, elements: run.metrics?.elements ?? [], params: run.params, windows: windowsOf(p, run.id) };
}

/** The latest dataset's windows, or none. */
export function latestWindows(p: Project): StoredWindow[] {
  const run = latestRun(p, 'dataset');
  return run ? windowsOf(p, run.id) : [];
}

/** The latest dataset's settings, or none. */
export function latestDatasetParams(p: Project): StoredDataset['params'] | undefined {
  return latestRun(p, 'dataset')?.params;
}
