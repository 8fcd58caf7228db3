// Every deposit accounted for. A deposit is a label: when one does not count (two at one coordinate, several in one
// grid cell, one on a cell the survey never reached), the user must see which and why, or the AUCs and the verdict
// rest on fewer deposits than the file holds without a word (issue 24: Southern Cross's 14 sites became 11 cells;
// 14 of Katanning's 32 sat on cells with no value).
import type { CoincidentGroup, DepositAccount, LeftOutDeposit, LeftOutReason } from '../result-parts';

export type { CoincidentGroup, DepositAccount, LeftOutDeposit, LeftOutReason };

/** Deposits closer than this (map units, metres) are reported at import as one site: no grid will tell them apart. */
export const COINCIDENT_METRES = 10;

/** Groups of deposits within COINCIDENT_METRES of the group's first deposit (file order); singletons left out. */
export function coincidentDeposits(deposits: readonly { id: string; x: number; y: number }[], within = COINCIDENT_METRES): CoincidentGroup[] {
  const taken = new Uint8Array(deposits.length);
  const groups: CoincidentGroup[] = [];
  for (let i = 0; i < deposits.length; i++) {
    if (taken[i]) continue;
    const members = [i];
    let metres = 0;
    for (let j = i + 1; j < deposits.length; j++) {
      if (taken[j]) continue;
      const d = Math.hypot(deposits[j].x - deposits[i].x, deposits[j].y - deposits[i].y);
      if (d > within) continue;
      taken[j] = 1;
      members.push(j);
      metres = Math.max(metres, d);
    }
    if (members.length < 2) continue;
    const same = members.filter((j) => deposits[j].x === deposits[i].x && deposits[j].y === deposits[i].y).map((j) => deposits[j].id);
    groups.push({ ids: members.map((j) => deposits[j].id), metres, ...(metres > 0 && same.length > 1 ? { atOneCoordinate: same } : {}) });
  }
  return groups;
}

/** One sentence per group, for the import's notes. */
export function coincidentNotes(groups: readonly CoincidentGroup[]): string[] {
  return groups.map((g) => (g.metres === 0
    ? `deposits ${g.ids.join(', ')} share one coordinate: they count as one deposit on any grid`
    : `deposits ${g.ids.join(', ')} lie within ${+g.metres.toPrecision(2)} m of each other` +
      `${g.atOneCoordinate ? ` (${g.atOneCoordinate.join(' and ')} at one coordinate)` : ''}: they count as one deposit on any grid with cells larger than that`));
}



export interface AccountInput {
  width: number;
  height: number;
  /** The grid's bands (elements) with NaN where unsurveyed. */
  bands: readonly Float32Array[];
  elements: readonly string[];
}

/**
 * What becomes of each deposit cell on a grid: a deposit in a cell already holding an earlier one is counted with it;
 * a deposit whose cell has no value in any band lies outside the surveyed ground. Cells are [row, col] on the grid.
 */
export function accountDeposits(grid: AccountInput, deposits: readonly { id?: string; row: number; col: number }[]): DepositAccount {
  const first = new Map<number, string>();
  const leftOut: LeftOutDeposit[] = [];
  let onSurvey = 0;
  const id = (d: { id?: string }, k: number) => d.id ?? `#${k + 1}`;
  deposits.forEach((d, k) => {
    const i = d.row * grid.width + d.col;
    const surveyed = grid.bands.some((b) => !Number.isNaN(b[i]));
    if (!surveyed) {
      leftOut.push({ id: id(d, k), reason: 'unsurveyed', why: `its cell (row ${d.row + 1}, column ${d.col + 1}) has no value in any of ` +
        `${grid.elements.join(', ')}: no sample within the IDW search radius` });
      return;
    }
    onSurvey++;
    const earlier = first.get(i);
    if (earlier !== undefined) {
      leftOut.push({ id: id(d, k), reason: 'same-cell', with: earlier, why: `in the same cell as ${earlier} (row ${d.row + 1}, column ${d.col + 1}): counted once with it` });
    } else {
      first.set(i, id(d, k));
    }
  });
  const off = leftOut.filter((l) => l.reason === 'unsurveyed').length;
  const merged = leftOut.length - off;
  const summary = `${first.size} deposit cells from ${deposits.length} deposits` +
    (off ? `; ${off} on cells the survey did not reach (${leftOut.filter((l) => l.reason === 'unsurveyed').map((l) => l.id).join(', ')})` : '') +
    (merged ? `; ${merged} counted with another deposit in the same cell (${leftOut.filter((l) => l.reason === 'same-cell').map((l) => `${l.id} with ${l.with}`).join(', ')})` : '');
  return { total: deposits.length, cells: first.size, onSurvey, leftOut, summary };
}

/** Deposits on a valid cell of one band: how many deposits an element's AUC rests on. */
export function depositsOnBand(band: Float32Array, width: number, deposits: readonly { row: number; col: number }[]): number {
  let n = 0;
  for (const d of deposits) if (!Number.isNaN(band[d.row * width + d.col])) n++;
  return n;
}
