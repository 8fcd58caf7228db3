// What each GIS layer is built from, read from the store's own tables: a layer is rebuilt only when its source key
// (the ids of the imports or runs it shows) changes, so a step that leaves a layer's inputs alone costs nothing.
import type { Project } from '../project';

export interface SampleFeature {
  id: number; row: number; sampleId: string | null; x: number; y: number; status: string; campaign: string | null; file: string;
  cells: Map<string, { value: number | null; flag: string }>;
}

export function importsKey(p: Project, kind: 'samples' | 'deposits'): string {
  const r = p.db.prepare('SELECT group_concat(id) AS ids FROM (SELECT id FROM imports WHERE kind = ? ORDER BY id)').get(kind) as { ids: string | null };
  return `${kind}:${r.ids ?? ''}`;
}

export function gridsKey(p: Project): string {
  const r = p.db.prepare("SELECT group_concat(k) AS k FROM (SELECT element || ':' || source || ':' || coalesce(run_id, '') AS k FROM grids ORDER BY rowid)").get() as { k: string | null };
  return r.k ?? '';
}

/** Every sample with coordinates, its assays and flags by element, and the units of each element. */
export function sampleFeatures(p: Project): { samples: SampleFeature[]; elements: string[]; units: Map<string, string> } {
  const rows = p.db.prepare(
    'SELECT s.id AS id, s.row_no AS row, s.sample_id AS sampleId, s.x AS x, s.y AS y, s.status AS status, s.campaign AS campaign, i.file AS file ' +
    'FROM samples s JOIN imports i ON i.id = s.import_id WHERE s.x IS NOT NULL AND s.y IS NOT NULL ORDER BY s.id',
  ).all() as Omit<SampleFeature, 'cells'>[];
  const byId = new Map<number, SampleFeature>();
  const samples = rows.map((r) => { const f = { ...r, cells: new Map() }; byId.set(r.id, f); return f; });
  const elements = new Set<string>();
  const units = new Map<string, string>();
  const it = p.db.prepare('SELECT sample_id AS sid, element, value, flag, unit FROM sample_values').iterate() as Iterable<{ sid: number; element: string; value: number | null; flag: string; unit: string | null }>;
  for (const v of it) {
    elements.add(v.element);
    if (v.unit && !units.has(v.element)) units.set(v.element, v.unit);
    byId.get(v.sid)?.cells.set(v.element, { value: v.value, flag: v.flag });
  }
  return { samples, elements: [...elements].sort(), units };
}

export interface DepositFeature { id: number; extId: string | null; name: string | null; x: number; y: number; file: string | null; row: number | null }

export function depositFeatures(p: Project): DepositFeature[] {
  const rows = p.db.prepare('SELECT d.id AS id, d.ext_id AS extId, d.name AS name, d.x AS x, d.y AS y, d.attrs AS attrs, i.file AS file FROM deposits d LEFT JOIN imports i ON i.id = d.import_id ORDER BY d.id')
    .all() as (Omit<DepositFeature, 'row'> & { attrs: string | null })[];
  return rows.map(({ attrs, ...r }) => ({ ...r, row: attrs ? ((JSON.parse(attrs) as { row?: number }).row ?? null) : null }));
}

export function storedLayerSource(p: Project, layer: string): string | undefined {
  return (p.db.prepare('SELECT source FROM gis_layer_sources WHERE layer = ?').get(layer) as { source: string } | undefined)?.source;
}

export function setLayerSource(p: Project, layer: string, source: string | null): void {
  if (source === null) p.db.prepare('DELETE FROM gis_layer_sources WHERE layer = ?').run(layer);
  else p.db.prepare('INSERT INTO gis_layer_sources(layer, source) VALUES (?, ?) ON CONFLICT(layer) DO UPDATE SET source = excluded.source').run(layer, source);
}

/** Makes `qml` the default style of a layer (QGIS applies it when the layer is loaded). */
export function setDefaultStyle(p: Project, table: string, geometryColumn: string | null, title: string, qml: string): void {
  p.db.prepare('DELETE FROM layer_styles WHERE f_table_name = ?').run(table);
  p.db.prepare("INSERT INTO layer_styles(f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description, owner, ui) VALUES ('', '', ?, ?, ?, ?, '', 1, ?, '', '')")
    .run(table, geometryColumn, title, qml, 'Prospect Workstation default style');
}
