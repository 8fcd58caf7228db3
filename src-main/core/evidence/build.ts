// One evidence file onto the study grid: read it, guess or take its kind, carry it over, check its alignment, and say
// what was done. Storing it in the project is the caller's.
import path from 'node:path';
import { readGeoTiff } from '../grid/geotiff-read';
import { ProspectError, type GridSpec, type TaskOptions } from '../types';
import { alignByIndex, checkAlignment } from './alignment';
import { guessRasterKind, guessVectorKind } from './kind';
import { chooseMethod, warp } from './resample';
import { summariseValues, type EvidenceSummary } from './summary';
import type { EvidenceKind, RasterLayer } from './types';
import { readLegend } from './legend';
import { readVat } from './vat';
import { densityWithin, distanceToGeometry } from './vector/distance';
import { reprojectLayer } from './vector/geometry';
import { rasterisePolygons, type ClassLegend, type PolygonRule } from './vector/rasterise';
import { readVectorLayer, VECTOR_EXTENSIONS } from './vector/read';

export interface EvidenceOptions extends TaskOptions {
  /** The kind, when the user gives it; guessed from the data otherwise. */
  kind?: EvidenceKind;
  /** Polygons: the attribute holding the classes. */
  field?: string;
  /** GeoPackage: the layer. */
  layer?: string;
  /** Overrides the file's CRS (a raster with a user-defined CRS, a vector without one). */
  crs?: string;
  /** Density: the search radius in metres (default ten study cells). */
  radius?: number;
  /** Polygons: by cell centre (default) or by the majority of sub-samples. */
  rule?: PolygonRule;
  /** Deposit coordinates in the study CRS: counts per class, and the alignment check. */
  deposits?: { x: ArrayLike<number>; y: ArrayLike<number> };
  /** Class names for a categorical raster: a CSV (code,name), .clr colour map or QGIS .qml (else its attribute table). */
  legend?: string;
  /** A raster misaligned by its georeference, read by array index instead: study(r, c) = layer(r + dRow, c + dCol). */
  alignByIndex?: [number, number];
  name?: string;
}

export interface EvidenceLayerOnGrid {
  values: Float32Array;
  legend: ClassLegend[] | null;
  summary: EvidenceSummary;
}

const sameGrid = (a: GridSpec, b: GridSpec) => a.crs === b.crs && a.width === b.width && a.height === b.height &&
  Math.abs(a.xmin - b.xmin) < 1e-3 * a.cellX && Math.abs(a.ymax - b.ymax) < 1e-3 * a.cellY &&
  Math.abs(a.cellX - b.cellX) * a.width < 1e-3 * a.cellX && Math.abs(a.cellY - b.cellY) * a.height < 1e-3 * a.cellY;

export async function buildEvidence(file: string, grid: GridSpec, opts: EvidenceOptions = {}): Promise<EvidenceLayerOnGrid> {
  const name = opts.name ?? path.basename(file).replace(/\.[^.]+$/, '');
  const gridOut = { crs: grid.crs, cellX: grid.cellX, cellY: grid.cellY, width: grid.width, height: grid.height };
  const warnings: string[] = [];
  if (VECTOR_EXTENSIONS.test(file)) {
    const raw = readVectorLayer(file, opts.layer, opts.crs);
    const layer = reprojectLayer(raw, grid.crs);
    const guess = guessVectorKind(layer, opts.field);
    const kind = opts.kind ?? guess.kind;
    let values: Float32Array, legend: ClassLegend[] | null = null, method: EvidenceSummary['resampled'], units: string | null = null;
    const reproj = raw.crs === grid.crs ? '' : `; vertices reprojected from ${raw.crs} to ${grid.crs}`;
    if (kind === 'categorical') {
      if (layer.geometryType !== 'polygons') {
        throw new ProspectError(`${file}: ${layer.geometryType} cannot be categorical; use --kind distance or density.`, 'EVIDENCE_KIND', { file, column: '--kind' });
      }
      const field = opts.field ?? guess.field!;
      const rule = opts.rule ?? 'centre';
      ({ values, legend } = rasterisePolygons(layer, grid, field, rule));
      method = { method: rule === 'centre' ? 'cell-centre' : 'majority',
        reason: (rule === 'centre' ? 'each cell takes the polygon holding its centre (gdal_rasterize\'s rule)' : 'each cell takes the class of most of its 4 x 4 sub-samples') + reproj };
      if (opts.field === undefined) warnings.push(`classes taken from the attribute '${field}'; give --field to choose another (attributes: ${layer.fields.join(', ')}).`);
      return finish(values, legend, { kind, guessReason: guess.reason, field, method, units, source: sourceOf(raw, file) });
    }
    if (kind === 'density') {
      const radius = opts.radius ?? 10 * Math.max(grid.cellX, grid.cellY);
      values = densityWithin(layer, grid, radius);
      units = layer.geometryType === 'points' ? 'points/km2' : 'km/km2';
      method = { method: 'density', reason: `${layer.geometryType === 'points' ? 'points' : 'length of line'} within ${radius} m of each cell centre per km2${opts.radius ? '' : ' (radius: ten cells, the default)'}${reproj}` };
    } else if (kind === 'distance') {
      values = distanceToGeometry(layer, grid);
      units = 'm';
      method = { method: 'distance', reason: `exact distance from each cell centre to the nearest ${layer.geometryType === 'polygons' ? 'polygon edge' : layer.geometryType === 'lines' ? 'line' : 'point'}${reproj}` };
    } else {
      throw new ProspectError(`${file}: a vector layer cannot be continuous; use categorical (polygons), distance or density.`, 'EVIDENCE_KIND', { file, column: '--kind' });
    }
    return finish(values, legend, { kind, guessReason: guess.reason, method, units, source: sourceOf(raw, file) });
  }

  const g = await readGeoTiff(file, { signal: opts.signal, crs: opts.crs });
  if (g.bands.length !== 1) warnings.push(`the raster has ${g.bands.length} bands; the first is used.`);
  const layer: RasterLayer = { spec: g.spec, values: g.bands[0] };
  const vat = readVat(file);
  const guess = guessRasterKind(layer.values, vat);
  const kind = opts.kind ?? guess.kind;
  if (kind !== 'continuous' && kind !== 'categorical') {
    throw new ProspectError(`${file}: a raster is continuous or categorical; ${kind} is for vector lines and points.`, 'EVIDENCE_KIND', { file, column: '--kind' });
  }
  const alignment = checkAlignment(layer, grid, { deposits: opts.deposits, categorical: kind === 'categorical' });
  let values: Float32Array, method: EvidenceSummary['resampled'];
  if (opts.alignByIndex) {
    const [dr, dc] = opts.alignByIndex;
    values = alignByIndex(layer, grid, dr, dc);
    method = { method: 'array-index', reason: `read by array index, study(row, col) = layer(row + ${dr}, col + ${dc}), its georeference ignored as asked` };
  } else if (sameGrid(layer.spec, grid)) {
    values = Float32Array.from(layer.values);
    method = { method: 'identical', reason: 'the raster is on the study grid already' };
  } else {
    const c = chooseMethod(layer.spec, grid, kind === 'categorical');
    values = warp(layer, grid, c.method);
    method = { method: c.method, reason: c.reason + (layer.spec.crs === grid.crs ? '' : `; reprojected from ${layer.spec.crs} to ${grid.crs}`) };
  }
  if (!opts.alignByIndex) warnings.push(...alignment.warnings);
  const names = opts.legend ? readLegend(opts.legend) : vat?.names;
  const legend = kind === 'categorical' && names ? [...names].map(([code, label]) => ({ code, label })) : null;
  const { deposits: d, ...rest } = alignment;
  const summary = finish(values, legend, {
    kind, guessReason: guess.reason, method, units: null,
    source: { format: 'geotiff', crs: g.spec.crs, cellX: g.spec.cellX, cellY: g.spec.cellY, width: g.spec.width, height: g.spec.height },
  });
  summary.summary.alignment = { ...rest, deposits: d ? { total: d.total, asPlaced: d.asPlaced, best: d.best } : null };
  return summary;

  function finish(values: Float32Array, legend: ClassLegend[] | null, s: {
    kind: EvidenceKind; guessReason: string; field?: string; method: EvidenceSummary['resampled']; units: string | null; source: EvidenceSummary['source'];
  }): EvidenceLayerOnGrid {
    const stats = summariseValues(values, grid, s.kind, legend, opts.deposits);
    if (stats.cells.covered === 0) warnings.unshift('the layer covers no cell of the study grid: check its CRS and extent.');
    return {
      values, legend,
      summary: {
        layer: name, file, source: s.source, kind: s.kind, kindGuessed: opts.kind === undefined,
        kindReason: opts.kind === undefined ? s.guessReason : `given (the data suggest: ${s.guessReason})`,
        ...(s.field ? { field: s.field } : {}), resampled: s.method, grid: gridOut, ...stats, units: s.units, warnings,
      },
    };
  }
}

function sourceOf(l: { crs?: string; geometryType: string; features: unknown[] }, file: string): EvidenceSummary['source'] {
  const ext = path.extname(file).toLowerCase();
  return {
    format: ext === '.gpkg' ? 'gpkg' : ext === '.shp' ? 'shapefile' : 'geojson',
    crs: l.crs ?? null, geometryType: l.geometryType, features: l.features.length,
  };
}
