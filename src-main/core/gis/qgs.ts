// A QGIS project (.qgs) over the exported files and the project file's vector layers: relative paths (the folder
// can be moved or zipped), groups in a geologist's reading order, names in the user's language, every layer styled.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, dirname, relative, sep } from 'node:path';
import { listGpkgLayers } from '../formats/gpkg-layers';
import { classifyFile, type ClassifiedFile } from './classify';
import { crsProj4, crsWkt } from '../util/crs-wkt';
import { depositsQml, samplesQml, windowsQml, type LayerKind } from './layer-styles';
import { name, type Lang, type NameKey } from './names';
import { styleFor } from './write-styles';

export type GroupKey = 'targets' | 'deposits' | 'probability' | 'uncertainty' | 'elementGrids' | 'samples';
/** Top of the layer list first: what is drawn on top. */
export const GROUP_ORDER: GroupKey[] = ['targets', 'deposits', 'probability', 'uncertainty', 'elementGrids', 'samples'];

export interface QgsLayer {
  name: string;
  /** Relative to the .qgs file; ogr sources may end in |layername=NAME. */
  source: string;
  raster: boolean;
  geometry?: 'Point' | 'Polygon';
  /** A full QML document; its renderer (or pipe) goes into the project. */
  qml: string;
  group: GroupKey;
  visible: boolean;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function qmlBody(qml: string): string {
  const m = /<qgis[^>]*>([\s\S]*)<\/qgis>/.exec(qml);
  return m ? m[1] : '';
}

function srsXml(crs: string): string {
  const wkt = crsWkt(crs);
  const auth = /^EPSG:\d+$/i.test(crs) ? crs.toUpperCase() : '';
  return `<spatialrefsys>${wkt ? `<wkt>${esc(wkt)}</wkt>` : ''}<proj4>${esc(crsProj4(crs))}</proj4>${auth ? `<authid>${auth}</authid>` : ''}</spatialrefsys>`;
}

/** The .qgs document. */
export function qgsXml(opts: { title: string; crs: string; layers: QgsLayer[]; lang: Lang }): string {
  // QGIS keeps a layer's id only when it is longer than 10 characters (it generates a new one otherwise, and the
  // layer tree no longer finds its layers).
  const ids = opts.layers.map((l, i) => `prospect_layer_${String(i).padStart(2, '0')}_${l.group}`);
  const groups = GROUP_ORDER.map((g) => {
    const members = opts.layers.map((l, i) => ({ l, id: ids[i] })).filter(({ l }) => l.group === g);
    if (!members.length) return '';
    const layers = members.map(({ l, id }) =>
      `<layer-tree-layer id="${id}" name="${esc(l.name)}" source="${esc(l.source)}" providerKey="${l.raster ? 'gdal' : 'ogr'}" checked="${l.visible ? 'Qt::Checked' : 'Qt::Unchecked'}" expanded="0" legend_exp=""><customproperties/></layer-tree-layer>`).join('');
    return `<layer-tree-group name="${esc(name(g as NameKey, opts.lang))}" checked="Qt::Checked" expanded="1"><customproperties/>${layers}</layer-tree-group>`;
  }).join('');
  const maplayers = opts.layers.map((l, i) => {
    const head = l.raster
      ? '<maplayer type="raster" autoRefreshEnabled="0" hasScaleBasedVisibilityFlag="0" styleCategories="AllStyleCategories">'
      : `<maplayer type="vector" geometry="${l.geometry}" wkbType="${l.geometry}" autoRefreshEnabled="0" hasScaleBasedVisibilityFlag="0" styleCategories="AllStyleCategories">`;
    return `${head}<id>${ids[i]}</id><datasource>${esc(l.source)}</datasource><layername>${esc(l.name)}</layername>` +
      `<srs>${srsXml(opts.crs)}</srs><provider${l.raster ? '' : ' encoding="UTF-8"'}>${l.raster ? 'gdal' : 'ogr'}</provider>${qmlBody(l.qml)}</maplayer>`;
  }).join('\n');
  return `<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis projectname="${esc(opts.title)}" version="3.22.0">\n` +
    `<homePath path=""/><title>${esc(opts.title)}</title><projectCrs>${srsXml(opts.crs)}</projectCrs>\n` +
    `<layer-tree-group><customproperties/>${groups}</layer-tree-group>\n<projectlayers>\n${maplayers}\n</projectlayers>\n` +
    '<properties><Paths><Absolute type="bool">false</Absolute></Paths></properties>\n</qgis>\n';
}

const GROUP_OF: Record<LayerKind, GroupKey> = {
  targets: 'targets', classes: 'targets', tiles: 'targets', windows: 'deposits', deposits: 'deposits',
  probability: 'probability', uncertainty: 'uncertainty', support: 'uncertainty', element: 'elementGrids', samples: 'samples',
};

/** The export step's own files by stem, each its own name (two layers called "Probability" cannot be told apart). */
const NAMED_STEMS: Record<string, NameKey> = {
  probability: 'windowScore', probability_calibrated: 'calibrated', score: 'score', tile_probability: 'tileProbability',
  target_classes: 'areaClasses', tile_classes: 'tileClasses',
};

function layerName(c: ClassifiedFile, lang: Lang): string {
  if (c.kind === 'element') return c.stem;
  const own = NAMED_STEMS[c.stem.toLowerCase()];
  if (own) return name(own, lang);
  if (c.kind === 'probability') return name(c.stem.toLowerCase().includes('tile') ? 'tileProbability' : 'probability', lang);
  const key: Record<Exclude<LayerKind, 'element' | 'probability'>, NameKey> = {
    targets: 'targets', classes: 'targetClasses', tiles: 'tiles', windows: 'windows', deposits: 'deposits', uncertainty: 'uncertainty', support: 'samplingSupport', samples: 'samples',
  };
  return name(key[c.kind], lang);
}

/** Names made unique: a repeated name gets its file's stem (or a number) after it. */
export function uniqueNames(layers: { name: string; source: string }[]): string[] {
  const seen = new Set<string>();
  return layers.map((l) => {
    let n = l.name;
    if (seen.has(n)) {
      const stem = (/([^/|]+?)(\.[^./|]+)?(\|layername=(.+))?$/.exec(l.source) ?? [])[4] ?? (/([^/|]+?)(\.[^./|]+)?$/.exec(l.source) ?? [])[1] ?? '';
      n = stem && !seen.has(`${l.name} (${stem})`) ? `${l.name} (${stem})` : n;
      for (let k = 2; seen.has(n); k++) n = `${l.name} (${k})`;
    }
    seen.add(n);
    return n;
  });
}

function rel(from: string, to: string): string {
  const r = relative(from, to).split(sep).join('/');
  return r.startsWith('.') ? r : `./${r}`;
}

/**
 * What is checked when the project opens: the targets, the deposits and one probability map (the dense one, the
 * tiles' when there is none), so the first view is the probability map and not whichever element grid is on top.
 */
function startsVisible(c: ClassifiedFile, hasDense: boolean): boolean {
  if (c.kind === 'targets' || c.kind === 'deposits') return true;
  if (c.kind === 'probability') return !c.stem.toLowerCase().includes('tile') || !hasDense;
  return false;
}

/** The delivered map (calibrated, or the score) is the one to see first when there is one; the dense score otherwise. */
function firstVisible(found: ClassifiedFile[]): (c: ClassifiedFile) => boolean {
  const hasDense = found.some((c) => c.kind === 'probability' && !c.stem.toLowerCase().includes('tile'));
  const delivered = found.find((c) => c.kind === 'probability' && ['probability_calibrated', 'score'].includes(c.stem.toLowerCase()));
  return (c) => (c.kind === 'probability' && delivered ? c === delivered : startsVisible(c, hasDense));
}

/** The project file's feature tables, or none when it is not a GeoPackage (a QGIS layer over a missing table is invalid). */
function projectTables(file: string): Set<string> {
  if (!existsSync(file)) return new Set();
  try {
    return new Set(listGpkgLayers(file).map((l) => l.name));
  } catch {
    return new Set();
  }
}

/**
 * Writes `file` (a .qgs) over the exported `files` (GeoTIFFs, GeoJSON; the rest, and files that do not exist, are
 * skipped) and, when given, the project file's deposits, samples and training windows (those it holds). Returns the
 * file written.
 */
export async function writeQgisProject(file: string, opts: { files: string[]; projectFile?: string; lang: Lang; crs: string; title?: string }): Promise<string> {
  const dir = dirname(file);
  const layers: QgsLayer[] = [];
  const found = opts.files.filter((f) => existsSync(f)).map(classifyFile).filter((c): c is ClassifiedFile => c !== null);
  const visible = firstVisible(found);
  for (const c of found) {
    const qml = await styleFor(c, opts.lang);
    if (!qml) continue;
    layers.push({
      name: layerName(c, opts.lang), source: rel(dir, c.file), raster: c.raster, geometry: c.raster ? undefined : c.kind === 'deposits' || c.kind === 'samples' ? 'Point' : 'Polygon',
      qml, group: GROUP_OF[c.kind], visible: visible(c),
    });
  }
  if (opts.projectFile) {
    const tables = projectTables(opts.projectFile);
    const src = (layer: string) => `${rel(dir, opts.projectFile!)}|layername=${layer}`;
    const own: (QgsLayer & { table: string })[] = [
      { table: 'deposit_points', name: name('deposits', opts.lang), source: src('deposit_points'), raster: false, geometry: 'Point', qml: depositsQml(), group: 'deposits', visible: true },
      { table: 'training_windows', name: name('windows', opts.lang), source: src('training_windows'), raster: false, geometry: 'Polygon', qml: windowsQml(opts.lang), group: 'deposits', visible: false },
      { table: 'sample_points', name: name('samples', opts.lang), source: src('sample_points'), raster: false, geometry: 'Point', qml: samplesQml(), group: 'samples', visible: false },
    ];
    for (const { table, ...l } of own) if (tables.has(table)) layers.push(l);
  }
  const grouped = GROUP_ORDER.flatMap((g) => layers.filter((l) => l.group === g));
  const names = uniqueNames(grouped);
  const sorted = grouped.map((l, i) => ({ ...l, name: names[i] }));
  await writeFile(file, qgsXml({ title: opts.title ?? basename(file).replace(/\.qgs$/i, ''), crs: opts.crs, layers: sorted, lang: opts.lang }));
  return file;
}
