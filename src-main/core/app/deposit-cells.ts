// Known deposits placed on a grid: the store's deposit rows, located in the grid's cells.
import { depositCellsFromDeposits, type DepositCell } from '../dataset/cells';
import { countDeposits, loadDepositRows } from '../store/deposits-repo';
import type { Project } from '../store/project';
import { ProspectError, type GridSpec } from '../types';

/**
 * The project's deposits on the grid. A deposit off the grid is an input error, reported with the file and row it
 * came from, since silently dropping it would change every statistic downstream.
 */
export function projectDepositCells(p: Project, spec: GridSpec): DepositCell[] {
  const rows = loadDepositRows(p);
  if (rows.length === 0) {
    throw new ProspectError(`${p.path} has no known deposits; import them with 'prospect import --project ${p.path} --deposits FILE'.`, 'NO_DEPOSITS');
  }
  const { cells, outside } = depositCellsFromDeposits(spec, rows.map((r) => ({ id: r.id, x: r.x, y: r.y })));
  if (outside.length > 0) {
    const d = rows.find((r) => r.id === outside[0].id)!;
    const attrs = d.attrs ? (JSON.parse(d.attrs) as { row?: number; xColumn?: string }) : {};
    throw new ProspectError(
      `${d.file ?? 'deposits'}: row ${attrs.row ?? '?'}, column ${attrs.xColumn ?? 'X'}: deposit ${d.id} at (${d.x.toFixed(1)}, ${d.y.toFixed(1)}) lies outside the grid` +
        ` [${spec.xmin.toFixed(0)}, ${(spec.ymax - spec.height * spec.cellY).toFixed(0)}, ${(spec.xmin + spec.width * spec.cellX).toFixed(0)}, ${spec.ymax.toFixed(0)}]` +
        `${outside.length > 1 ? ` (and ${outside.length - 1} more)` : ''}. Widen the grid extent (--extent or --margin) or correct the deposit coordinates and CRS.`,
      'DEPOSIT_OUTSIDE_GRID',
      { file: d.file ?? undefined, row: attrs.row, column: attrs.xColumn ?? 'X', deposit: d.id },
    );
  }
  return cells;
}

/** The deposits on the grid, or none when the project has no deposits (a second study area may have none). */
export function depositCellsIfAny(p: Project, spec: GridSpec): DepositCell[] {
  return countDeposits(p) > 0 ? projectDepositCells(p, spec) : [];
}
