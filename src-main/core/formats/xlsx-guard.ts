// An .xlsx file is a zip: a few kilobytes can inflate to gigabytes (a zip bomb), and exceljs (through JSZip) inflates
// every part into memory with no limit. So before exceljs sees a workbook, its zip is read here with yauzl: the
// central directory's sizes are summed and refused over a cap, and every part is inflated once, counted and dropped,
// with yauzl refusing a part whose bytes run past the size it declares. What exceljs then inflates is bounded.
import yauzl from 'yauzl';
import { ProspectError } from '../types';

/** The most a workbook may hold unzipped: far beyond any survey sheet (a million rows of 30 columns is ~200 MB). */
export const XLSX_MAX_UNZIPPED_BYTES = 256 * 1024 * 1024;
/** The most parts a workbook may hold (sheets, styles, drawings...). */
export const XLSX_MAX_PARTS = 10_000;

function mb(n: number): string {
  return `${Math.round(n / (1024 * 1024))} MB`;
}

function refuse(file: string, why: string): ProspectError {
  return new ProspectError(`${file}, row 1, column 1: the workbook is not read: ${why}. Nothing was imported. If it is a real ` +
    'survey sheet, export it as CSV (UTF-8) and import that.', 'SPREADSHEET_TOO_LARGE', { file, row: 1, column: '1' });
}

/**
 * Checks the workbook's zip before it is opened: at most `maxBytes` unzipped (declared, and counted while inflating)
 * and `maxParts` parts. Throws SPREADSHEET_TOO_LARGE with the cap, or BAD_SPREADSHEET when it is not a readable zip.
 */
export async function checkWorkbookZip(file: string, { maxBytes = XLSX_MAX_UNZIPPED_BYTES, maxParts = XLSX_MAX_PARTS } = {}): Promise<void> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(file, { lazyEntries: true, validateEntrySizes: true, autoClose: false, strictFileNames: false, decodeStrings: true });
  } catch (e) {
    throw new ProspectError(`${file}, row 1, column 1: the spreadsheet cannot be read (it is not a readable .xlsx zip: ${(e as Error).message}). ` +
      'Save it again from Excel as .xlsx, or export the sheet as CSV.', 'BAD_SPREADSHEET', { file, row: 1, column: '1' });
  }
  try {
    if (zip.entryCount > maxParts) throw refuse(file, `it holds ${zip.entryCount} parts (at most ${maxParts})`);
    let declared = 0;
    let inflated = 0;
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        declared += entry.uncompressedSize;
        if (declared > maxBytes) {
          reject(refuse(file, `it unzips to more than ${mb(maxBytes)} (the cap; '${entry.fileName}' alone declares ${mb(entry.uncompressedSize)})`));
          return;
        }
        if (entry.fileName.endsWith('/')) {
          zip.readEntry();
          return;
        }
        zip.openReadStream(entry, (err, stream) => {
          if (err) return reject(refuse(file, `its part '${entry.fileName}' cannot be unzipped (${err.message})`));
          stream.on('data', (chunk: Buffer) => {
            inflated += chunk.length;
            // yauzl stops a part at its declared size; this holds the total to the cap whatever a part declares.
            if (inflated > maxBytes) stream.destroy(refuse(file, `it unzips to more than ${mb(maxBytes)} (the cap)`));
          });
          stream.on('error', (e: Error) => reject(e instanceof ProspectError ? e
            : refuse(file, `its part '${entry.fileName}' unzips to other than it declares (${e.message}); the cap is ${mb(maxBytes)}`)));
          stream.on('end', () => zip.readEntry());
        });
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}
