// The stored grids as the steps and views use them: raw values, or z-scores with each grid's stored transform applied.
import { applyStackTransforms, applyTransform } from '../grid/transform';
import { listGridElements, loadGrid } from '../store/grids-repo';
import type { Project } from '../store/project';
import { ProspectError, type GridSpec, type GridStack } from '../types';

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
