// Known deposits as the store keeps them, with where each came from (the app places them on a grid).
import type { Project } from './project';

/** One stored deposit with the file and attributes (row, x column) of its import. */
export interface DepositRow { id: string; name: string | null; x: number; y: number; attrs: string | null; file: string | null }

export function loadDepositRows(p: Project): DepositRow[] {
  return p.db.prepare(
    'SELECT d.ext_id AS id, d.name AS name, d.x AS x, d.y AS y, d.attrs AS attrs, i.file AS file FROM deposits d LEFT JOIN imports i ON i.id = d.import_id ORDER BY d.id',
  ).all() as DepositRow[];
}

export function countDeposits(p: Project): number {
  return (p.db.prepare('SELECT count(*) AS n FROM deposits').get() as { n: number }).n;
}
