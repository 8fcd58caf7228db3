// A synthetic two-campaign survey: campaign A samples the west, B the east, and they overlap in a strip. One element
// reads four times higher in B (a digest change), one does not; deposits sit in the east.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { campaignDrivenAuc } from '../../src-main/core/selection/campaign-auc';
import { campaignOfCells } from '../../src-main/core/quality/campaign-cells';
import { findCampaignSteps, medianNearestNeighbour } from '../../src-main/core/quality/campaign-step';
import { levelByCampaign, samplesOfCampaigns } from '../../src-main/core/quality/levelling';
import { mannWhitneyTest, median } from '../../src-main/core/quality/stats';
import { elementsFitToGrid } from '../../src-main/core/quality/gate';
import { createRng } from '../../src-main/core/util/random';

function survey(seed: number) {
  const rng = createRng(seed);
  const n = 1200;
  const x = new Float64Array(n), y = new Float64Array(n);
  const campaign: string[] = [];
  const cu = new Float64Array(n), zn = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = rng.uniform(0, 20_000);
    y[i] = rng.uniform(0, 10_000);
    // A west of 11 km, B east of 9 km: both in the strip between
    const b = x[i] > 11_000 || (x[i] > 9_000 && rng.next() < 0.5);
    campaign.push(b ? 'B' : 'A');
    const regional = 0.15 * Math.sin(x[i] / 4000); // geology varies smoothly, not at 10 km
    cu[i] = 10 ** (1 + regional + 0.25 * rng.normal() + (b ? Math.log10(4) : 0));
    zn[i] = 10 ** (1.5 + regional + 0.25 * rng.normal());
  }
  return { x, y, campaign, cu, zn };
}

const codes = (c: string[]) => {
  const names = [...new Set(c)];
  return { names, of: Int32Array.from(c, (v) => names.indexOf(v)) };
};

describe('campaign level steps', () => {
  it('flags the element that steps at the campaign boundary and not the one that does not', () => {
    const s = survey(7);
    const { names, of } = codes(s.campaign);
    const res = findCampaignSteps(s.x, s.y, of, names, [{ element: 'Cu', value: s.cu }, { element: 'Zn', value: s.zn }]);
    expect(res.radius).toBeCloseTo(3 * medianNearestNeighbour(s.x, s.y), 9);
    expect(res.tested).toHaveLength(1);
    expect(res.steps.map((x) => x.element)).toEqual(['Cu']);
    const step = res.steps[0];
    expect(step.ratio === 0 || step.ratio < 0.5 || step.ratio > 2).toBe(true);
    expect(Math.max(step.ratio, 1 / step.ratio)).toBeGreaterThan(3);
    expect(step.p).toBeLessThan(1e-6);
  });

  it('finds no step after levelling by campaign (z-score of logs, or quantiles)', () => {
    const s = survey(11);
    const { names, of } = codes(s.campaign);
    for (const method of ['zscore', 'quantile'] as const) {
      const lev = levelByCampaign(s.cu, s.campaign, method);
      expect(lev.campaigns.every((c) => c.levelled)).toBe(true);
      const res = findCampaignSteps(s.x, s.y, of, names, [{ element: 'Cu', value: lev.values }]);
      expect(res.steps).toEqual([]);
      const a = samplesOfCampaigns(s.campaign, ['A']), b = samplesOfCampaigns(s.campaign, ['B']);
      const ma = median(Array.from(a, (i) => lev.values[i])), mb = median(Array.from(b, (i) => lev.values[i]));
      expect(Math.abs(Math.log10(ma / mb))).toBeLessThan(0.05);
    }
    const none = levelByCampaign(s.cu, s.campaign, 'none');
    expect(Array.from(none.values)).toEqual(Array.from(s.cu));
  });

  it('leaves a campaign with too few values as it is, and says so', () => {
    const lev = levelByCampaign([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 100, 200], [...Array(11).fill('A'), 'B', 'B'], 'zscore');
    expect(lev.values[11]).toBe(100);
    expect(lev.notes.join()).toMatch(/campaign B: 2 values; left as they are/);
  });

  it('Mann-Whitney p-values match scipy', () => {
    const s = survey(3);
    const a = Array.from(s.cu.slice(0, 40)), b = Array.from(s.zn.slice(0, 55)).map((v) => +(v / 3).toFixed(0));
    const mine = mannWhitneyTest(a, b);
    const py = 'import json,sys; from scipy.stats import mannwhitneyu; d=json.load(sys.stdin); ' +
      "r=mannwhitneyu(d[0], d[1], method='asymptotic', use_continuity=False); print(r.statistic, r.pvalue)";
    const [u, p] = execFileSync('/usr/bin/python3', ['-c', py], { input: JSON.stringify([a, b]) }).toString().trim().split(' ').map(Number);
    expect(mine.u).toBeCloseTo(u, 9);
    expect(mine.p).toBeCloseTo(p, 6);
  });
});

describe('campaign-driven AUC', () => {
  it('tells an AUC carried by the campaign boundary from one that holds within campaigns', () => {
    const s = survey(5);
    // deposits: samples in the east within 600 m of a few points; Zn gets a real halo there, Cu only its campaign step
    const sites = [[15_000, 3_000], [17_000, 7_000], [13_000, 8_000]];
    const label = Float64Array.from(s.x, (x, i) => (sites.some(([a, b]) => Math.hypot(x - a, s.y[i] - b) < 600) ? 1 : 0));
    const zn = Float64Array.from(s.zn, (v, i) => (label[i] ? v * 3 : v));
    const cu = campaignDrivenAuc(s.cu, label, s.campaign);
    expect(cu.aucAll).toBeGreaterThan(0.65);
    expect(cu.driven).toBe(true);
    expect(cu.depositCampaigns.map((c) => c.campaign)).toEqual(['B']);
    expect(Math.abs(cu.aucWithin - 0.5)).toBeLessThan(0.1);
    const z = campaignDrivenAuc(zn, label, s.campaign);
    expect(z.aucAll).toBeGreaterThan(0.8);
    expect(z.driven).toBe(false);
    expect(z.aucWithin).toBeGreaterThan(0.8);
  });

  it('gives each grid cell the campaign of its nearest sample', () => {
    const spec = { crs: 'EPSG:32650', xmin: 0, ymax: 100, cellX: 10, cellY: 10, width: 10, height: 10 };
    const cells = campaignOfCells(spec, [5, 95], [95, 5], ['A', null], 60);
    expect(cells[0]).toBe('A');
    expect(cells[99]).toBe('(none)');
    expect(cells[9]).toBeNull(); // (95, 95): 90 m from either sample
  });
});

describe('coverage gate', () => {
  const q = (element: string, measured: number, steps = 0) => ({
    element, samples: 100, measured, censored: 100 - measured, zeros: 0, zerosCensored: 0, sentinel: 0, missing: 0,
    coverage: measured / 100, detectionLimits: [], campaignSteps: Array.from({ length: steps }, () => ({
      element, a: 'A', b: 'B', nA: 10, nB: 10, medianA: 1, medianB: 4, ratio: 0.25, p: 1e-5, radius: 500,
    })),
  });
  it('leaves out low coverage with the reason, unless forced, and passes campaign steps on as warnings', () => {
    const g = elementsFitToGrid([q('Au', 85, 1), q('Bi', 1), q('W', 29)]);
    expect(g.keep).toEqual(['Au']);
    expect(g.excluded.map((e) => e.element)).toEqual(['Bi', 'W']);
    expect(g.excluded[0].reason).toMatch(/coverage below 30%: 1 of 100 samples measured/);
    expect(g.warnings[0].message).toMatch(/level steps between campaigns A and B/);
    const forced = elementsFitToGrid([q('Bi', 1)], { force: ['Bi'] });
    expect(forced.keep).toEqual(['Bi']);
    expect(forced.warnings[0].message).toMatch(/forced/);
    expect(elementsFitToGrid([q('W', 29)], { minCoverage: 0.2 }).keep).toEqual(['W']);
  });
});
