import type { Checkpoint, CheckpointStore } from '../training/checkpoint';
import { pack, unpack } from './binary';
import { nowIso, type Project } from './project';
import type { StoredTransform } from '../grid/transform';

/**
 * Checkpoints live in the project file, one row per training run, replaced by a single statement each epoch: SQLite
 * makes that atomic, so a process killed mid-save leaves the previous epoch's checkpoint intact.
 */
export class SqliteCheckpointStore implements CheckpointStore {
  constructor(private readonly p: Project, private readonly runId: number) {}

  async load(): Promise<Checkpoint | null> {
    const r = this.p.db.prepare('SELECT data FROM checkpoints WHERE run_id = ?').get(this.runId) as { data: Buffer } | undefined;
    return r ? unpack<Checkpoint>(r.data) : null;
  }

  async save(c: Checkpoint): Promise<void> {
    this.p.db.prepare('INSERT INTO checkpoints(run_id, epoch, data, updated_at) VALUES (?,?,?,?) ON CONFLICT(run_id) DO UPDATE SET epoch = excluded.epoch, data = excluded.data, updated_at = excluded.updated_at')
      .run(this.runId, c.epoch, pack(c), nowIso());
  }
}

export interface StoredModel {
  id: number;
  runId: number;
  arch: string;
  elements: string[];
  windowSize: number;
  inputSize: number;
  modelJson: string;
  weights: Uint8Array;
  zparams: Record<string, StoredTransform>;
  history: unknown;
  backend: string | null;
  createdAt: string;
  /** The grid the model was trained on (cell size and CRS): a window means this many metres. */
  grid?: { cellX: number; cellY: number; crs: string };
}

export function insertModel(p: Project, m: Omit<StoredModel, 'id' | 'createdAt'>): number {
  return Number(p.db.prepare('INSERT INTO models(run_id, arch, elements, window_size, input_size, model_json, weights, zparams, history, backend, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)')
    .run(m.runId, m.arch, JSON.stringify(m.elements), m.windowSize, m.inputSize, m.modelJson, Buffer.from(m.weights.buffer, m.weights.byteOffset, m.weights.byteLength),
      JSON.stringify(m.zparams), JSON.stringify(m.history), m.backend, nowIso()).lastInsertRowid);
}

export function latestModel(p: Project): StoredModel | undefined {
  const r = p.db.prepare('SELECT * FROM models ORDER BY id DESC LIMIT 1').get() as
    | { id: number; run_id: number; arch: string; elements: string; window_size: number; input_size: number; model_json: string; weights: Buffer; zparams: string; history: string; backend: string | null; created_at: string }
    | undefined;
  if (!r) return undefined;
  return {
    id: r.id, runId: r.run_id, arch: r.arch, elements: JSON.parse(r.elements), windowSize: r.window_size, inputSize: r.input_size,
    modelJson: r.model_json, weights: new Uint8Array(r.weights), zparams: JSON.parse(r.zparams), history: JSON.parse(r.history),
    backend: r.backend, createdAt: r.created_at,
  };
}

/** The model now holds what the checkpoint held: drop it to keep the file small. */
export function deleteCheckpoints(p: Project, runId: number): void {
  p.db.prepare('DELETE FROM checkpoints WHERE run_id = ?').run(runId);
}
