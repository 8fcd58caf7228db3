import type { GridSpec, GridStack } from '../types';
import { blobFromTyped, float32FromBlob } from './binary';
import type { Project } from './project';

/** How a raw grid turns into the z-scores the later steps use; fitted once and stored beside the grid. */
export interface BandTransform {
  kind: 'none' | 'log10' | 'clr';
  /** Added before the log so that zero or negative cells stay finite. */
  offset?: number;
  mean: number;
  sd: number;
}

export interface StoredGrid {
  element: string;
  source: 'idw' | 'imported';
  spec: GridSpec;
  params: unknown;
  raw: Float32Array;
  transform: BandTransform;
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
    if (!g) throw new Error(`no grid for ${e} in ${p.path}`);
    return g;
  });
  if (grids.length === 0) throw new Error(`${p.path} has no grids yet; run the grid step first.`);
  if (as === 'z' && grids.some((g) => g.transform.kind === 'clr')) return loadClrStack(p, names);
  return {
    spec: grids[0].spec,
    elements: names,
    bands: grids.map((g) => (as === 'raw' ? g.raw : applyTransform(g.raw, g.transform))),
  };
}

/** Centred log-ratios need every band of the stack at each cell, so the whole stack is read, then subset. */
function loadClrStack(p: Project, names: string[]): GridStack {
  const all = listGridElements(p).map((e) => loadGrid(p, e)!);
  const clr = clrBands(all.map((g) => g.raw), all.map((g) => g.transform.offset ?? 0));
  const bands = names.map((e) => {
    const i = all.findIndex((g) => g.element === e);
    const { mean, sd } = all[i].transform;
    return applyTransform(clr[i], { kind: 'none', mean, sd });
  });
  return { spec: all[0].spec, elements: names, bands };
}

/** clr_i = ln(x_i) - mean_j ln(x_j) at each cell; a cell with any band missing is missing in all. */
export function clrBands(raw: Float32Array[], offsets: number[]): Float32Array[] {
  const n = raw[0]?.length ?? 0;
  const out = raw.map(() => new Float32Array(n));
  for (let i = 0; i < n; i++) {
    let s = 0;
    let bad = false;
    for (let k = 0; k < raw.length; k++) {
      const v = raw[k][i] + offsets[k];
      if (!(v > 0)) { bad = true; break; }
      s += Math.log(v);
    }
    const g = s / raw.length;
    for (let k = 0; k < raw.length; k++) out[k][i] = bad ? NaN : Math.log(raw[k][i] + offsets[k]) - g;
  }
  return out;
}

export function applyTransform(raw: Float32Array, t: BandTransform): Float32Array {
  const out = new Float32Array(raw.length);
  const off = t.offset ?? 0;
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i];
    if (Number.isNaN(v)) { out[i] = NaN; continue; }
    const u = t.kind === 'log10' ? Math.log10(v + off) : v;
    out[i] = t.sd > 0 ? (u - t.mean) / t.sd : 0;
  }
  return out;
}
