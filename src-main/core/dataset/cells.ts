// Deposits placed on the grid, and the validity mask every sampler respects.
import { ProspectError, type Deposit, type GridSpec, type GridStack } from '../types';

/** A deposit located on a grid cell (row 0 = top/north). */
export interface DepositCell {
  row: number;
  col: number;
  /** Deposit id; windows slid around it carry it, and folds keep them together. */
  id?: string;
}

/** Maps deposits (world coordinates in the spec's CRS) to cells; deposits outside the grid are returned apart. */
export function depositCellsFromDeposits(
  spec: GridSpec,
  deposits: Deposit[],
): { cells: DepositCell[]; outside: Deposit[] } {
  const cells: DepositCell[] = [];
  const outside: Deposit[] = [];
  for (const d of deposits) {
    const col = Math.floor((d.x - spec.xmin) / spec.cellX);
    const row = Math.floor((spec.ymax - d.y) / spec.cellY);
    if (row < 0 || col < 0 || row >= spec.height || col >= spec.width) outside.push(d);
    else cells.push({ row, col, id: d.id });
  }
  return { cells, outside };
}

/** 1 where every listed band (default: all) is valid (non-NaN), 0 elsewhere. */
export function validMask(stack: GridStack, elements?: string[]): Uint8Array {
  const { width, height } = stack.spec;
  const n = width * height;
  const mask = new Uint8Array(n).fill(1);
  for (const b of bandsOf(stack, elements ?? stack.elements)) {
    for (let i = 0; i < n; i++) if (Number.isNaN(b[i])) mask[i] = 0;
  }
  return mask;
}

/** The bands of the named elements, in that order; throws a ProspectError naming a missing element. */
export function bandsOf(stack: GridStack, elements: string[]): Float32Array[] {
  return elements.map((e) => {
    const k = stack.elements.indexOf(e);
    if (k < 0) {
      throw new ProspectError(
        `Element '${e}' is not in the grid stack (it has ${stack.elements.join(', ')}). Grid that element first or drop it from the selection.`,
        'ELEMENT_MISSING',
        { column: e },
      );
    }
    const band = stack.bands[k];
    if (band.length !== stack.spec.width * stack.spec.height) {
      throw new ProspectError(
        `Band '${e}' has ${band.length} cells but the grid is ${stack.spec.width} x ${stack.spec.height}.`,
        'GRID_SHAPE',
        { column: e },
      );
    }
    return band;
  });
}
