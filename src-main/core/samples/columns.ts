// Which column holds which element, in which unit, and where the coordinates are. Survey exports name columns
// 'Au_ppb', 'Cu (ppm)', 'As_ppm_511', 'Cu' or 'Sn_INAA'; we read what the name says and never guess beyond it.
import { PAPER_ELEMENTS, ProspectError } from '../types';
import type { Unit } from '../vocabulary';
import { checkName, checkNames } from '../util/safe-name';

export type { Unit };

/** Multiply a value in `unit` by this to get ppm. */
export const TO_PPM: Record<Unit, number> = { ppm: 1, ppb: 1e-3, pct: 1e4, ppt: 1e-6 };

const UNIT_ALIASES: Record<string, Unit> = {
  ppm: 'ppm', 'mg/kg': 'ppm', mgkg: 'ppm', 'g/t': 'ppm', gt: 'ppm', 'ug/g': 'ppm', 'µg/g': 'ppm', ugg: 'ppm',
  ppb: 'ppb', 'ug/kg': 'ppb', 'µg/kg': 'ppb', ugkg: 'ppb', 'ng/g': 'ppb', ngg: 'ppb', 'mg/t': 'ppb',
  pct: 'pct', '%': 'pct', 'wt%': 'pct', wtpct: 'pct', percent: 'pct', perc: 'pct', 'wt.%': 'pct',
  ppt: 'ppt', 'ng/kg': 'ppt',
};

/** Parses a unit text ('ppm', 'mg/kg', 'wt%', ...) or returns undefined. */
export function parseUnit(text: string): Unit | undefined {
  return UNIT_ALIASES[text.trim().toLowerCase()];
}

export interface ParsedHeader {
  /** Element or oxide as written, e.g. 'Au', 'Fe2O3'. */
  species: string;
  unit?: Unit;
  /** What followed the species when it is not a unit (a method such as 'INAA', 'IC', a lab code). */
  suffix?: string;
}

const SPECIES = /^([A-Z][a-z]?(?:\d*[A-Z][a-z]?\d*)*)$/;

/**
 * Splits a header into species, unit and suffix: 'Au_ppb', 'Cu (ppm)', 'Cu [mg/kg]', 'As_ppm_511', 'Fe2O3_pct',
 * 'Cu', 'Sn_INAA'. Element symbols are matched case-insensitively when the header is all one case ('AU_PPB').
 */
export function parseHeader(header: string): ParsedHeader | undefined {
  let h = header.trim();
  let unit: Unit | undefined;
  const bracket = /^(.*?)\s*[([]\s*([^)\]]+)\s*[)\]]\s*$/.exec(h);
  if (bracket) {
    unit = parseUnit(bracket[2]);
    if (!unit) return undefined;
    h = bracket[1].trim();
  }
  const parts = h.split(/[_\s.-]+/).filter((p) => p !== '');
  if (parts.length === 0) return undefined;
  const species = normaliseSpecies(parts[0]);
  if (!species) return undefined;
  let suffix: string | undefined;
  if (parts.length > 1) {
    const u = parseUnit(parts[1]);
    if (u && !unit) unit = u;
    else if (!u) suffix = parts.slice(1).join('_');
    if (u && parts.length > 2) suffix = parts.slice(2).join('_');
  }
  return { species, unit, suffix };
}

const ELEMENTS = new Set(
  ('H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr Rb Sr Y Zr Nb ' +
    'Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb Lu Hf Ta W Re Os Ir Pt Au ' +
    'Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U').split(' '),
);
const ELEMENT_BY_LOWER = new Map([...ELEMENTS].map((e) => [e.toLowerCase(), e]));

function normaliseSpecies(token: string): string | undefined {
  // 'CU', 'AU', 'cu': an element symbol written in one case (checked first: 'CO' is cobalt, not C + O)
  if (token.length <= 2 && (token === token.toUpperCase() || token === token.toLowerCase())) {
    const e = ELEMENT_BY_LOWER.get(token.toLowerCase());
    if (e) return e;
  }
  if (SPECIES.test(token)) {
    // an element, or an oxide/compound made of elements (Fe2O3, BaO, SiO2)
    const atoms = token.match(/[A-Z][a-z]?/g) ?? [];
    return atoms.every((a) => ELEMENTS.has(a)) ? token : undefined;
  }
  // 'AU', 'au', 'cu': an element symbol in one case
  return ELEMENT_BY_LOWER.get(token.toLowerCase());
}

export interface ElementColumn {
  element: string;
  column: string;
  index: number;
  /** Unit as stated by the header, or by the caller; undefined when neither says. */
  unit?: Unit;
  /** A separate qualifier column ('<' = below detection), e.g. 'Cu_511P_T'. */
  flagColumn?: string;
  flagIndex?: number;
}

export interface ColumnMapping {
  x: { column: string; index: number };
  y: { column: string; index: number };
  /** The coordinate columns' names say longitude/latitude. */
  namedLonLat: boolean;
  elements: ElementColumn[];
  /** Columns that look like a sample id. */
  sampleId?: { column: string; index: number };
  /** Every analyte column (element or oxide with a unit), for duplicate detection. */
  analyteIndices: number[];
  notes: string[];
}

export interface ColumnOptions {
  x?: string;
  y?: string;
  /** Explicit { element: column } overriding the automatic match. */
  elements?: Record<string, string>;
  /** Which elements to look for automatically; default the paper's 16. */
  wanted?: readonly string[];
  /** Units per element where the header does not state one (or states it wrongly). */
  units?: Record<string, Unit>;
  /** Explicit { element: flagColumn }. */
  flagColumns?: Record<string, string>;
  sampleId?: string;
}

// Coordinate columns are looked for in pairs, so that a lone 'Y' (yttrium) never pairs with 'XCOO'.
const XY_PAIRS: [string, string][] = [
  ['x', 'y'], ['xcoo', 'ycoo'], ['easting', 'northing'], ['east', 'north'], ['utm_e', 'utm_n'], ['utme', 'utmn'],
  ['utm_east', 'utm_north'], ['x_coord', 'y_coord'], ['xcoord', 'ycoord'], ['x_utm', 'y_utm'], ['mga_e', 'mga_n'],
  ['e', 'n'], ['point_x', 'point_y'],
];
const LONLAT_PAIRS: [string, string][] = [
  ['longitude', 'latitude'], ['lon', 'lat'], ['long', 'lat'], ['lng', 'lat'], ['lon_dd', 'lat_dd'],
  ['longitude_dd', 'latitude_dd'], ['dec_lon', 'dec_lat'], ['longitud', 'latitud'], ['经度', '纬度'],
];
const LON_NAMES = LONLAT_PAIRS.map((p) => p[0]);
const LAT_NAMES = LONLAT_PAIRS.map((p) => p[1]);
const ID_NAMES = ['sampleid', 'sample_id', 'sampno', 'sample', 'sample_no', 'id', 'sampleno', 'objectid', '样品编号'];

function findColumn(headers: string[], names: string[]): number {
  const lower = headers.map((h) => h.trim().toLowerCase());
  for (const n of names) {
    const i = lower.indexOf(n);
    if (i >= 0) return i;
  }
  return -1;
}

function requireColumn(headers: string[], name: string, file: string, headerRow: number, what: string): number {
  const i = headers.indexOf(name);
  if (i >= 0) return i;
  const j = headers.findIndex((h) => h.toLowerCase() === name.toLowerCase());
  if (j >= 0) return j;
  throw new ProspectError(
    `${file}, row ${headerRow}, column '${name}': there is no column '${name}' (${what}). ` +
      `Columns: ${headers.slice(0, 40).join(', ')}${headers.length > 40 ? ', ...' : ''}.`,
    'MISSING_COLUMN', { file, row: headerRow, column: name },
  );
}

/** Guesses the coordinate columns by name pairs; undefined when none is found. */
export function guessCoordinateColumns(headers: string[]): { x: number; y: number; lonLat: boolean } | undefined {
  for (const [pairs, lonLat] of [[XY_PAIRS, false], [LONLAT_PAIRS, true]] as const) {
    for (const [a, b] of pairs) {
      const i = findColumn(headers, [a]), j = findColumn(headers, [b]);
      if (i >= 0 && j >= 0) return { x: i, y: j, lonLat };
    }
  }
  return undefined;
}

/** Two columns of one element with nothing to tell them apart ('Au_ppm' and 'Au_ppb', a repeated 'Cu_ppm'). */
function duplicateElement(file: string, headerRow: number, element: string, columns: string[]): ProspectError {
  const list = columns.map((c) => `'${c}'`).join(' and ');
  return new ProspectError(
    `${file}, row ${headerRow}, column '${columns[1]}': ${columns.length} columns hold ${element} (${list}), so it is not ` +
      `clear which to use. Choose one: --map ${element}=${columns[0]} (elements: { ${element}: '${columns[0]}' }).`,
    'DUPLICATE_ELEMENT', { file, row: headerRow, column: columns[1], columns },
  );
}

/** Maps coordinates and elements onto the table's columns. Throws MISSING_COLUMN naming the header row. */
export function mapColumns(headers: string[], options: ColumnOptions, file: string, headerRow: number): ColumnMapping {
  const notes: string[] = [];
  let xi: number, yi: number;
  let namedLonLat = false;
  if (options.x || options.y) {
    xi = requireColumn(headers, options.x ?? 'X', file, headerRow, 'the x / longitude column you chose');
    yi = requireColumn(headers, options.y ?? 'Y', file, headerRow, 'the y / latitude column you chose');
    namedLonLat = LON_NAMES.includes(headers[xi].toLowerCase()) && LAT_NAMES.includes(headers[yi].toLowerCase());
  } else {
    const pair = (pairs: [string, string][]): [number, number] => {
      for (const [a, b] of pairs) {
        const i = findColumn(headers, [a]), j = findColumn(headers, [b]);
        if (i >= 0 && j >= 0) return [i, j];
      }
      return [-1, -1];
    };
    const [x, y] = pair(XY_PAIRS);
    const [lon, lat] = pair(LONLAT_PAIRS);
    if (x >= 0) { xi = x; yi = y; }
    else if (lon >= 0) { xi = lon; yi = lat; namedLonLat = true; }
    else {
      throw new ProspectError(
        `${file}, row ${headerRow}, column 'X': no coordinate columns found (looked for ` +
          `X/Y, XCOO/YCOO, EASTING/NORTHING, LONGITUDE/LATITUDE, lon/lat). Pass x and y with the column names.`,
        'MISSING_COLUMN', { file, row: headerRow, column: 'X' },
      );
    }
    notes.push(`coordinates: x = '${headers[xi]}', y = '${headers[yi]}' (guessed from the names)`);
  }

  // A repeated header was renamed 'Cu_ppm#2' by the reader; it still names the same element.
  const parsed = headers.map((h) => parseHeader(h.replace(/#\d+$/, '')));
  const analyteIndices: number[] = [];
  parsed.forEach((p, i) => { if (p?.unit) analyteIndices.push(i); });

  const elements: ElementColumn[] = [];
  const explicit = options.elements ?? {};
  for (const [element, column] of Object.entries(explicit)) {
    checkName(element, `${file}: the element mapped to column '${column}'`, { file, column });
    const index = requireColumn(headers, column, file, headerRow, `mapped to ${element}`);
    const p = parsed[index];
    elements.push({ element, column: headers[index], index, unit: options.units?.[element] ?? p?.unit });
  }
  const wanted = options.wanted ?? PAPER_ELEMENTS;
  checkNames(wanted, `${file}: the elements asked for`, { file });
  for (const element of wanted) {
    if (element in explicit) continue;
    // Prefer the bare or unit-only header ('Au', 'Au_ppm') over a method-suffixed one ('Au_ppm_511').
    const candidates = parsed
      .map((p, index) => ({ p, index }))
      .filter(({ p }) => p?.species === element && (p.unit !== undefined || p.suffix === undefined || /^\d+[A-Za-z]?$/.test(p.suffix)));
    candidates.sort((a, b) => Number(a.p?.suffix !== undefined) - Number(b.p?.suffix !== undefined));
    const plain = candidates.filter((c) => c.p?.suffix === undefined);
    if (plain.length > 1) throw duplicateElement(file, headerRow, element, plain.map((c) => headers[c.index]));
    const hit = candidates[0];
    if (hit) {
      if (candidates.length > 1) {
        notes.push(`${element}: using '${headers[hit.index]}'; also found ${candidates.slice(1).map((c) => `'${headers[c.index]}'`).join(', ')}`);
      }
      elements.push({ element, column: headers[hit.index], index: hit.index, unit: options.units?.[element] ?? hit.p?.unit });
    } else {
      const similar = parsed.map((p, i) => (p?.species === element ? headers[i] : '')).filter((h) => h);
      if (similar.length) {
        notes.push(`${element}: not mapped automatically; candidate columns ${similar.map((s) => `'${s}'`).join(', ')} ` +
          `(method-specific). Map one with elements: { ${element}: '${similar[0]}' }`);
      } else {
        notes.push(`${element}: no column`);
      }
    }
  }
  // Qualifier columns: '<El>_..._T' or '<column>_flag' / '<column>_qual' next to the value column.
  const lowerHeaders = headers.map((h) => h.toLowerCase());
  for (const ec of elements) {
    const forced = options.flagColumns?.[ec.element];
    if (forced) {
      ec.flagIndex = requireColumn(headers, forced, file, headerRow, `the qualifier column of ${ec.element}`);
      ec.flagColumn = headers[ec.flagIndex];
      continue;
    }
    const col = ec.column.toLowerCase();
    let fi = lowerHeaders.findIndex((h) => h === `${col}_flag` || h === `${col}_qual` || h === `${col}_q` || h === `${col}_t`);
    if (fi < 0) {
      const el = ec.element.toLowerCase();
      fi = lowerHeaders.findIndex((h, i) => i !== ec.index && h.startsWith(`${el}_`) && /_(t|flag|qual|q)$/.test(h) &&
        !parsed[i]?.unit);
    }
    if (fi >= 0) { ec.flagIndex = fi; ec.flagColumn = headers[fi]; }
  }
  const unitless = elements.filter((ec) => !ec.unit);
  if (unitless.length) {
    notes.push(`units: ${unitless.map((ec) => `'${ec.column}'`).join(', ')} state no unit; assumed ppm ` +
      `(pass units, e.g. { ${unitless[0].element}: 'ppb' }, where that is wrong)`);
  }

  let sampleId: ColumnMapping['sampleId'];
  const si = options.sampleId ? requireColumn(headers, options.sampleId, file, headerRow, 'the sample id') : findColumn(headers, ID_NAMES);
  if (si >= 0) sampleId = { column: headers[si], index: si };

  return { x: { column: headers[xi], index: xi }, y: { column: headers[yi], index: yi }, namedLonLat, elements, sampleId, analyteIndices, notes };
}
