// A first look at a sample or deposit file before importing it, as a GIS shows one: the header, the first rows, and
// what the import would guess (coordinates, sample id, campaign, elements and units, the deposits' site types, the
// CRS), so that a user can check and change each guess instead of learning it from an error.
import { guessDepositColumns, readDepositPoints } from '../deposits/import';
import { sortedCounts } from '../deposits/type-filter';
import { PAPER_ELEMENTS, ProspectError, type TaskOptions } from '../types';
import { findCampaignColumn, looksLikeCampaigns } from '../samples/campaign-column';
import { guessCoordinateColumns, mapColumns, parseHeader, type ColumnMapping } from '../samples/columns';
import { guessCrs } from '../samples/crs-guess';
import { layerFormat } from '../formats/layer-format';
import { streamTable, type TableDetected } from '../formats/table';
import { parseNumber } from '../samples/values';
import type { ElementGuess, AnalyteColumn, CategoryColumn, TableInspection } from '../view-types';

export type { ElementGuess, AnalyteColumn, CategoryColumn, TableInspection };

export type { CrsGuess } from '../samples/crs-guess';

export interface InspectOptions { sheet?: string | number; layer?: string }

const PREVIEW_ROWS = 20;
/** A column with more distinct texts than this is not a category. */
const MAX_CATEGORIES = 30;
const TYPE_NAME = /(^|_)(site_?type|deposit_?type|type|status|class|category|kind)(_|$)/;
const normal = (h: string): string => h.trim().toLowerCase().replace(/[\s.\-/]+/g, '_');

/** The element guesses of the import; an element two plain columns claim is left for the user to choose. */
function guessElements(headers: string[], file: string, headerRow: number, xy: { x: number; y: number } | undefined, notes: string[]): ColumnMapping {
  const wanted: string[] = [...PAPER_ELEMENTS];
  const x = headers[xy?.x ?? 0], y = headers[xy?.y ?? Math.min(1, headers.length - 1)];
  for (;;) {
    try {
      return mapColumns(headers, { x, y, wanted }, file, headerRow);
    } catch (e) {
      const column = e instanceof ProspectError && e.code === 'DUPLICATE_ELEMENT' ? String(e.details.column) : '';
      const element = parseHeader(column.replace(/#\d+$/, ''))?.species;
      if (!element || !wanted.includes(element)) throw e;
      wanted.splice(wanted.indexOf(element), 1);
      notes.push(`${element}: more than one column holds it; choose one`);
    }
  }
}

function analyteColumns(headers: string[], x: number, y: number): AnalyteColumn[] {
  const out: AnalyteColumn[] = [];
  headers.forEach((h, i) => {
    if (i === x || i === y) return;
    const p = parseHeader(h.replace(/#\d+$/, ''));
    if (p) out.push({ column: h, species: p.species, ...(p.unit ? { unit: p.unit } : {}), ...(p.suffix ? { suffix: p.suffix } : {}) });
  });
  return out;
}

/** Collects what the guesses need while the table streams past: previews, coordinates, distinct texts per column. */
class Collector {
  headers: string[] = [];
  detected!: TableDetected;
  rows: string[][] = [];
  rowNumbers: number[] = [];
  rowCount = 0;
  xs: number[] = [];
  ys: number[] = [];
  xy: { x: number; y: number; lonLat: boolean } | undefined;
  distinct: (Map<string, number> | null)[] = [];
  numericOnly: boolean[] = [];
  /** The campaign column found by name, and all its values: a campaign column may well have more than a category. */
  campaign: { column: string; index: number } | null = null;
  campaignValues = new Set<string>();

  onHeader = (h: string[], det: TableDetected): void => {
    this.headers = h;
    this.detected = det;
    this.xy = guessCoordinateColumns(h);
    this.distinct = h.map(() => new Map());
    this.numericOnly = h.map(() => true);
    this.campaign = findCampaignColumn(h, undefined, '', det.headerRow);
  };

  onRow = (cells: string[], row: number): void => {
    this.rowCount++;
    if (this.rows.length < PREVIEW_ROWS) {
      this.rows.push(this.headers.map((_, i) => cells[i] ?? ''));
      this.rowNumbers.push(row);
    }
    if (this.xy) {
      const dc = this.detected.decimalComma;
      this.xs.push(parseNumber(cells[this.xy.x] ?? '', dc));
      this.ys.push(parseNumber(cells[this.xy.y] ?? '', dc));
    }
    if (this.campaign) this.campaignValues.add((cells[this.campaign.index] ?? '').trim());
    for (let i = 0; i < this.headers.length; i++) {
      const m = this.distinct[i];
      if (!m) continue;
      const v = (cells[i] ?? '').trim();
      if (v !== '' && this.numericOnly[i] && Number.isNaN(parseNumber(v, this.detected.decimalComma))) this.numericOnly[i] = false;
      m.set(v, (m.get(v) ?? 0) + 1);
      // Beyond this many texts a column is an id or a value, and tracking it would cost memory per row.
      if (m.size > MAX_CATEGORIES) this.distinct[i] = null;
    }
  };
}

function categoryColumns(headers: string[], c: Collector, skip: Set<number>): CategoryColumn[] {
  const out: CategoryColumn[] = [];
  headers.forEach((h, i) => {
    const m = c.distinct[i];
    if (!m || skip.has(i) || c.numericOnly[i] || m.size < 2 || m.size > Math.max(2, c.rowCount / 2)) return;
    out.push({ column: h, values: sortedCounts(m) });
  });
  return out;
}

function pickSiteType(categories: CategoryColumn[]): CategoryColumn | null {
  return categories.find((c) => TYPE_NAME.test(normal(c.column))) ?? null;
}

/** Deposits in GeoJSON, shapefiles and GeoPackages: points from the geometry, attributes as columns. */
async function inspectDepositGeometry(file: string, opts: InspectOptions, task: TaskOptions): Promise<TableInspection> {
  const r = await readDepositPoints(file, { layer: opts.layer }, task);
  const c = new Collector();
  const headers = ['X', 'Y', ...r.fields];
  c.onHeader(headers, { format: 'csv', encoding: 'utf-8', bom: false, delimiter: ',', decimalComma: false, headerRow: 1, renamedHeaders: [] });
  for (const p of r.points) c.onRow([String(p.x), String(p.y), ...r.fields.map((f) => p.attributes[f] ?? '')], p.row);
  const categories = categoryColumns(headers, c, new Set([0, 1]));
  const guess = guessDepositColumns(r.fields);
  return {
    file, kind: 'deposits', format: r.format, ...(r.layer ? { layer: r.layer } : {}), geometry: true, headerRow: 1, headers,
    rows: c.rows, rowNumbers: c.rowNumbers, rowCount: c.rowCount, x: 'X', y: 'Y', sampleId: null, campaign: null,
    elements: [], analytes: [], nameColumn: guess.name ?? null, idColumn: guess.id ?? null, siteType: pickSiteType(categories),
    categories, crs: guessCrs(c.xs, c.ys, r.fileCrs), notes: r.notes,
  };
}

/**
 * Reads a sample or deposit file once and returns its header, first rows, row count and the import's guesses, each
 * of which the user may change before importing. Reading errors are the import's own (file, row, column).
 */
export async function inspectTable(file: string, kind: TableInspection['kind'], opts: InspectOptions = {}, task: TaskOptions = {}): Promise<TableInspection> {
  const ext = file.toLowerCase().replace(/^.*\./, '.');
  if (kind === 'deposits' && (['.geojson', '.json'].includes(ext) || layerFormat(file))) return inspectDepositGeometry(file, opts, task);
  const c = new Collector();
  await streamTable(file, { sheet: opts.sheet, layer: opts.layer }, { onHeader: c.onHeader, onRow: c.onRow }, task);
  const { headers, detected } = c;
  const notes = detected.renamedHeaders.length ? [`renamed headers: ${detected.renamedHeaders.join('; ')}`] : [];
  if (c.rowCount === 0) {
    throw new ProspectError(`${file}, row ${detected.headerRow + 1}, column '${headers[0] ?? '1'}': the table has a header row ` +
      'but no data rows. Check that the right sheet or file was chosen.', 'NO_DATA_ROWS', { file, row: detected.headerRow + 1, column: headers[0] ?? '1' });
  }
  if (!c.xy) notes.push('no coordinate columns found by name: choose X and Y');
  const xi = c.xy?.x ?? -1, yi = c.xy?.y ?? -1;
  const base = {
    file, kind, format: detected.format, ...(detected.sheet ? { sheet: detected.sheet } : {}), ...(detected.sheets ? { sheets: detected.sheets } : {}),
    ...(detected.layer ? { layer: detected.layer.name } : {}), geometry: !!detected.layer, headerRow: detected.headerRow, headers,
    rows: c.rows, rowNumbers: c.rowNumbers, rowCount: c.rowCount, x: c.xy ? headers[xi] : null, y: c.xy ? headers[yi] : null,
    crs: guessCrs(c.xs, c.ys, detected.layer?.crs, c.xy?.lonLat),
  };
  if (kind === 'deposits') {
    const categories = categoryColumns(headers, c, new Set([xi, yi]));
    const guess = guessDepositColumns(headers);
    return {
      ...base, sampleId: null, campaign: null, elements: [], analytes: [], nameColumn: guess.name ?? null, idColumn: guess.id ?? null,
      siteType: pickSiteType(categories), categories, notes,
    };
  }
  const map = guessElements(headers, file, detected.headerRow, c.xy, notes);
  const found = c.campaign;
  c.campaignValues.delete('');
  const campaign = found && looksLikeCampaigns(c.campaignValues.size, c.rowCount) ? found.column : null;
  if (found && !campaign) notes.push(`campaign: '${found.column}' has too many distinct values to be a campaign column`);
  return {
    ...base, sampleId: map.sampleId?.column ?? null, campaign,
    elements: map.elements.map((e) => ({ element: e.element, column: e.column, ...(e.unit ? { unit: e.unit } : {}) })),
    analytes: analyteColumns(headers, xi, yi), nameColumn: null, idColumn: null, siteType: null, categories: [],
    notes: [...notes, ...map.notes.filter((n) => !n.startsWith('coordinates:'))],
  };
}
