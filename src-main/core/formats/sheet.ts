// Reads one sheet of an .xlsx/.xlsm workbook through exceljs, row by row, with the same detection and errors as the
// text reader. Old binary .xls and OpenDocument .ods are refused with the fix named: the only npm reader of them
// (SheetJS 0.18.5) has published advisories for crafted files that npm will never receive a fix for.
import { ProspectError, throwIfAborted, type TaskOptions } from '../types';
import { cleanHeaders, detectHeaderRow, type RowSample } from './header-row';
import type { TableDetected, TableHandler, TableReadOptions } from './table';
import { checkWorkbookZip } from './xlsx-guard';

type Workbook = import('exceljs').Workbook;
type Worksheet = import('exceljs').Worksheet;
type CellValue = import('exceljs').CellValue;

/** 0-based column index -> 'A', 'B', ..., 'AA'. */
export function columnLetter(c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Refuses workbook kinds we do not read, naming what to do instead. */
export function refuseUnsupportedWorkbook(file: string, head: Buffer, ext: string): void {
  const isOle = head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0;
  if (isOle || ext === '.xls' || ext === '.ods') {
    const kind = ext === '.ods' ? 'an OpenDocument spreadsheet (.ods)' : 'an Excel 97-2003 workbook (.xls)';
    throw new ProspectError(`${file}, row 1, column 1: this is ${kind}, which is not read (no maintained reader of it ` +
      'exists on npm). Open it in Excel or LibreOffice and save it as .xlsx, or export the sheet as CSV (UTF-8).',
    'UNSUPPORTED_WORKBOOK', { file, row: 1, column: '1' });
  }
}

async function openWorkbook(file: string): Promise<Workbook> {
  // exceljs unzips with no limit: the zip is checked against a cap first (a zip bomb is refused, not inflated).
  await checkWorkbookZip(file);
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch (e) {
    throw new ProspectError(`${file}, row 1, column 1: the spreadsheet cannot be read (${(e as Error).message}). ` +
      'Save it again from Excel as .xlsx, or export the sheet as CSV.', 'BAD_SPREADSHEET', { file, row: 1, column: '1' });
  }
  return wb;
}

function hasData(ws: Worksheet | undefined): boolean {
  if (!ws) return false;
  let any = false;
  ws.eachRow((row) => { if (!any && row.hasValues) any = true; });
  return any;
}

function pickSheet(file: string, wb: Workbook, wanted: string | number | undefined): Worksheet {
  const sheets = wb.worksheets;
  const names = sheets.map((w) => w.name);
  if (wanted !== undefined) {
    const ws = typeof wanted === 'number' ? sheets[wanted] : sheets.find((w) => w.name === wanted);
    if (!ws) {
      throw new ProspectError(`${file}, row 1, column 1: there is no sheet ${JSON.stringify(wanted)}. ` +
        `Sheets: ${names.map((n) => `'${n}'`).join(', ')}.`, 'NO_SHEET', { file, row: 1, column: '1', sheets: names });
    }
    if (!hasData(ws)) {
      throw new ProspectError(`${file}, sheet '${ws.name}', row 1, column 1: the sheet is empty. Sheets with data: ` +
        `${sheets.filter(hasData).map((w) => `'${w.name}'`).join(', ') || 'none'}.`, 'EMPTY_SHEET', { file, row: 1, column: '1', sheet: ws.name });
    }
    return ws;
  }
  const ws = sheets.find(hasData);
  if (!ws) {
    throw new ProspectError(`${file}, row 1, column 1: the workbook has no sheet with data (sheets: ` +
      `${names.map((n) => `'${n}'`).join(', ')}).`, 'EMPTY_FILE', { file, row: 1, column: '1' });
  }
  return ws;
}

/** The text of a cell value as a CSV export would hold it; undefined for a formula that has no saved result. */
function valueText(v: CellValue): string | undefined {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return v.toISOString();
  if ('formula' in v || 'sharedFormula' in v) {
    const r = (v as { result?: unknown }).result;
    if (r === undefined) return undefined;
    if (r !== null && typeof r === 'object' && 'error' in r) return String((r as { error: string }).error);
    return valueText(r as CellValue);
  }
  if ('error' in v) return String(v.error);
  if ('richText' in v) return v.richText.map((t) => t.text).join('');
  if ('text' in v) return String(v.text);
  return String(v);
}

/** Streams a sheet row by row; formulas give their saved result, and one without a result is an error naming it. */
export async function readSheet(
  file: string,
  options: TableReadOptions,
  handler: TableHandler,
  opts: TaskOptions,
): Promise<{ detected: TableDetected; rowsRead: number }> {
  const wb = await openWorkbook(file);
  throwIfAborted(opts.signal);
  const ws = pickSheet(file, wb, options.sheet);
  const name = ws.name;
  const dims = ws.dimensions as unknown as { top: number; left: number; bottom: number; right: number };
  const width = dims.right;
  const rowCells = (r: number): string[] => {
    const out: string[] = new Array(width).fill('');
    const row = ws.getRow(r);
    if (!row.hasValues) return out;
    for (let c = 1; c <= width; c++) {
      const cell = row.getCell(c);
      const text = valueText(cell.value);
      if (text === undefined) {
        const f = (cell.value as { formula?: string; sharedFormula?: string }).formula ?? cell.formula;
        throw new ProspectError(`${file}, sheet '${name}', row ${r}, column ${columnLetter(c - 1)}: the cell holds the ` +
          `formula =${f} but no saved result. Open the workbook in Excel or LibreOffice, let it recalculate, save, ` +
          'and import again (or paste the values instead of formulas).', 'FORMULA_NO_VALUE',
        { file, row: r, column: columnLetter(c - 1), sheet: name });
      }
      out[c - 1] = text;
    }
    return out;
  };
  const sample: RowSample[] = [];
  for (let r = dims.top; r <= Math.min(dims.bottom, dims.top + 60); r++) {
    const cells = rowCells(r);
    // trailing empty cells of a short row would distort the modal width: trim them for detection only
    let k = cells.length;
    while (k > 1 && cells[k - 1] === '') k--;
    sample.push({ cells: cells.slice(0, k), line: r });
  }
  const headerRow = options.headerRow ?? detectHeaderRow(sample);
  const detected: TableDetected = {
    format: 'xlsx', encoding: 'utf-8', bom: false, delimiter: ',', decimalComma: options.decimalComma ?? false,
    headerRow, sheet: name, sheets: wb.worksheets.map((w) => w.name), renamedHeaders: [],
  };
  handler.onHeader?.(cleanHeaders(rowCells(headerRow), detected.renamedHeaders), detected);
  let rowsRead = 0;
  for (let r = headerRow + 1; r <= dims.bottom; r++) {
    if (r % 1000 === 0) {
      throwIfAborted(opts.signal);
      opts.onProgress?.({ step: 'import', done: r, total: dims.bottom, message: `reading sheet ${name}` });
    }
    const cells = rowCells(r);
    if (cells.every((c) => c === '')) continue;
    rowsRead++;
    handler.onRow(cells, r);
  }
  return { detected, rowsRead };
}
