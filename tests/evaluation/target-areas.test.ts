import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { outlineCells, targetAreas } from '../../src-main/core/evaluation/target-areas';
import type { GridSpec } from '../../src-main/core/types';

const spec: GridSpec = { crs: 'EPSG:32645', xmin: 500000, ymax: 4000000, cellX: 100, cellY: 100, width: 60, height: 40 };
const W = spec.width;

/** GDAL/GEOS's view of each geometry: validity and area (the OGC rules the exported GeoJSON must follow). */
function ogrCheck(geoms: object[]): { valid: boolean; area: number }[] {
  const code = `
import json, sys
from osgeo import ogr
print(json.dumps([{'valid': g.IsValid(), 'area': g.GetArea()} for g in (ogr.CreateGeometryFromJson(json.dumps(x)) for x in json.load(sys.stdin))]))`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', code], { input: JSON.stringify(geoms) }).toString());
}

function paint(score: Float32Array, r0: number, r1: number, c0: number, c1: number, v: number, skip?: (r: number, c: number) => boolean) {
  for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) if (!skip?.(r, c)) score[r * W + c] = v;
}

describe('targetAreas', () => {
  const score = new Float32Array(W * spec.height).fill(0.1);
  score[0] = NaN;
  paint(score, 8, 12, 8, 12, 0.7); // holds deposit d1
  score[10 * W + 10] = 0.95;
  paint(score, 25, 28, 40, 44, 0.8); // peak (25, 40) 1,118 m from d2: within one window (12 cells = 1,200 m), beyond half
  paint(score, 2, 5, 40, 46, 0.9); // far from both
  // A ring with a hole, plus one cell touching it only at a corner.
  paint(score, 30, 36, 2, 8, 0.6, (r, c) => r >= 32 && r <= 34 && c >= 4 && c <= 6);
  score[37 * W + 9] = 0.65;
  const deposits = [{ row: 10, col: 10, id: 'd1' }, { row: 30, col: 50, id: 'd2' }];
  const unc = new Float32Array(W * spec.height).fill(0.05);
  unc[3 * W + 41] = NaN;
  const res = targetAreas({ spec, score, threshold: 0.5, deposits, windowSize: 12, uncertainty: unc });

  it('gives one area per peak and classes each by its peak: known, extension and greenfield', () => {
    expect(res.areas).toHaveLength(4);
    const byPeak = res.areas.map((a) => [a.rank, a.class, a.cells, a.peakScore]);
    expect(byPeak).toEqual([
      [1, 'known', 25, expect.closeTo(0.95, 6)],
      [2, 'greenfield', 28, expect.closeTo(0.9, 6)],
      [3, 'extension', 20, expect.closeTo(0.8, 6)],
      [4, 'greenfield', 49 - 9 + 1, expect.closeTo(0.65, 6)],
    ]);
    const [known, green, ext, ring] = res.areas;
    expect(known.deposits).toEqual(['d1']);
    expect(known.nearestDeposit).toEqual({ id: 'd1', distance: 0 });
    expect(known.meanScore).toBeCloseTo((24 * 0.7 + 0.95) / 25, 6);
    expect(ext.deposits).toEqual([]);
    expect(ext.nearestDeposit!.id).toBe('d2');
    // Measured from the peak (the first cell of the plateau, in scan order).
    expect(ext.nearestDeposit!.distance).toBeCloseTo(Math.hypot(5, 10) * 100, 9);
    expect(green.nearestDeposit!.distance).toBeGreaterThan(1200);
    expect(green.meanUncertainty).toBeCloseTo(0.05, 6);
    expect(green.peak).toEqual({ row: 2, col: 40, x: 504050, y: 3999750 });
    expect(green.extent).toEqual({ xmin: 504000, xmax: 504700, ymax: 3999800, ymin: 3999400 });
    // The same area one cell further from d2 than a window is greenfield.
    const far = targetAreas({ spec, score, threshold: 0.5, deposits, windowSize: 10 });
    expect(far.areas.find((a) => a.id === ext.id)!.class).toBe('greenfield');
    expect(far.areas[0].meanUncertainty).toBeNull();
    // The label raster carries the ids.
    expect(res.labels[10 * W + 10]).toBe(known.id);
    expect(res.labels[37 * W + 9]).toBe(ring.id);
    expect(res.labels[33 * W + 5]).toBe(0);
  });

  it('outlines each area as valid GeoJSON whose area is the cell count times the cell area', () => {
    for (const a of res.areas) expect(a.areaKm2).toBeCloseTo(a.cells * 0.01, 12);
    const ring = res.areas[3];
    // The ring's hole and the corner-touching cell: two polygons, the first with a hole.
    expect(ring.geometry.type).toBe('MultiPolygon');
    const mp = ring.geometry.coordinates as number[][][][];
    expect(mp.map((p) => p.length).sort()).toEqual([1, 2]);
    expect(res.areas[0].geometry).toEqual({
      type: 'Polygon',
      coordinates: [[[500800, 3999200], [500800, 3998700], [501300, 3998700], [501300, 3999200], [500800, 3999200]]], // counter-clockwise
    });
    const checks = ogrCheck(res.areas.map((a) => a.geometry));
    checks.forEach((c, k) => {
      expect(c.valid, `area ${k}`).toBe(true);
      expect(c.area).toBeCloseTo(res.areas[k].cells * 100 * 100, 6);
    });
  });

  it('outlines awkward shapes validly: a checkerboard, a spiral, cells inside a hole touching its rim', () => {
    const shapes: number[][] = [];
    const chk: number[] = [];
    for (let r = 0; r < 6; r++) for (let c = 0; c < 6; c++) if ((r + c) % 2 === 0) chk.push(r * W + c);
    shapes.push(chk);
    // A 7 x 7 ring whose hole holds a cell touching the ring diagonally.
    const ring: number[] = [];
    for (let r = 10; r < 17; r++) for (let c = 10; c < 17; c++) if (r === 10 || r === 16 || c === 10 || c === 16) ring.push(r * W + c);
    shapes.push([...ring, 11 * W + 11 + 1 + W]);
    shapes.push([...ring, 12 * W + 12]);
    const spiral = [0, 1, 2, 3, 4, 5, 6].map((c) => 20 * W + c).concat([21, 22, 23, 24, 25, 26].map((r) => r * W + 6), [1, 2, 3, 4, 5].map((c) => 26 * W + c), [22, 23, 24, 25].map((r) => r * W), [2, 3, 4].map((c) => 22 * W + c), [24 * W + 4, 23 * W + 4]);
    shapes.push(spiral);
    const geoms = shapes.map((s) => outlineCells(spec, s));
    ogrCheck(geoms).forEach((c, k) => {
      expect(c.valid, `shape ${k}`).toBe(true);
      expect(c.area).toBeCloseTo(new Set(shapes[k]).size * 1e4, 6);
    });
  });

  it('refuses maps of the wrong size', () => {
    expect(() => targetAreas({ spec, score: new Float32Array(3), threshold: 0.5, deposits: [], windowSize: 4 })).toThrow(/score map has 3 cells/);
  });
});

describe('target areas per peak', () => {
  const S2: GridSpec = { ...spec, width: 80, height: 40 };
  /** Two Gaussian peaks (rows 20, columns 20 and 60) joined by a ridge along row 20, all above the threshold. */
  function twoPeaks(second: number): Float32Array {
    const m = new Float32Array(80 * 40);
    for (let r = 0; r < 40; r++) {
      for (let c = 0; c < 80; c++) {
        const g = (r0: number, c0: number, a: number, s: number) => a * Math.exp(-((r - r0) ** 2 + (c - c0) ** 2) / (2 * s * s));
        const ridge = c > 20 && c < 60 ? 0.45 * Math.exp(-((r - 20) ** 2) / 2) : 0;
        m[r * 80 + c] = Math.max(g(20, 20, 1, 4), g(20, 60, second, 4), ridge);
      }
    }
    return m;
  }

  it('splits two peaks joined by a ridge above the threshold at the saddle, and classes each by its own peak', () => {
    const score = twoPeaks(0.9);
    const deposits = [{ row: 20, col: 20, id: 'known-1' }];
    // The old rule (one 8-connected component): every cell above 0.4 is one area along the ridge.
    const res = targetAreas({ spec: S2, score, threshold: 0.4, deposits, windowSize: 12 });
    expect(res.areas).toHaveLength(2);
    const [a, b] = res.areas;
    expect(a.peak).toMatchObject({ row: 20, col: 20 });
    expect(b.peak).toMatchObject({ row: 20, col: 60 });
    expect(a.class).toBe('known');
    // Joined to the known deposit's peak by the ridge, 40 cells (4 km) away from it: greenfield.
    expect(b.class).toBe('greenfield');
    expect(b.nearestDeposit).toEqual({ id: 'known-1', distance: 4000 });
    // Together they are the whole above-threshold set, with no cell in both.
    let above = 0;
    for (const v of score) if (v >= 0.4) above++;
    expect(a.cells + b.cells).toBe(above);
    expect(new Set(res.labels).size).toBe(3);
  });

  it('keeps one area when the second peak rises less than the least prominence above the saddle', () => {
    // The second peak 0.47 rises 0.02 above the ridge (0.45): below 5% of the map's range (0.05).
    const res = targetAreas({ spec: S2, score: twoPeaks(0.47), threshold: 0.4, deposits: [], windowSize: 12 });
    expect(res.areas).toHaveLength(1);
    // With a smaller least prominence, asked for, it is split.
    expect(targetAreas({ spec: S2, score: twoPeaks(0.47), threshold: 0.4, deposits: [], windowSize: 12, minProminence: 0.01 }).areas).toHaveLength(2);
    expect(() => targetAreas({ spec: S2, score: twoPeaks(0.9), threshold: 0.4, deposits: [], windowSize: 12, minProminence: -1 })).toThrow(/least peak prominence/);
  });
});
