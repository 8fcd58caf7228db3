// Read-only views of a project for the maps and tables of the UI; plain data, cheap to send.
import { depositCellsFromDeposits } from './dataset/cells';
import { splitByDeposits } from './selection/select';
import { lowerBound } from './evaluation/metrics';
import { loadGrid, loadGridSpec, applyTransform } from './store/grids-repo';
import type { Project } from './store/project';
import { latestRun } from './store/runs-repo';
import { loadDeposits, listImports } from './store/samples-repo';
import { ProspectError, type GridSpec } from './types';
import type { TileResult } from './steps/predict-step';

export function samplePreview(p: Project, offset: number, limit: number) {
  const total = (p.db.prepare('SELECT count(*) AS n FROM samples').get() as { n: number }).n;
  const elements = (p.db.prepare('SELECT DISTINCT element FROM sample_values ORDER BY element').all() as { element: string }[]).map((r) => r.element);
  const rows = p.db.prepare('SELECT id, row_no, sample_id, x, y, status FROM samples ORDER BY id LIMIT ? OFFSET ?').all(limit, offset) as
    { id: number; row_no: number; sample_id: string | null; x: number | null; y: number | null; status: string }[];
  const vals = p.db.prepare('SELECT element, raw, value FROM sample_values WHERE sample_id = ?');
  const out = rows.map((r) => {
    const m = new Map((vals.all(r.id) as { element: string; raw: string; value: number | null }[]).map((v) => [v.element, v.value ?? v.raw]));
    return [r.row_no, r.sample_id, r.x, r.y, r.status, ...elements.map((e) => m.get(e) ?? null)] as (string | number | null)[];
  });
  const imp = listImports(p).filter((i) => i.kind === 'samples').pop();
  return { columns: ['row', 'sample', 'x', 'y', 'status', ...elements], rows: out, total, report: (imp?.report as Record<string, unknown>) ?? null };
}

export function points(p: Project) {
  const s = p.db.prepare("SELECT x, y FROM samples WHERE status = 'kept' AND x IS NOT NULL").all() as { x: number; y: number }[];
  return { samples: { x: s.map((r) => r.x), y: s.map((r) => r.y) }, deposits: loadDeposits(p) };
}

/**
 * A grid downsampled by block means to at most maxSize cells a side: what a map needs, at a fraction of the bytes of
 * a 3072 x 3072 grid, so switching elements stays instant.
 */
export function gridLevel(p: Project, element: string, maxSize: number, as: 'raw' | 'z') {
  const g = loadGrid(p, element);
  if (!g) throw new ProspectError(`There is no grid of ${element} in this project.`, 'NO_GRID', { column: element });
  const band = as === 'raw' ? g.raw : applyTransform(g.raw, g.transform);
  const { width: W, height: H } = g.spec;
  const f = Math.max(1, Math.ceil(Math.max(W, H) / maxSize));
  const w = Math.ceil(W / f);
  const h = Math.ceil(H / f);
  const values = new Float32Array(w * h);
  let min = Infinity;
  let max = -Infinity;
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      let s = 0;
      let n = 0;
      for (let rr = r * f; rr < Math.min(H, (r + 1) * f); rr++) {
        for (let cc = c * f; cc < Math.min(W, (c + 1) * f); cc++) {
          const v = band[rr * W + cc];
          if (!Number.isNaN(v)) (s += v), n++;
        }
      }
      const v = n ? s / n : NaN;
      values[r * w + c] = v;
      if (n) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
  }
  const spec: GridSpec = { ...g.spec, cellX: g.spec.cellX * f, cellY: g.spec.cellY * f, width: w, height: h };
  return { element, spec, width: w, height: h, values, min: Number.isFinite(min) ? min : 0, max: Number.isFinite(max) ? max : 0 };
}

export function selectionRows(p: Project) {
  const run = latestRun(p, 'select');
  if (!run) return [];
  return (p.db.prepare('SELECT element, auc, se, zauc, p, ci_lo, ci_hi, selected, direction FROM selection WHERE run_id = ? ORDER BY zauc DESC').all(run.id) as
    { element: string; auc: number; se: number; zauc: number; p: number; ci_lo: number; ci_hi: number; selected: number; direction: 'enrichment' | 'depletion' }[])
    .map((r) => ({ element: r.element, auc: r.auc, se: r.se, zauc: r.zauc, p: r.p, ciLo: r.ci_lo, ciHi: r.ci_hi, selected: r.selected === 1, direction: r.direction }));
}

export function windowRows(p: Project) {
  const run = latestRun(p, 'dataset');
  if (!run) return [];
  return (p.db.prepare('SELECT row, col, size, label, kind, fold FROM windows WHERE run_id = ? ORDER BY idx').all(run.id) as
    { row: number; col: number; size: number; label: number; kind: string; fold: number | null }[]);
}

export function tileRows(p: Project) {
  const run = latestRun(p, 'predict');
  if (!run) return null;
  const r = p.db.prepare("SELECT spec, tiles FROM predictions WHERE run_id = ? AND kind = 'tiles'").get(run.id) as { spec: string; tiles: string } | undefined;
  if (!r) return null;
  const params = run.params as { tileRows: number; tileCols: number };
  const tiles = JSON.parse(r.tiles) as TileResult[];
  return {
    spec: JSON.parse(r.spec) as GridSpec, rows: params.tileRows, cols: params.tileCols,
    tiles: tiles.map((t) => ({ number: t.number, row: t.tileRow, col: t.tileCol, label: t.label, prob: t.prob, predicted: t.predicted, valid: t.prob !== null })),
  };
}

export function runRecord(p: Project, step: Parameters<typeof latestRun>[1]) {
  const r = latestRun(p, step);
  return r ? { runId: r.id, params: r.params, metrics: r.metrics, backend: r.backend } : null;
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
    const g = loadGrid(p, r.element)!;
    const { pos, neg } = splitByDeposits(applyTransform(g.raw, g.transform), spec.width, spec.height, cells);
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
