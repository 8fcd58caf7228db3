// Contour geometry: d3-contour's rings in the grid's projected metres, cut at nodata and at the grid border.
import { describe, expect, it } from 'vitest';
import { contourLines, quantileLevels } from '../../src-renderer/src/layers/contours';

const spec = { xmin: 500000, ymax: 7000000, cellX: 100, cellY: 100, width: 120, height: 90 };

/** A cone of height 6000 whose value falls by 1 per metre from (cx, cy), sampled at cell centres. */
function cone(cx: number, cy: number): Float32Array {
  const v = new Float32Array(spec.width * spec.height);
  for (let r = 0; r < spec.height; r++) {
    for (let c = 0; c < spec.width; c++) {
      const x = spec.xmin + (c + 0.5) * spec.cellX;
      const y = spec.ymax - (r + 0.5) * spec.cellY;
      v[r * spec.width + c] = 6000 - Math.hypot(x - cx, y - cy);
    }
  }
  return v;
}

const level = (values: Float32Array) => ({ width: spec.width, height: spec.height, values });
const cx = 506010;
const cy = 6995530;

describe('contour lines', () => {
  it('draws the cone at level v as one closed ring of radius 6000 - v around its apex, in projected metres', () => {
    const lines = contourLines(level(cone(cx, cy)), spec, [4000, 2500]);
    for (const [v, radius] of [[4000, 2000], [2500, 3500]] as const) {
      const rings = lines.filter((l) => l.value === v);
      expect(rings).toHaveLength(1);
      const ring = rings[0]!;
      expect(ring.closed).toBe(true);
      expect(ring.path[0]).toEqual(ring.path[ring.path.length - 1]);
      expect(ring.path.length).toBeGreaterThan(50);
      // Linear interpolation of a cone between cell centres is off by far less than a cell.
      for (const [x, y] of ring.path) expect(Math.abs(Math.hypot(x - cx, y - cy) - radius)).toBeLessThan(5);
      const xs = ring.path.map((p) => p[0]);
      const ys = ring.path.map((p) => p[1]);
      expect((Math.min(...xs) + Math.max(...xs)) / 2).toBeCloseTo(cx, -1);
      expect((Math.min(...ys) + Math.max(...ys)) / 2).toBeCloseTo(cy, -1);
    }
  });

  it('cuts a contour where it meets nodata and never runs along the nodata edge', () => {
    const v = cone(cx, cy);
    // A nodata block across the ring's east side.
    const nan = (c: number, r: number) => c >= 75 && c < 90 && r >= 30 && r < 60;
    for (let r = 0; r < spec.height; r++) for (let c = 0; c < spec.width; c++) if (nan(c, r)) v[r * spec.width + c] = NaN;
    const lines = contourLines(level(v), spec, [4000]);
    expect(lines.length).toBeGreaterThanOrEqual(1);
    for (const l of lines) {
      expect(l.closed).toBe(false);
      for (const [x, y] of l.path) {
        expect(Math.abs(Math.hypot(x - cx, y - cy) - 2000)).toBeLessThan(5);
        const c = (x - spec.xmin) / spec.cellX;
        const r = (spec.ymax - y) / spec.cellY;
        // Every vertex lies between two finite cell centres (cell c's centre is at c + 0.5), so never strictly
        // between the centres of the block's edge cells.
        expect(c > 74.5 && c < 90.5 && r > 29.5 && r < 60.5).toBe(false);
      }
    }
  });

  it('leaves the grid border undrawn where the cone is cut by it', () => {
    const lines = contourLines(level(cone(spec.xmin + 500, cy)), spec, [4000]);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.closed).toBe(false);
    for (const [x] of lines[0]!.path) expect(x).toBeGreaterThanOrEqual(spec.xmin + 0.5 * spec.cellX - 1e-6);
  });

  it('scales the cell size for a level coarser than its grid (a downsampled level)', () => {
    const v = new Float32Array(60 * 45);
    for (let r = 0; r < 45; r++) for (let c = 0; c < 60; c++) v[r * 60 + c] = 6000 - Math.hypot(spec.xmin + (c + 0.5) * 200 - cx, spec.ymax - (r + 0.5) * 200 - cy);
    const [ring] = contourLines({ width: 60, height: 45, values: v }, spec, [4000]);
    expect(ring).toBeDefined();
    for (const [x, y] of ring!.path) expect(Math.abs(Math.hypot(x - cx, y - cy) - 2000)).toBeLessThan(10);
  });

  it('quantile levels split the finite values evenly and skip NaN', () => {
    const v = Float32Array.from([NaN, ...Array.from({ length: 101 }, (_, i) => i)]);
    expect(quantileLevels(v, 4)).toEqual([20, 40, 60, 80]);
    expect(quantileLevels(Float32Array.from([NaN]), 3)).toEqual([]);
  });
});
