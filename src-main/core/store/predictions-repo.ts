// Tile predictions and the dense probability map of a predict run.
import type { TileResult } from '../results';
import { ProspectError, type GridSpec } from '../types';
import { blobFromTyped, float32FromBlob } from './binary';
import { nowIso, type Project } from './project';
import { latestRun } from './runs-repo';
import type { MapKind } from '../vocabulary';

/** The maps an evaluation stores beside the prediction's dense map. */
export type StoredMapKind = Exclude<MapKind, 'dense'>;

export interface StoredPrediction {
  runId: number;
  modelId: number | null;
  spec: GridSpec;
  tiles: TileResult[];
  dense: Float32Array | null;
}

export function savePrediction(p: Project, runId: number, modelId: number, spec: GridSpec, tiles: TileResult[], dense: Float32Array | null): void {
  const ins = p.db.prepare('INSERT INTO predictions(run_id, model_id, kind, spec, tiles, prob, metrics, created_at) VALUES (?,?,?,?,?,?,?,?)');
  const now = nowIso();
  ins.run(runId, modelId, 'tiles', JSON.stringify(spec), JSON.stringify(tiles), null, null, now);
  if (dense) ins.run(runId, modelId, 'dense', JSON.stringify(spec), null, blobFromTyped(dense), null, now);
}

/** A predict run's tiles and dense map (the latest run by default); undefined when there is none. */
export function findPrediction(p: Project, runId?: number): StoredPrediction | undefined {
  const id = runId ?? latestRun(p, 'predict')?.id;
  if (id === undefined) return undefined;
  const rows = p.db.prepare('SELECT kind, model_id, spec, tiles, prob FROM predictions WHERE run_id = ?').all(id) as
    { kind: string; model_id: number | null; spec: string; tiles: string | null; prob: Buffer | null }[];
  const tiles = rows.find((r) => r.kind === 'tiles');
  if (!tiles) return undefined;
  const dense = rows.find((r) => r.kind === 'dense')?.prob;
  return { runId: id, modelId: tiles.model_id, spec: JSON.parse(tiles.spec) as GridSpec, tiles: JSON.parse(tiles.tiles!) as TileResult[], dense: dense ? float32FromBlob(dense) : null };
}

/** The latest prediction; a step that needs it says what to run when there is none. */
export function loadPrediction(p: Project): StoredPrediction {
  const pred = findPrediction(p);
  if (!pred) throw new ProspectError(`${p.path} has no prediction yet; run the predict step first.`, 'NO_PREDICTION');
  return pred;
}

/** A derived map of a run (calibrated probability, uncertainty, target classes), stored beside its predictions. */
export function saveMap(p: Project, runId: number, kind: StoredMapKind, spec: GridSpec, map: Float32Array): void {
  p.db.prepare('INSERT INTO predictions(run_id, model_id, kind, spec, tiles, prob, metrics, created_at) VALUES (?,?,?,?,?,?,?,?)')
    .run(runId, null, kind, JSON.stringify(spec), null, blobFromTyped(map), null, nowIso());
}

export function loadMap(p: Project, runId: number, kind: StoredMapKind): Float32Array | null {
  const r = p.db.prepare('SELECT prob FROM predictions WHERE run_id = ? AND kind = ?').get(runId, kind) as { prob: Buffer | null } | undefined;
  return r?.prob ? float32FromBlob(r.prob) : null;
}
