// The user's column choices, started from the core's guesses, and the import requests they become. The choices are
// sent in full, so the import reads exactly the columns shown, never a second guess.
import type { ConcentrationUnit, DepositImportRequest, SampleImportRequest, TableInspection } from '../../../../src-preload/contract';
import { DEFAULT_CENSORED_RULE, DEFAULT_ZERO_RULE, type CensoredRule, type ZeroRule } from '../../../../src-main/core/vocabulary';

export { CENSORED_RULES, UNITS, ZERO_RULES } from '../../../../src-main/core/vocabulary';

/** How each below-detection substitute reads in the picker (a rule without a label does not compile). */
export const CENSORED_LABELS: Record<CensoredRule, string> = { sqrt2: 'DL / √2', half: 'DL / 2', '0.65': '0.65 × DL' };
/** The i18n key of each rule for exact zeros. */
export const ZERO_LABELS: Record<ZeroRule, 'import.zerosCensored' | 'import.zerosValue'> = { censored: 'import.zerosCensored', value: 'import.zerosValue' };

export interface ElementChoice { element: string; column: string; unit: ConcentrationUnit }

export interface Mapping {
  x: string;
  y: string;
  /** '' = none. */
  sampleId: string;
  campaign: string;
  elements: ElementChoice[];
  crs: string;
  /** '' = the core's default (the file's CRS, or the UTM zone of lon/lat samples). */
  targetCrs: string;
  nameColumn: string;
  idColumn: string;
  /** '' = no filter. */
  typeColumn: string;
  types: string[];
  /** Below-detection substitutes and exact zeros: the CLI's --censored and --zeros, the core's defaults first. */
  censoredRule: CensoredRule;
  zeros: ZeroRule;
}

export function mappingFrom(t: TableInspection): Mapping {
  return {
    x: t.x ?? '', y: t.y ?? '', sampleId: t.sampleId ?? '', campaign: t.campaign ?? '',
    elements: t.elements.map((e) => ({ element: e.element, column: e.column, unit: e.unit ?? 'ppm' })),
    crs: t.crs.crs ?? '', targetCrs: '', nameColumn: t.nameColumn ?? '', idColumn: t.idColumn ?? '',
    typeColumn: t.siteType?.column ?? '', types: t.siteType?.values.map((v) => v.value) ?? [],
    censoredRule: DEFAULT_CENSORED_RULE, zeros: DEFAULT_ZERO_RULE,
  };
}

const opt = (s: string): string | undefined => (s === '' ? undefined : s);

export function sampleRequest(t: TableInspection, m: Mapping): Omit<SampleImportRequest, 'project' | 'file'> {
  return {
    ...(t.geometry ? {} : { x: opt(m.x), y: opt(m.y) }),
    crs: opt(m.crs), targetCrs: opt(m.targetCrs), sampleId: opt(m.sampleId), campaign: m.campaign === '' ? false : m.campaign,
    elements: Object.fromEntries(m.elements.map((e) => [e.element, e.column])),
    units: Object.fromEntries(m.elements.map((e) => [e.element, e.unit])),
    // Only the elements listed: one the user removed must not come back through the name guesses.
    wanted: [],
    censoredRule: m.censoredRule, zeros: m.zeros,
    ...(t.sheet ? { sheet: t.sheet } : {}), ...(t.layer && t.geometry ? { layer: t.layer } : {}),
  };
}

export function depositRequest(t: TableInspection, m: Mapping): Omit<DepositImportRequest, 'project' | 'file'> {
  const values = t.categories.find((c) => c.column === m.typeColumn)?.values ?? [];
  // Every value ticked keeps every row: no filter to record.
  const filtered = m.typeColumn !== '' && m.types.length < values.length;
  return {
    ...(t.geometry ? {} : { x: opt(m.x), y: opt(m.y) }), crs: opt(m.crs), nameColumn: opt(m.nameColumn), idColumn: opt(m.idColumn),
    ...(filtered ? { typeColumn: m.typeColumn, types: [...m.types] } : {}), ...(t.layer && t.geometry ? { layer: t.layer } : {}),
  };
}
