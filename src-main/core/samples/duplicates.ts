// Stage 4 of the sample import: rows at the same coordinates with different values (exact duplicates were already
// dropped while reading), handled by the rule the user chose.
import { STATUS, type Placed } from './coordinates';
import type { SampleImportOptions } from './import-types';
import type { ReadRows } from './read-rows';

/** Sorts kept rows by raw coordinates and walks the runs; returns how many rows share a position with an earlier one. */
export function handleDuplicateCoordinates(rows: ReadRows, placed: Placed, options: SampleImportOptions, notes: string[]): number {
  const coordRule = options.duplicateCoordinates ?? 'keep';
  const { X, Y, V, n } = rows;
  const { status } = placed;
  const ne = rows.map.elements.length;
  let duplicateCoordinates = 0;
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (status[i] === STATUS.kept) order.push(i);
  order.sort((a, b) => X[a] - X[b] || Y[a] - Y[b] || a - b);
  for (let s = 0; s < order.length;) {
    let t = s + 1;
    while (t < order.length && X[order[t]] === X[order[s]] && Y[order[t]] === Y[order[s]]) t++;
    if (t - s > 1) {
      duplicateCoordinates += t - s - 1;
      const first = order[s];
      if (coordRule !== 'keep') {
        for (let k = s + 1; k < t; k++) status[order[k]] = STATUS.duplicate;
      }
      if (coordRule === 'mean') {
        for (let e = 0; e < ne; e++) {
          let sum = 0, cnt = 0;
          for (let k = s; k < t; k++) { const v = V[e][order[k]]; if (Number.isFinite(v)) { sum += v; cnt++; } }
          V[e][first] = cnt ? sum / cnt : NaN;
        }
      }
      if (rows.records.length && coordRule !== 'keep') {
        for (let k = s + 1; k < t; k++) rows.records[rows.recIdx[order[k]]].duplicateOf = rows.rowNo[first];
      }
    }
    s = t;
  }
  if (duplicateCoordinates) {
    notes.push(`${duplicateCoordinates} rows share coordinates with another row but differ in values: rule '${coordRule}'` +
      (coordRule === 'mean' ? ' (the first row carries the per-element mean; the others are marked duplicate)' : ''));
  }
  return duplicateCoordinates;
}
