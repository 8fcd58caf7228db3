// Last stage of the sample import: gather the kept samples in ppm, count what was done to each element, and judge
// coverage and campaigns, so that the report says everything the user should check before gridding.
import path from 'node:path';
import { CELL, campaignSummaries, sortedDls, type ElementCells } from '../quality/campaign-stats';
import { findCampaignSteps } from '../quality/campaign-step';
import { coverageText, MIN_COVERAGE } from '../quality/gate';
import type { CampaignReport, ElementQuality } from '../quality/types';
import { looksLikeCampaigns } from './campaign-column';
import { TO_PPM } from './columns';
import { STATUS, type Placed } from './coordinates';
import type { ElementReport, ImportReport, SampleImport, SampleImportOptions } from './import-types';
import { CODE_MASK, FLAG_CODE, NEG_DL_BIT, ZERO_BIT, type ReadRows } from './read-rows';
import { DEFAULT_CENSORED_RULE } from '../vocabulary';

interface Kept { idx: Int32Array; px: Float64Array; py: Float64Array; pv: Float64Array[] }

/** The kept rows in order, their projected coordinates and values in ppm; records get their place and status. */
function collectKept(rows: ReadRows, placed: Placed): Kept {
  const { status } = placed;
  const idx: number[] = [];
  for (let i = 0; i < rows.n; i++) {
    const r = rows.recIdx[i];
    if (r >= 0) {
      const rec = rows.records[r];
      if (status[i] !== STATUS.bad) { rec.x = placed.px[i]; rec.y = placed.py[i]; }
      if (placed.crs.geographic && status[i] !== STATUS.bad) { rec.lon = rows.X[i]; rec.lat = rows.Y[i]; }
      rec.status = status[i] === STATUS.kept ? 'kept' : status[i] === STATUS.duplicate ? 'duplicate'
        : status[i] === STATUS.bad ? 'bad-coordinates' : 'outside';
    }
    if (status[i] === STATUS.kept) idx.push(i);
  }
  const k = Int32Array.from(idx);
  return {
    idx: k,
    px: Float64Array.from(k, (i) => placed.px[i]),
    py: Float64Array.from(k, (i) => placed.py[i]),
    pv: rows.V.map((v, e) => Float64Array.from(k, (i) => v[i] * TO_PPM[rows.units[e]])),
  };
}

function elementCounts(rows: ReadRows, kept: Kept): { perElement: ElementReport[]; quality: ElementQuality[]; cells: ElementCells[] } {
  const perElement: ElementReport[] = [], quality: ElementQuality[] = [], cells: ElementCells[] = [];
  const n = kept.idx.length;
  rows.map.elements.forEach((ec, e) => {
    const toPpm = TO_PPM[rows.units[e]];
    const pe: ElementReport = {
      element: ec.element, column: ec.column, unitOriginal: rows.units[e], censored: 0, missing: 0, sentinel: 0, negativeDL: 0,
      kept: 0, zeros: 0, zerosCensored: 0, ...(ec.flagColumn ? { flagColumn: ec.flagColumn } : {}),
    };
    const kind = new Uint8Array(n);
    let measured = 0;
    for (let k = 0; k < n; k++) {
      const f = rows.F[e][kept.idx[k]];
      const code = f & CODE_MASK;
      const zero = (f & ZERO_BIT) !== 0;
      if (code === FLAG_CODE.censored && !zero) pe.censored++;
      else if (code === FLAG_CODE.missing) pe.missing++;
      else if (code === FLAG_CODE.sentinel) pe.sentinel++;
      if (zero) { pe.zeros++; if (code === FLAG_CODE.censored) pe.zerosCensored++; }
      if (f & NEG_DL_BIT) pe.negativeDL++;
      if (Number.isFinite(kept.pv[e][k])) pe.kept++;
      if (code === FLAG_CODE.ok) measured++;
      kind[k] = code === FLAG_CODE.ok ? CELL.measured : code === FLAG_CODE.censored ? CELL.censored : CELL.notAnalysed;
    }
    perElement.push(pe);
    const dls = new Map<number, Set<number>>();
    const all: number[] = [];
    for (const [c, s] of rows.dls[e]) {
      dls.set(c, new Set([...s].map((v) => v * toPpm)));
      for (const v of s) all.push(v * toPpm);
    }
    quality.push({
      element: ec.element, samples: n, measured, censored: pe.censored, zeros: pe.zeros, zerosCensored: pe.zerosCensored,
      sentinel: pe.sentinel, missing: pe.missing, coverage: n ? measured / n : 0, detectionLimits: sortedDls(all), campaignSteps: [],
    });
    cells.push({ element: ec.element, kind, value: kept.pv[e], dls });
  });
  return { perElement, quality, cells };
}

/** Campaign of each kept sample (-1: none); a column found by name whose values do not group samples is dropped. */
function keptCampaigns(rows: ReadRows, kept: Kept, notes: string[]): { of: Int32Array; column: string | null; how: string } {
  const col = rows.campaignColumn;
  const none = { of: new Int32Array(kept.idx.length).fill(-1), column: null, how: 'none found' };
  if (!col) return none;
  const of = Int32Array.from(kept.idx, (i) => rows.campaign[i]);
  const distinct = new Set(of).size - (of.includes(-1) ? 1 : 0);
  if (col.how !== 'given' && !looksLikeCampaigns(distinct, of.length)) {
    notes.push(`campaign: column '${col.column}' looked like one by name but holds ${distinct} distinct values in ` +
      `${of.length} samples, too many to be campaigns; pass campaign: COLUMN to use it anyway`);
    for (const r of rows.records) delete r.campaign;
    return { ...none, how: `'${col.column}' rejected (${distinct} distinct values)` };
  }
  return { of, column: col.column, how: col.how };
}

function campaignReport(rows: ReadRows, kept: Kept, cells: ElementCells[], quality: ElementQuality[], notes: string[]):
  { report: CampaignReport; of: Int32Array } {
  const { of, column, how } = keptCampaigns(rows, kept, notes);
  const report: CampaignReport = { column, how, campaigns: [], steps: [], tested: [], radius: null, notes: [] };
  if (!column) return { report, of };
  report.campaigns = campaignSummaries(rows.campaignNames, of, cells);
  const empty = rows.campaignNames.filter((name) => !report.campaigns.some((c) => c.campaign === name));
  if (empty.length) {
    report.notes.push(`campaigns ${empty.join(', ')}: no sample kept (every row repeats an earlier sample, or has bad coordinates)`);
  }
  const res = findCampaignSteps(kept.px, kept.py, of, rows.campaignNames, cells.map((c) => ({ element: c.element, value: c.value })));
  report.steps = res.steps;
  report.tested = res.tested;
  report.radius = Number.isFinite(res.radius) ? +res.radius.toPrecision(4) : null;
  for (const u of res.untested) {
    report.notes.push(`campaigns ${u.a} and ${u.b} meet on too few samples (${u.nA} + ${u.nB}) to test for a level step`);
  }
  for (const s of res.steps) quality.find((q) => q.element === s.element)!.campaignSteps.push(s);
  return { report, of };
}

/** Builds the import's result from the placed rows. */
export function buildResult(rows: ReadRows, placed: Placed, duplicateCoordinates: number, options: SampleImportOptions, notes: string[]): SampleImport {
  const kept = collectKept(rows, placed);
  const { perElement, quality, cells } = elementCounts(rows, kept);
  const { report: campaigns, of } = campaignReport(rows, kept, cells, quality, notes);
  const warnings: string[] = [];
  for (const q of quality) {
    if (q.coverage < MIN_COVERAGE) warnings.push(`${q.element}: low coverage, ${coverageText(q)}; not gridded unless forced`);
  }
  for (const s of campaigns.steps) {
    warnings.push(`${s.element}: level step between campaigns ${s.a} and ${s.b} (medians ${s.medianA} vs ${s.medianB} ppm ` +
      `on ${s.nA} + ${s.nB} samples within ${Math.round(s.radius)} m of each other, p = ${s.p.toExponential(1)})`);
  }
  let badCoordinates = 0, outside = 0;
  for (const s of placed.status) { if (s === STATUS.bad) badCoordinates++; else if (s === STATUS.outside) outside++; }
  const coordRule = options.duplicateCoordinates ?? 'keep';
  if ((options.duplicates ?? 'drop') === 'drop' && rows.duplicatesExact) {
    notes.push(`${rows.duplicatesExact} exact duplicate rows dropped (same coordinates and the same text in all ${rows.hashColumns - 2} analyte columns)`);
  }
  if (coordRule === 'mean' && rows.records.length) notes.push('records keep each row\'s own values; points carry the means');
  const d = rows.detected;
  const report: ImportReport = {
    file: path.resolve(rows.file), format: d.format, encoding: d.encoding, delimiter: d.delimiter, decimalComma: d.decimalComma,
    headerRow: d.headerRow, ...(d.sheet ? { sheet: d.sheet } : {}), rowsRead: rows.rowsRead, rowsKept: kept.idx.length,
    duplicatesExact: rows.duplicatesExact, duplicateCoordinates, duplicateCoordinatesRule: coordRule, badCoordinates, outside,
    shortRowsSkipped: rows.shortRowsSkipped, longRowsSkipped: rows.longRowsSkipped, crs: placed.crs.code,
    targetCrs: placed.target.code, reprojection: placed.reprojection, censoredRule: options.censoredRule ?? DEFAULT_CENSORED_RULE,
    x: rows.map.x.column, y: rows.map.y.column, perElement, quality, campaigns, notes, warnings,
  };
  return {
    points: { crs: placed.target.code, x: kept.px, y: kept.py, elements: rows.map.elements.map((e) => e.element), values: kept.pv },
    campaigns: Array.from(of, (c) => (c < 0 ? null : rows.campaignNames[c])),
    samples: rows.records,
    report,
  };
}
