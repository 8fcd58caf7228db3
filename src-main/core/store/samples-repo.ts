import type { ElementQuality } from '../quality/types';
import type { Deposit, SamplePoints } from '../types';
import { ProspectError } from '../types';
import { nowIso, type Project } from './project';

/** One imported row as the store keeps it: the raw text of every cell stays, beside the parsed value and its flag. */
export interface StoredSampleRow {
  row: number;
  sampleId?: string;
  x: number | null;
  y: number | null;
  lon?: number;
  lat?: number;
  status: string;
  campaign?: string;
  cells: { element: string; value: number | null; raw: string; flag: string; unit?: string }[];
}

export function saveSampleImport(
  p: Project,
  file: string,
  options: unknown,
  report: unknown,
  rows: StoredSampleRow[],
  crs: string,
  quality: readonly ElementQuality[] = [],
): number {
  return p.transaction(() => {
    const projectCrs = p.getMeta('crs');
    if (projectCrs && projectCrs !== crs) {
      throw new ProspectError(
        `${file}: samples are in ${crs} but the project is in ${projectCrs}; import with --target-crs ${projectCrs}.`,
        'CRS_MISMATCH', { file });
    }
    if (!projectCrs) p.setMeta('crs', crs);
    const imp = p.db.prepare('INSERT INTO imports(kind, file, options, report, created_at) VALUES (?,?,?,?,?)')
      .run('samples', file, JSON.stringify(options), JSON.stringify(report), nowIso());
    const importId = Number(imp.lastInsertRowid);
    const insS = p.db.prepare('INSERT INTO samples(import_id, row_no, sample_id, x, y, lon, lat, status, campaign) VALUES (?,?,?,?,?,?,?,?,?)');
    const insV = p.db.prepare('INSERT INTO sample_values(sample_id, element, value, raw, flag, unit) VALUES (?,?,?,?,?,?)');
    for (const r of rows) {
      const fin = (v: number | null | undefined) => (v === undefined || v === null || !Number.isFinite(v) ? null : v);
      const id = Number(insS.run(importId, r.row, r.sampleId ?? null, fin(r.x), fin(r.y), fin(r.lon), fin(r.lat), r.status, r.campaign ?? null).lastInsertRowid);
      for (const c of r.cells) {
        insV.run(id, c.element, c.value === null || !Number.isFinite(c.value) ? null : c.value, c.raw, c.flag, c.unit ?? null);
      }
    }
    const insQ = p.db.prepare('INSERT INTO element_quality(import_id, element, samples, measured, censored, zeros, zeros_censored, ' +
      'sentinel, missing, detection_limits, campaign_steps) VALUES (?,?,?,?,?,?,?,?,?,?,?)');
    for (const q of quality) {
      insQ.run(importId, q.element, q.samples, q.measured, q.censored, q.zeros, q.zerosCensored, q.sentinel, q.missing,
        JSON.stringify(q.detectionLimits), JSON.stringify(q.campaignSteps));
    }
    return importId;
  });
}

/** The kept samples of every import, as points in the project's CRS (NaN where an element is missing). */
export function loadSamplePoints(p: Project): SamplePoints {
  const crs = p.getMeta('crs') ?? '';
  const samples = p.db.prepare("SELECT id, x, y FROM samples WHERE status = 'kept' ORDER BY id").all() as { id: number; x: number; y: number }[];
  const elements = (p.db.prepare(
    "SELECT DISTINCT v.element FROM sample_values v JOIN samples s ON s.id = v.sample_id WHERE s.status = 'kept' ORDER BY v.element",
  ).all() as { element: string }[]).map((r) => r.element);
  const index = new Map<number, number>();
  samples.forEach((s, i) => index.set(s.id, i));
  const values = elements.map(() => new Float64Array(samples.length).fill(NaN));
  const eIndex = new Map(elements.map((e, i) => [e, i]));
  const it = p.db.prepare(
    "SELECT v.sample_id AS sid, v.element AS element, v.value AS value FROM sample_values v JOIN samples s ON s.id = v.sample_id WHERE s.status = 'kept' AND v.value IS NOT NULL",
  ).iterate() as Iterable<{ sid: number; element: string; value: number }>;
  for (const r of it) values[eIndex.get(r.element)!][index.get(r.sid)!] = r.value;
  return {
    crs,
    x: Float64Array.from(samples, (s) => s.x),
    y: Float64Array.from(samples, (s) => s.y),
    elements,
    values,
  };
}

/** The campaign of each kept sample, in the order of loadSamplePoints; null where the file gave none. */
export function loadSampleCampaigns(p: Project): (string | null)[] {
  return (p.db.prepare("SELECT campaign FROM samples WHERE status = 'kept' ORDER BY id").all() as { campaign: string | null }[])
    .map((r) => r.campaign);
}

interface QualityRow {
  element: string; samples: number; measured: number; censored: number; zeros: number; zeros_censored: number;
  sentinel: number; missing: number; detection_limits: string; campaign_steps: string;
}

/**
 * Quality of a sample import written before quality was stored, from its cells' flags: exact zeros count as below
 * detection where the element has censored cells, as the import now reads them.
 */
function qualityFromCells(p: Project, importId: number): ElementQuality[] {
  const rows = p.db.prepare(
    "SELECT v.element AS element, count(*) AS samples, sum(v.flag = 'ok' AND v.value <> 0) AS measured, " +
    "sum(v.flag = 'ok' AND v.value = 0) AS zeros, sum(v.flag = 'censored') AS censored, " +
    "sum(v.flag = 'sentinel') AS sentinel, sum(v.flag = 'missing') AS missing FROM sample_values v " +
    "JOIN samples s ON s.id = v.sample_id WHERE s.import_id = ? AND s.status = 'kept' GROUP BY v.element ORDER BY v.element",
  ).all(importId) as { element: string; samples: number; measured: number; zeros: number; censored: number; sentinel: number; missing: number }[];
  return rows.map((r) => {
    const zerosCensored = r.censored > 0 ? r.zeros : 0;
    const measured = r.measured + r.zeros - zerosCensored;
    return {
      element: r.element, samples: r.samples, measured, censored: r.censored, zeros: r.zeros, zerosCensored,
      sentinel: r.sentinel, missing: r.missing, coverage: r.samples ? measured / r.samples : 0, detectionLimits: [], campaignSteps: [],
    };
  });
}

/** Coverage and censoring per element of each sample import, in import order (app/element-quality.ts merges them). */
export function loadElementQualityByImport(p: Project): ElementQuality[][] {
  const imports = p.db.prepare("SELECT id FROM imports WHERE kind = 'samples' ORDER BY id").all() as { id: number }[];
  const sel = p.db.prepare('SELECT * FROM element_quality WHERE import_id = ? ORDER BY rowid');
  const parts = imports.map(({ id }) => {
    const rows = sel.all(id) as QualityRow[];
    if (rows.length === 0) return qualityFromCells(p, id);
    return rows.map((r) => ({
      element: r.element, samples: r.samples, measured: r.measured, censored: r.censored, zeros: r.zeros,
      zerosCensored: r.zeros_censored, sentinel: r.sentinel, missing: r.missing, coverage: r.samples ? r.measured / r.samples : 0,
      detectionLimits: JSON.parse(r.detection_limits) as number[], campaignSteps: JSON.parse(r.campaign_steps) as ElementQuality['campaignSteps'],
    }));
  });
  return parts;
}

export function countSamples(p: Project): { kept: number; total: number } {
  const r = p.db.prepare("SELECT count(*) AS total, sum(status = 'kept') AS kept FROM samples").get() as { total: number; kept: number | null };
  return { kept: r.kept ?? 0, total: r.total };
}

export function saveDeposits(p: Project, file: string, options: unknown, report: unknown, deposits: Deposit[], crs: string, attrs?: unknown[]): number {
  return p.transaction(() => {
    const projectCrs = p.getMeta('crs');
    if (projectCrs && projectCrs !== crs) {
      throw new ProspectError(`${file}: deposits are in ${crs} but the project is in ${projectCrs}.`, 'CRS_MISMATCH', { file });
    }
    if (!projectCrs) p.setMeta('crs', crs);
    const imp = p.db.prepare('INSERT INTO imports(kind, file, options, report, created_at) VALUES (?,?,?,?,?)')
      .run('deposits', file, JSON.stringify(options), JSON.stringify(report), nowIso());
    const importId = Number(imp.lastInsertRowid);
    const ins = p.db.prepare('INSERT INTO deposits(import_id, ext_id, name, x, y, attrs) VALUES (?,?,?,?,?,?)');
    deposits.forEach((d, i) => ins.run(importId, d.id, d.name ?? null, d.x, d.y, attrs?.[i] ? JSON.stringify(attrs[i]) : null));
    return importId;
  });
}

export function loadDeposits(p: Project): Deposit[] {
  return (p.db.prepare('SELECT id, ext_id, name, x, y FROM deposits ORDER BY id').all() as { id: number; ext_id: string | null; name: string | null; x: number; y: number }[])
    .map((r) => ({ id: r.ext_id ?? String(r.id), name: r.name ?? undefined, x: r.x, y: r.y }));
}

export interface ImportRecord { id: number; kind: string; file: string; report: unknown; created_at: string }

export function listImports(p: Project): ImportRecord[] {
  return (p.db.prepare('SELECT id, kind, file, report, created_at FROM imports ORDER BY id').all() as { id: number; kind: string; file: string; report: string; created_at: string }[])
    .map((r) => ({ ...r, report: JSON.parse(r.report) }));
}

/** The kept samples' coordinates only (no assays), for maps and the sample spacing. */
export function loadSampleXY(p: Project): { x: Float64Array; y: Float64Array } {
  const rows = p.db.prepare("SELECT x, y FROM samples WHERE status = 'kept' AND x IS NOT NULL AND y IS NOT NULL ORDER BY id").all() as { x: number; y: number }[];
  return { x: Float64Array.from(rows, (r) => r.x), y: Float64Array.from(rows, (r) => r.y) };
}
