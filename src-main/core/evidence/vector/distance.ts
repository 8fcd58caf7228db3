// Distance (metres, from the geometry itself) and density (within a radius) from each study cell centre.
import { ProspectError, type GridSpec } from '../../types';
import type { VectorLayer } from './geometry';
import { segmentsOf } from './geometry';
import { SegmentIndex } from './segment-index';

function requireProjected(layer: VectorLayer, grid: GridSpec): void {
  if (layer.crs !== grid.crs) {
    throw new ProspectError(`${layer.file}: the layer is in ${layer.crs ?? 'no CRS'}, the study grid in ${grid.crs}; reproject it first.`,
      'VECTOR_CRS', { file: layer.file });
  }
}

/** Exact Euclidean distance from every cell centre to the nearest line, ring edge or point of the layer. */
export function distanceToGeometry(layer: VectorLayer, grid: GridSpec): Float32Array {
  requireProjected(layer, grid);
  const index = new SegmentIndex(segmentsOf(layer.features));
  const out = new Float32Array(grid.width * grid.height);
  if (index.size === 0) return out.fill(NaN);
  let hint = -1;
  for (let r = 0; r < grid.height; r++) {
    const y = grid.ymax - (r + 0.5) * grid.cellY;
    for (let c = 0; c < grid.width; c++) {
      const q = index.nearest(grid.xmin + (c + 0.5) * grid.cellX, y, hint);
      out[r * grid.width + c] = q.d;
      hint = q.seg;
    }
  }
  return out;
}

/** Length of segment a-b inside the circle of radius rad around p. */
function lengthInCircle(px: number, py: number, rad: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax, dy = by - ay, fx = ax - px, fy = ay - py;
  const a = dx * dx + dy * dy;
  if (a === 0) return 0;
  const b = 2 * (fx * dx + fy * dy), c = fx * fx + fy * fy - rad * rad;
  const disc = b * b - 4 * a * c;
  if (disc <= 0) return 0;
  const sq = Math.sqrt(disc);
  const t0 = Math.max(0, (-b - sq) / (2 * a)), t1 = Math.min(1, (-b + sq) / (2 * a));
  return t1 > t0 ? (t1 - t0) * Math.sqrt(a) : 0;
}

/**
 * Density within `radius` map units of each cell centre: for lines, length inside the circle per circle area
 * (km per km2 with metres in, the unit GIS line density tools print); for points, points per km2.
 */
export function densityWithin(layer: VectorLayer, grid: GridSpec, radius: number): Float32Array {
  requireProjected(layer, grid);
  if (!(radius > 0)) throw new ProspectError(`The density radius must be a positive distance in metres, got ${radius}.`, 'BAD_ARGS', { column: '--radius' });
  const index = new SegmentIndex(segmentsOf(layer.features));
  const s = index.seg;
  const areaKm2 = (Math.PI * radius * radius) / 1e6;
  const points = layer.geometryType === 'points';
  const out = new Float32Array(grid.width * grid.height);
  for (let r = 0; r < grid.height; r++) {
    const y = grid.ymax - (r + 0.5) * grid.cellY;
    for (let c = 0; c < grid.width; c++) {
      const x = grid.xmin + (c + 0.5) * grid.cellX;
      let sum = 0;
      index.within(x, y, radius, (k) => {
        if (points) { if (Math.hypot(s[4 * k] - x, s[4 * k + 1] - y) <= radius) sum += 1; } else sum += lengthInCircle(x, y, radius, s[4 * k], s[4 * k + 1], s[4 * k + 2], s[4 * k + 3]) / 1000;
      });
      out[r * grid.width + c] = sum / areaKm2;
    }
  }
  return out;
}
