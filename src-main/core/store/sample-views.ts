// Read-only views of the imported samples for the app's tables and maps.
import type { SampleImportReport } from '../results';
import type { ImportReport } from '../samples/import-types';
import type { Project } from './project';
import { listImports, loadDeposits } from './samples-repo';

/** How a cell was read: a measurement, below detection, a "no value" code, or empty. */
export type PreviewFlag = 'ok' | 'censored' | 'sentinel' | 'missing';

// The report the core writes must stay assignable to the one the renderer reads: a drift fails to compile here.
const sameReport = (r: ImportReport): SampleImportReport => r;
void sameReport;

/**
 * A page of samples as rows of cells (row number, id, x, y, status, then each element's value or raw text), with the
 * flag of each element cell, so the table can show '<DL' and 'n/a' instead of substituted or sentinel numbers.
 */
export function samplePage(p: Project, offset: number, limit: number) {
  const total = (p.db.prepare('SELECT count(*) AS n FROM samples').get() as { n: number }).n;
  const elements = (p.db.prepare('SELECT DISTINCT element FROM sample_values ORDER BY element').all() as { element: string }[]).map((r) => r.element);
  const rows = p.db.prepare('SELECT id, row_no, sample_id, x, y, status FROM samples ORDER BY id LIMIT ? OFFSET ?').all(limit, offset) as
    { id: number; row_no: number; sample_id: string | null; x: number | null; y: number | null; status: string }[];
  const vals = p.db.prepare('SELECT element, raw, value, flag FROM sample_values WHERE sample_id = ?');
  const flags: (PreviewFlag | null)[][] = [];
  const raws: (string | null)[][] = [];
  const out = rows.map((r) => {
    const m = new Map((vals.all(r.id) as { element: string; raw: string | null; value: number | null; flag: PreviewFlag }[]).map((v) => [v.element, v]));
    flags.push(elements.map((e) => m.get(e)?.flag ?? null));
    raws.push(elements.map((e) => m.get(e)?.raw ?? null));
    return [r.row_no, r.sample_id, r.x, r.y, r.status, ...elements.map((e) => {
      const v = m.get(e);
      return v ? v.value ?? v.raw : null;
    })] as (string | number | null)[];
  });
  const imp = listImports(p).filter((i) => i.kind === 'samples').pop();
  const report = (imp?.report as SampleImportReport | undefined) ?? null;
  return {
    columns: ['row', 'sample', 'x', 'y', 'status', ...elements],
    rows: out,
    /** Per row, the flag of each element cell (same order as the element columns); null where the row has none. */
    flags,
    /** Per row, the file's own text of each element cell. */
    raws,
    total,
    report,
  };
}

/** Kept sample locations and the deposits, for the point maps. */
export function points(p: Project) {
  const s = p.db.prepare("SELECT x, y FROM samples WHERE status = 'kept' AND x IS NOT NULL").all() as { x: number; y: number }[];
  return { samples: { x: s.map((r) => r.x), y: s.map((r) => r.y) }, deposits: loadDeposits(p) };
}
