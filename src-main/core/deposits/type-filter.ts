// Keeping only the deposits of chosen site types ('Mine', 'Deposit') out of a register that also lists prospects and
// occurrences: a prospect is not a known deposit, and training on it would teach the model the wrong label.
import { ProspectError } from '../types';
import type { TypeFilterReport, ValueCount } from '../result-parts';

export type { TypeFilterReport, ValueCount };

/** Distinct trimmed values, most frequent first (ties in first-seen order); blanks are counted as ''. */
export function countValues(values: Iterable<string>): ValueCount[] {
  const counts = new Map<string, number>();
  for (const v of values) {
    const k = (v ?? '').trim();
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return sortedCounts(counts);
}

export function sortedCounts(counts: Map<string, number>): ValueCount[] {
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count);
}

const listed = (values: ValueCount[]): string => values.map((v) => `'${v.value}' (${v.count})`).join(', ');

/**
 * Keeps the items whose `column` value is one of `types` (case-insensitive, trimmed). A column the file lacks, no
 * types, or a type no row has is an error naming the file and column and listing what exists.
 */
export function filterByType<T extends { attributes: Record<string, string> }>(
  items: T[], fields: string[], column: string, types: readonly string[] | undefined, file: string, headerRow: number,
): { kept: T[]; report: TypeFilterReport } {
  const field = fields.find((f) => f === column) ?? fields.find((f) => f.toLowerCase() === column.trim().toLowerCase());
  if (!field) {
    throw new ProspectError(`${file}, row ${headerRow}, column '${column}': there is no type column '${column}'. ` +
      `Columns: ${fields.join(', ')}.`, 'MISSING_COLUMN', { file, row: headerRow, column });
  }
  const values = countValues(items.map((d) => d.attributes[field] ?? ''));
  const wanted = (types ?? []).map((t) => t.trim()).filter((t) => t !== '');
  if (wanted.length === 0) {
    throw new ProspectError(`${file}, row ${headerRow}, column '${field}': no site type was chosen to keep. ` +
      `Values of '${field}': ${listed(values)}.`, 'BAD_ARGS', { file, row: headerRow, column: field });
  }
  const byLower = new Map(values.map((v) => [v.value.toLowerCase(), v.value]));
  const unknown = wanted.filter((t) => !byLower.has(t.toLowerCase()));
  if (unknown.length) {
    throw new ProspectError(`${file}, row ${headerRow}, column '${field}': no row has the type ${unknown.map((u) => `'${u}'`).join(', ')}. ` +
      `Values of '${field}': ${listed(values)}.`, 'UNKNOWN_TYPE', { file, row: headerRow, column: field, values });
  }
  const keep = new Set(wanted.map((t) => t.toLowerCase()));
  const kept = items.filter((d) => keep.has((d.attributes[field] ?? '').trim().toLowerCase()));
  const typesKept = [...new Set(wanted.map((t) => byLower.get(t.toLowerCase())!))];
  return { kept, report: { column: field, types: typesKept, kept: kept.length, dropped: items.length - kept.length, values } };
}
