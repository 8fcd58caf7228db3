// Read-only views of a project for the maps and tables of the UI; plain data, cheap to send.
// Every SQL statement lives in store/; this module shapes what it returns for the app.
import { depositCellsFromDeposits } from '../dataset/cells';
import { splitByDeposits } from '../selection/select';
import { lowerBound } from '../evaluation/metrics';
import type { AnyRunView, SelectionRow, StepName } from '../results';
import { latestWindows } from '../store/datasets-repo';
import { loadGrid, loadGridSpec } from '../store/grids-repo';
import { loadZBand } from './grid-stack';
import { findPrediction } from '../store/predictions-repo';
import type { Project } from '../store/project';
import { latestRun } from '../store/runs-repo';
import { loadDeposits } from '../store/samples-repo';
import { loadSelection } from '../store/selection-repo';
import { ProspectError } from '../types';
import { elementsFitToGrid, MIN_COVERAGE } from '../quality/gate';
import { samplePage } from '../store/sample-views';
import { downsample } from './views/downsample';
import { targetsView } from './views/targets-view';

export { mapLevel, type MapKind, type MapLevel } from './views/map-level';
export { geoLattice, type GeoLattice } from './views/geo-lattice';
export { sampleClasses, type SampleClasses } from './views/sample-classes';
export { elementDistribution, type ElementDistribution } from './views/element-distribution';
export type { TargetsView } from './views/targets-view';

export { points } from '../store/sample-views';

/** A page of samples (store/sample-views.ts samplePage) with the coverage gate the grid step applies at its default. */
export function samplePreview(p: Project, offset: number, limit: number) {
  const page = samplePage(p, offset, limit);
  const { report } = page;
  return {
    ...page,
    /** The coverage gate at its default: which elements the grid step keeps, and why the others are left out. */
    gate: report ? { minCoverage: MIN_COVERAGE, ...elementsFitToGrid(report.quality) } : null,
  };
}

/**
 * A grid downsampled by block means to at most maxSize cells a side: what a map needs, at a fraction of the bytes of
 * a 3072 x 3072 grid, so switching elements stays instant.
 */
export function gridLevel(p: Project, element: string, maxSize: number, as: 'raw' | 'z') {
  const g = as === 'raw' ? loadGrid(p, element) : undefined;
  const z = as === 'z' ? loadZBand(p, element) : undefined;
  const src = g ? { spec: g.spec, band: g.raw } : z;
  if (!src) throw new ProspectError(`There is no grid of ${element} in this project.`, 'NO_GRID', { column: element });
  return { element, ...downsample(src.band, src.spec, maxSize, 'mean') };
}

/** The latest selection's rows, as stored (highest ZAUC first). */
export function selectionRows(p: Project): SelectionRow[] {
  return loadSelection(p);
}

export function windowRows(p: Project) {
  return latestWindows(p).map((w) => ({ row: w.row, col: w.col, size: w.size, label: w.label as number, kind: w.kind as string, fold: w.fold }));
}

export function tileRows(p: Project) {
  const run = latestRun(p, 'predict');
  const pred = run && findPrediction(p, run.id);
  if (!run || !pred) return null;
  return {
    spec: pred.spec, rows: run.params.tileRows, cols: run.params.tileCols,
    tiles: pred.tiles.map((t) => ({ number: t.number, row: t.tileRow, col: t.tileCol, label: t.label, prob: t.prob, predicted: t.predicted, valid: t.prob !== null })),
  };
}

export function runRecord(p: Project, step: StepName): AnyRunView | null {
  const r = latestRun(p, step);
  return r ? ({ step: r.step, runId: r.id, params: r.params, metrics: r.metrics, backend: r.backend } as AnyRunView) : null;
}

/**
 * Empirical ROC curves of the selection: deposit cells against every other valid cell of each z-scored grid. The
 * curve only turns at deposit cells, so it is returned as that staircase (a few points per deposit), exact, instead of
 * one point per cell.
 */
export function selectionRoc(p: Project): { element: string; auc: number; points: [number, number][] }[] {
  const rows = selectionRows(p);
  const spec = loadGridSpec(p);
  if (!spec || rows.length === 0) return [];
  const cells = depositCellsFromDeposits(spec, loadDeposits(p)).cells;
  return rows.map((r) => {
    const { pos, neg } = splitByDeposits(loadZBand(p, r.element)!.band, spec.width, spec.height, cells);
    const sortedNeg = Float64Array.from(neg).sort();
    // Negatives scoring >= s (ties count as ranked above, so the staircase meets the Mann-Whitney area at ties).
    const above = (s: number) => sortedNeg.length - lowerBound(sortedNeg, s);
    const ps = Array.from(pos).sort((a, b) => b - a);
    const points: [number, number][] = [[0, 0]];
    ps.forEach((s, i) => {
      const fpr = sortedNeg.length ? above(s) / sortedNeg.length : 0;
      points.push([fpr, i / ps.length], [fpr, (i + 1) / ps.length]);
    });
    points.push([1, 1]);
    return { element: r.element, auc: r.auc, points };
  });
}

/**
 * The target areas of the latest evaluation in field order, with the paper's tile targets of the latest prediction
 * at its threshold: the same lists the export writes, so the screen and the files never disagree.
 */
export const targetList = targetsView;
