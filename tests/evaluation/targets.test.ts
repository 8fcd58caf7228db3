// Target ranking on a hand-made 4 x 4 tiling over a 2-element stack whose tile means are known exactly.
import { describe, expect, it } from 'vitest';
import { rankTargets, targetsCsv, targetsGeoJson, type TargetTile } from '../../src-main/core/evaluation/targets';
import { tileGrid } from '../../src-main/core/prediction/tiling';
import type { GridStack } from '../../src-main/core/types';

const spec = { crs: 'EPSG:32645', xmin: 500000, ymax: 4600000, cellX: 250, cellY: 250, width: 8, height: 8 };
// As rises to the east, Sb to the south; one NaN cell in tile 16 must not count.
const As = Float32Array.from({ length: 64 }, (_, i) => i % 8);
const Sb = Float32Array.from({ length: 64 }, (_, i) => Math.floor(i / 8) * 2);
As[63] = NaN;
const stack: GridStack = { spec, elements: ['As', 'Sb'], bands: [As, Sb] };
const probs = [0.9, 0.2, 0.7, 0.1, 0.6, 0.6, 0.3, 0.2, 0.1, 0.1, 0.1, 0.95, 0.4, 0.1, 0.1, 0.8];
const tiles: TargetTile[] = tileGrid(spec, { rows: 4, cols: 4 }).map((t, i) => ({
  ...t, number: t.id, validFraction: i === 15 ? 0.75 : 1, label: i === 0 || i === 4 ? 1 : 0, prob: probs[i], deposits: i === 0 ? ['D1'] : i === 4 ? ['D2', 'D3'] : [],
}));

describe('rankTargets', () => {
  const t = rankTargets(tiles, stack, ['As', 'Sb'], { threshold: 0.5, drivers: 2 });
  it('keeps tiles at or above the threshold, best first, ties by tile number', () => {
    expect(t.map((x) => x.tile)).toEqual([12, 1, 16, 3, 5, 6]);
    expect(t.map((x) => x.rank)).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it('tells confirmations from new targets and gives the area in km2', () => {
    expect(t.find((x) => x.tile === 1)).toMatchObject({ kind: 'confirmation', knownDeposits: ['D1'] });
    expect(t.find((x) => x.tile === 5)).toMatchObject({ kind: 'confirmation', knownDeposits: ['D2', 'D3'] });
    expect(t.filter((x) => x.kind === 'new-target').map((x) => x.tile)).toEqual([12, 16, 3, 6]);
    expect(t[0].areaKm2).toBeCloseTo(0.25, 12); // 2 x 2 cells of 250 m
    expect(t.find((x) => x.tile === 16)!.surveyedAreaKm2).toBeCloseTo(0.1875, 12);
  });
  it('names the elements with the highest mean z-score in the tile, with their values', () => {
    // Tile 12: rows 4-5, cols 6-7: Sb mean (8 + 10) / 2 = 9, As mean 6.5.
    expect(t[0].drivers).toEqual([{ element: 'Sb', meanZ: 9 }, { element: 'As', meanZ: 6.5 }]);
    // Tile 16 (rows 6-7, cols 6-7): Sb 13 beats As (6 + 7 + 6 over three valid cells = 19/3).
    expect(t[2].drivers[0]).toEqual({ element: 'Sb', meanZ: 13 });
    expect(t[2].drivers[1].meanZ).toBeCloseTo(19 / 3, 6);
  });
  it('writes CSV and GeoJSON rows in rank order', () => {
    const csv = targetsCsv(t).trim().split('\n');
    expect(csv).toHaveLength(7);
    expect(csv[1]).toMatch(/^1,12,3,4,0\.9500,new-target,,0\.250,0\.250,Sb:9\.00 As:6\.50,501500,4598500,502000,4599000$/);
    const gj = targetsGeoJson(t, spec.crs) as { features: { properties: { tile: number }; geometry: { coordinates: number[][][] } }[] };
    expect(gj.features.map((f) => f.properties.tile)).toEqual([12, 1, 16, 3, 5, 6]);
    expect(gj.features[0].geometry.coordinates[0][0]).toEqual([501500, 4598500]);
  });
});
