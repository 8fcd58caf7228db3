// The grid stack as stored: raw bands with the transform fitted to each (applied by the app tier, app/grid-stack.ts).
import type { StoredTransform } from '../grid/transform';
import type { GridSpec } from '../types';
import { blobFromTyped, float32FromBlob } from './binary';
import type { Project } from './project';

export interface StoredGrid {
  element: string;
  source: 'idw' | 'imported';
  spec: GridSpec;
  params: unknown;
  raw: Float32Array;
  transform: StoredTransform;
}

/** Replaces the whole grid stack in one transaction: stacks on two specs never mix. */
export function saveGrids(p: Project, grids: StoredGrid[], runId?: number): void {
  p.transaction(() => {
    p.db.prepare('DELETE FROM grids').run();
    const ins = p.db.prepare('INSERT INTO grids(element, source, spec, params, raw, transform, run_id) VALUES (?,?,?,?,?,?,?)');
    for (const g of grids) {
      ins.run(g.element, g.source, JSON.stringify(g.spec), JSON.stringify(g.params), blobFromTyped(g.raw), JSON.stringify(g.transform), runId ?? null);
    }
  });
}

export function listGridElements(p: Project): string[] {
  return (p.db.prepare('SELECT element FROM grids ORDER BY rowid').all() as { element: string }[]).map((r) => r.element);
}

export function loadGrid(p: Project, element: string): StoredGrid | undefined {
  const r = p.db.prepare('SELECT * FROM grids WHERE element = ?').get(element) as
    | { element: string; source: 'idw' | 'imported'; spec: string; params: string; raw: Buffer; transform: string }
    | undefined;
  if (!r) return undefined;
  return {
    element: r.element, source: r.source, spec: JSON.parse(r.spec), params: JSON.parse(r.params),
    raw: float32FromBlob(r.raw), transform: JSON.parse(r.transform),
  };
}

export function loadGridSpec(p: Project): GridSpec | undefined {
  const r = p.db.prepare('SELECT spec FROM grids LIMIT 1').get() as { spec: string } | undefined;
  return r ? JSON.parse(r.spec) : undefined;
}
