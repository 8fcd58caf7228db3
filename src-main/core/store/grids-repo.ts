import { applyStackTransforms, applyTransform, type StoredTransform } from '../grid/transform';
import { ProspectError, type GridSpec, type GridStack } from '../types';
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

/** Loads grids as raw values or as z-scores (transform applied with the stored parameters). */
export function loadGridStack(p: Project, elements: string[] | undefined, as: 'raw' | 'z'): GridStack {
  const names = elements ?? listGridElements(p);
  const grids = names.map((e) => {
    const g = loadGrid(p, e);
    if (!g) throw new ProspectError(`${p.path} has no grid of ${e}; run the grid step (or import grids) first.`, 'NO_GRID', { column: e });
    return g;
  });
  if (grids.length === 0) throw new ProspectError(`${p.path} has no grids yet; run the grid step first.`, 'NO_GRIDS');
  if (as === 'z' && grids.some((g) => g.transform.kind === 'clr')) return loadClrStack(p, names);
  return {
    spec: grids[0].spec,
    elements: names,
    bands: grids.map((g) => (as === 'raw' ? g.raw : applyTransform(g.raw, g.transform))),
  };
}

/** One grid's z-scores (clr reads the whole stack, since each band depends on all of them). */
export function loadZBand(p: Project, element: string): { spec: GridSpec; band: Float32Array } | undefined {
  const g = loadGrid(p, element);
  if (!g) return undefined;
  if (g.transform.kind === 'clr') return { spec: g.spec, band: loadClrStack(p, [element]).bands[0] };
  return { spec: g.spec, band: applyTransform(g.raw, g.transform) };
}

/** Centred log-ratios need every band of the stack at each cell, so the whole stack is read, then subset. */
function loadClrStack(p: Project, names: string[]): GridStack {
  const all = listGridElements(p).map((e) => loadGrid(p, e)!);
  const z = applyStackTransforms(all.map((g) => g.raw), all.map((g) => g.transform));
  return { spec: all[0].spec, elements: names, bands: names.map((e) => z[all.findIndex((g) => g.element === e)]) };
}
