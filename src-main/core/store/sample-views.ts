// Read-only views of the imported samples for the app's tables and maps.
import type { Project } from './project';
import { listImports, loadDeposits } from './samples-repo';

/** A page of samples as rows of cells (row number, id, x, y, status, then each element's value or raw text). */
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

/** Kept sample locations and the deposits, for the point maps. */
export function points(p: Project) {
  const s = p.db.prepare("SELECT x, y FROM samples WHERE status = 'kept' AND x IS NOT NULL").all() as { x: number; y: number }[];
  return { samples: { x: s.map((r) => r.x), y: s.map((r) => r.y) }, deposits: loadDeposits(p) };
}
