// Polygons onto the study grid as class codes of one attribute: by cell centre (gdal_rasterize's rule: a cell takes
// the last feature whose polygon holds its centre, even-odd across rings) or by the majority of s x s sub-samples.
import { ProspectError, type GridSpec } from '../../types';
import { warp } from '../resample';
import type { VectorLayer, XY } from './geometry';

export interface ClassLegend {
  /** Raster code -> the attribute's value (numeric attributes are their own codes). */
  code: number;
  label: string;
}

/**
 * Codes of `field` for every feature: the values themselves when all are numbers (or numeric text), else 1..k over
 * the distinct texts in sorted order. A feature with no value stays unburned (NaN).
 */
export function classCodes(layer: VectorLayer, field: string): { codes: Float64Array; legend: ClassLegend[]; numeric: boolean } {
  if (!layer.fields.includes(field)) {
    throw new ProspectError(`${layer.file}: there is no attribute '${field}'. Attributes: ${layer.fields.join(', ') || '(none)'}.`,
      'NO_FIELD', { file: layer.file, column: field });
  }
  const raw = layer.features.map((f) => f.attributes[field]);
  const blank = (v: unknown) => v === null || v === undefined || v === '';
  const numeric = raw.every((v) => blank(v) || (typeof v === 'number' ? Number.isFinite(v) : /^\s*-?\d+(\.\d+)?\s*$/.test(String(v))));
  const codes = new Float64Array(raw.length).fill(NaN);
  if (numeric) {
    raw.forEach((v, i) => { if (!blank(v)) codes[i] = Number(v); });
    const seen = [...new Set(codes.filter((v) => !Number.isNaN(v)))].sort((a, b) => a - b);
    return { codes, legend: seen.map((c) => ({ code: c, label: String(c) })), numeric };
  }
  const labels = [...new Set(raw.filter((v) => !blank(v)).map(String))].sort();
  raw.forEach((v, i) => { if (!blank(v)) codes[i] = labels.indexOf(String(v)) + 1; });
  return { codes, legend: labels.map((label, i) => ({ code: i + 1, label })), numeric };
}

/** Burns one polygon's rings (even-odd) with `value` at cell centres of `grid`. */
function burnPolygon(rings: XY[][], grid: GridSpec, value: number, out: Float32Array): void {
  let ymin = Infinity, ymax = -Infinity;
  for (const ring of rings) for (const p of ring) { ymin = Math.min(ymin, p[1]); ymax = Math.max(ymax, p[1]); }
  const r0 = Math.max(0, Math.floor((grid.ymax - ymax) / grid.cellY - 0.5));
  const r1 = Math.min(grid.height - 1, Math.ceil((grid.ymax - ymin) / grid.cellY - 0.5));
  const xs: number[] = [];
  for (let r = r0; r <= r1; r++) {
    const yc = grid.ymax - (r + 0.5) * grid.cellY;
    xs.length = 0;
    for (const ring of rings) {
      const n = ring.length;
      for (let i = 0; i < n; i++) {
        const [ax, ay] = ring[i], [bx, by] = ring[(i + 1) % n];
        // Half-open in y, so a vertex on the scan line counts once.
        if ((ay <= yc && yc < by) || (by <= yc && yc < ay)) xs.push(ax + ((yc - ay) / (by - ay)) * (bx - ax));
      }
    }
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      // Cells whose centre lies in [xs[k], xs[k + 1]).
      const c0 = Math.max(0, Math.ceil((xs[k] - grid.xmin) / grid.cellX - 0.5));
      const c1 = Math.min(grid.width - 1, Math.ceil((xs[k + 1] - grid.xmin) / grid.cellX - 0.5) - 1);
      for (let c = c0; c <= c1; c++) out[r * grid.width + c] = value;
    }
  }
}

export type PolygonRule = 'centre' | 'majority';

/**
 * The polygons' class codes on `grid` (NaN outside every polygon). 'majority' burns a grid `subsamples` times finer by
 * cell centre and takes each cell's most frequent code (first to lead wins a tie), unburned sub-cells not voting.
 */
export function rasterisePolygons(layer: VectorLayer, grid: GridSpec, field: string, rule: PolygonRule = 'centre', subsamples = 4):
  { values: Float32Array; legend: ClassLegend[] } {
  if (layer.geometryType !== 'polygons') {
    throw new ProspectError(`${layer.file}: the layer holds ${layer.geometryType}, not polygons.`, 'VECTOR_NOT_POLYGONS', { file: layer.file });
  }
  if (layer.crs !== grid.crs) {
    throw new ProspectError(`${layer.file}: the layer is in ${layer.crs ?? 'no CRS'}, the study grid in ${grid.crs}; reproject it first.`,
      'VECTOR_CRS', { file: layer.file });
  }
  const { codes, legend } = classCodes(layer, field);
  const s = rule === 'majority' ? Math.max(1, Math.round(subsamples)) : 1;
  const fine: GridSpec = { ...grid, cellX: grid.cellX / s, cellY: grid.cellY / s, width: grid.width * s, height: grid.height * s };
  const burned = new Float32Array(fine.width * fine.height).fill(NaN);
  layer.features.forEach((f, i) => {
    if (f.geometry?.type !== 'polygons' || Number.isNaN(codes[i])) return;
    for (const poly of f.geometry.polygons) burnPolygon(poly, fine, codes[i], burned);
  });
  return { values: s === 1 ? burned : warp({ spec: fine, values: burned }, grid, 'mode'), legend };
}
