// The IDW search radius from the sample spacing (issue 24): Southern Cross's 50 m soils get a radius of a few hundred
// metres and the unsampled corners of their bounding rectangle stay nodata; Katanning's sparse stream sediments get a
// larger one; a radius the user gives still wins. Real files from ../shared/data, gridded by the real IDW.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src-main/core/config';
import { idwGrid } from '../../src-main/core/grid/idw';
import { planGrid } from '../../src-main/core/grid/plan';
import { kthNeighbourDistances, proposeRadius, roundUp2 } from '../../src-main/core/grid/radius';
import { importSamples } from '../../src-main/core/samples/import';

const data = (p: string) => path.resolve(import.meta.dirname, '../../../shared/data', p);

async function plan(file: string, radius?: number) {
  const imp = await importSamples(data(file), { keepRecords: false });
  const g = resolveConfig('quick', radius === undefined ? {} : { grid: { radius } }).grid;
  return planGrid(imp.points, g, { quality: imp.report.quality, campaigns: imp.campaigns, campaignSummaries: imp.report.campaigns.campaigns, candidates: imp.points.elements });
}

function validShare(band: Float32Array): number {
  let n = 0;
  for (const v of band) if (!Number.isNaN(v)) n++;
  return n / band.length;
}

describe('IDW search radius from the data', () => {
  it('k-th neighbour distances on a regular 10 m lattice: the 4th neighbour is at one spacing, duplicates skipped', () => {
    const x: number[] = [], y: number[] = [];
    for (let r = 0; r < 20; r++) for (let c = 0; c < 20; c++) { x.push(c * 10); y.push(r * 10); }
    x.push(0); y.push(0); // the same position twice counts once
    const d = kthNeighbourDistances(x, y, 4);
    expect(d).toHaveLength(400);
    expect(d[21]).toBeCloseTo(10, 12); // an inner point: 4 neighbours at 10 m
    expect(d[0]).toBeCloseTo(20, 12); // a corner: 10, 10, 14.1, then 20
    expect(proposeRadius(x, y)).toMatchObject({ value: 20, source: 'data' });
    // Samples along one line (a degenerate extent): the 4th neighbour is two spacings away.
    const line = Array.from({ length: 5000 }, (_, i) => 10 * i);
    expect(proposeRadius(line, line.map(() => 7_000_000))).toMatchObject({ value: 40 });
    expect(roundUp2(1796)).toBe(1800);
    expect(roundUp2(200)).toBe(200);
  });

  it('Southern Cross (50 m soils): a radius of a few hundred metres with its reason; the rectangle\'s unsampled corners masked', async () => {
    const p = await plan('wa-southern-cross-soil/area6_soil_au.csv');
    expect(p.searchRadius.source).toBe('data');
    expect(p.searchRadius.value).toBe(200);
    expect(p.idw.radius).toBe(200);
    expect(p.searchRadius.reason).toMatch(/^2 x 100 m, the median distance from a sample to its 4th nearest neighbour.*farther than 200 m from every sample is left unsurveyed/);
    const stack = await idwGrid(p.points, p.spec, p.idw);
    const share = validShare(stack.bands[stack.elements.indexOf('Au')]);
    // 3000 m filled every cell of the rectangle (share 1); the survey is not a rectangle.
    expect(share).toBeLessThan(0.97);
    expect(share).toBeGreaterThan(0.5);
    const { width, height } = p.spec;
    const au = stack.bands[stack.elements.indexOf('Au')];
    const corners = [0, width - 1, (height - 1) * width, height * width - 1];
    expect(corners.filter((i) => Number.isNaN(au[i])).length).toBeGreaterThan(0);
  });

  it('Katanning (sparse stream sediments): a larger radius than Southern Cross; a radius the user gives wins', async () => {
    const p = await plan('wa-katanning-sediment/area1_sediment_au.csv');
    expect(p.searchRadius.value).toBeGreaterThan(1000);
    expect(p.searchRadius.value).toBe(5800);
    const given = await plan('wa-katanning-sediment/area1_sediment_au.csv', 3000);
    expect(given.searchRadius).toMatchObject({ value: 3000, source: 'configuration' });
    expect(given.idw.radius).toBe(3000);
  });
});
