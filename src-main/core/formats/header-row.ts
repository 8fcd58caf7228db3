// Finding and naming the header row, shared by the text and the spreadsheet readers.

/** A row of the first lines, as read for detection. */
export interface RowSample { cells: string[]; line: number }

export function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

const looksNumeric = (s: string): boolean => /^[<>]?\s*[+-]?(\d+[.,]?\d*|[.,]\d+)([eE][+-]?\d+)?$/.test(s.trim());

/** First row with the modal number of fields whose non-empty cells are mostly not numbers: skips title lines. */
export function detectHeaderRow(records: RowSample[]): number {
  if (records.length === 0) return 1;
  const freq = new Map<number, number>();
  for (const r of records) {
    const n = r.cells.length;
    if (n > 1) freq.set(n, (freq.get(n) ?? 0) + 1);
  }
  let mode = records[0].cells.length, modeN = 0;
  for (const [n, k] of freq) if (k > modeN || (k === modeN && n > mode)) { mode = n; modeN = k; }
  for (const r of records) {
    if (r.cells.length < mode * 0.8 && r.cells.length < mode) continue;
    const filled = r.cells.filter((c) => c.trim() !== '');
    const numeric = filled.filter(looksNumeric).length;
    if (filled.length > 0 && numeric <= filled.length / 2) return r.line;
  }
  return records[0].line;
}

/** Empty names become 'column_N' and repeated ones 'name#2', each renaming recorded as 'old -> new'. */
export function cleanHeaders(cells: string[], renamed: string[]): string[] {
  const seen = new Set<string>();
  return cells.map((c, i) => {
    let h = stripBom(c).trim();
    const orig = h;
    if (h === '') h = `column_${i + 1}`;
    if (seen.has(h)) {
      let k = 2;
      while (seen.has(`${h}#${k}`)) k++;
      h = `${h}#${k}`;
    }
    if (h !== orig) renamed.push(`${orig === '' ? `(empty, column ${i + 1})` : orig} -> ${h}`);
    seen.add(h);
    return h;
  });
}
