// The grid plan's data-quality gate on a synthetic two-campaign survey: coverage, forcing, levelling and restriction
// to campaigns, as the grid step and `prospect grid` without a project both apply them.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src-main/core/config';
import { planGrid } from '../../src-main/core/grid/plan';
import { median } from '../../src-main/core/quality/stats';
import type { CampaignSummary, ElementQuality } from '../../src-main/core/quality/types';
import { createRng } from '../../src-main/core/util/random';
import type { SamplePoints } from '../../src-main/core/types';

const N = 400;
const grid = resolveConfig('quick').grid;

/** Campaign A (west) reads Cu ten times higher than campaign B (east), as a total digest against a partial leach. */
function survey(): { pts: SamplePoints; campaigns: string[]; quality: ElementQuality[]; summaries: CampaignSummary[] } {
  const rng = createRng(5);
  const x = new Float64Array(N), y = new Float64Array(N);
  const cu = new Float64Array(N), bi = new Float64Array(N).fill(NaN);
  const campaigns: string[] = [];
  for (let i = 0; i < N; i++) {
    x[i] = 500_000 + rng.next() * 20_000;
    y[i] = 6_000_000 + rng.next() * 20_000;
    const c = x[i] < 510_000 ? 'A' : 'B';
    campaigns.push(c);
    cu[i] = (c === 'A' ? 10 : 1) * 10 ** (0.3 * (rng.next() + rng.next() + rng.next() - 1.5));
    // Bi measured in 1 sample in 8, of campaign B only
    if (c === 'B' && i % 4 === 0) bi[i] = 0.1 + rng.next();
  }
  const nA = campaigns.filter((c) => c === 'A').length, nB = N - nA;
  const biB = bi.reduce((n, v) => n + (Number.isFinite(v) ? 1 : 0), 0);
  const q = (element: string, measured: number): ElementQuality => ({
    element, samples: N, measured, censored: 0, zeros: 0, zerosCensored: 0, sentinel: N - measured, missing: 0,
    coverage: measured / N, detectionLimits: [], campaignSteps: [],
  });
  const el = (element: string, count: number, measured: number) => ({
    element, count, measured, censoredShare: 0, notAnalysedShare: (count - measured) / count, median: null, detectionLimits: [],
  });
  return {
    pts: { crs: 'EPSG:32750', x, y, elements: ['Cu', 'Bi'], values: [cu, bi] },
    campaigns,
    quality: [q('Cu', N), q('Bi', biB)],
    summaries: [
      { campaign: 'A', samples: nA, elements: [el('Cu', nA, nA), el('Bi', nA, 0)] },
      { campaign: 'B', samples: nB, elements: [el('Cu', nB, nB), el('Bi', nB, biB)] },
    ],
  };
}

const logMedian = (v: Float64Array, campaigns: string[], c: string) =>
  median(Array.from(v).filter((_, i) => campaigns[i] === c).map(Math.log10));

describe('planGrid: the data-quality gate', () => {
  it('leaves an element below the coverage threshold out with the reason, unless named or forced', () => {
    const s = survey();
    const plan = planGrid(s.pts, grid, { quality: s.quality });
    expect(plan.elements).toEqual(['Cu']);
    expect(plan.excluded).toEqual([{ element: 'Bi', reason: expect.stringMatching(/^coverage below 30%: \d+ of 400 samples measured \(\d+%\); \d+ not analysed$/) }]);
    expect(planGrid(s.pts, { ...grid, minCoverage: 0.1 }, { quality: s.quality }).elements).toEqual(['Cu', 'Bi']);
    for (const forced of [planGrid(s.pts, { ...grid, elements: ['Cu', 'Bi'] }, { quality: s.quality }), planGrid(s.pts, grid, { quality: s.quality, force: ['Bi'] })]) {
      expect(forced.elements).toEqual(['Cu', 'Bi']);
      expect(forced.excluded).toEqual([]);
      expect(forced.warnings).toEqual([{ element: 'Bi', message: expect.stringMatching(/^forced although coverage is below 30%/) }]);
    }
    // Without quality figures (an older caller) nothing is gated.
    expect(planGrid(s.pts, grid).elements).toEqual(['Cu', 'Bi']);
  });

  it('levels each campaign onto the pooled distribution before IDW (zscore, quantile), or leaves values as they are (none)', () => {
    const s = survey();
    const raw = s.pts.values[0];
    expect(logMedian(raw, s.campaigns, 'A') - logMedian(raw, s.campaigns, 'B')).toBeCloseTo(1, 0);
    for (const method of ['zscore', 'quantile'] as const) {
      const plan = planGrid(s.pts, { ...grid, levelling: method }, { quality: s.quality, campaigns: s.campaigns });
      const cu = plan.points.values[0];
      expect(Math.abs(logMedian(cu, s.campaigns, 'A') - logMedian(cu, s.campaigns, 'B')), method).toBeLessThan(0.05);
      expect(plan.levelling).toMatchObject({ method, elements: ['Cu'], notes: [] });
      expect(plan.levelling!.campaigns.map((c) => c.campaign)).toEqual(['A', 'B']);
      expect(plan.levelling!.campaigns.reduce((n, c) => n + c.samples, 0)).toBe(N);
      // Ranks within a campaign are kept: levelling moves levels, not the anomalies inside a campaign.
      const a = s.campaigns.flatMap((c, i) => (c === 'A' ? [i] : []));
      for (let k = 1; k < a.length; k++) expect(Math.sign(cu[a[k]] - cu[a[0]])).toBe(Math.sign(raw[a[k]] - raw[a[0]]));
    }
    const none = planGrid(s.pts, { ...grid, levelling: 'none' }, { quality: s.quality, campaigns: s.campaigns });
    expect(none.points.values[0]).toEqual(raw);
    expect(none.levelling).toMatchObject({ method: 'none', elements: [] });
    // Samples without campaigns: nothing to level, and the result says so by null.
    expect(planGrid(s.pts, grid, { quality: s.quality, campaigns: Array(N).fill(null) }).levelling).toBeNull();
    expect(planGrid(s.pts, grid, { quality: s.quality, campaigns: Array(N).fill('A') }).levelling?.notes).toEqual(['one campaign only (A): nothing to level']);
  });

  it('restricts to chosen campaigns on the same grid, gating on those campaigns\' coverage', () => {
    const s = survey();
    const all = planGrid(s.pts, grid, { quality: s.quality, campaigns: s.campaigns, campaignSummaries: s.summaries });
    const b = planGrid(s.pts, { ...grid, campaigns: ['B'] }, { quality: s.quality, campaigns: s.campaigns, campaignSummaries: s.summaries });
    const nB = s.campaigns.filter((c) => c === 'B').length;
    expect(b.points.x.length).toBe(nB);
    expect(b.campaigns).toEqual(['B']);
    expect(b.spec).toEqual(all.spec);
    // Bi: 1 in 8 over the survey, 1 in 4 over campaign B: still below 30%, counted over B's samples.
    expect(b.excluded[0].reason).toMatch(new RegExp(`of ${nB} samples measured`));
    expect(planGrid(s.pts, { ...grid, campaigns: ['B'], minCoverage: 0.2 }, { quality: s.quality, campaigns: s.campaigns, campaignSummaries: s.summaries }).elements)
      .toEqual(['Cu', 'Bi']);
    expect(planGrid(s.pts, { ...grid, minCoverage: 0.2 }, { quality: s.quality, campaigns: s.campaigns, campaignSummaries: s.summaries }).elements)
      .toEqual(['Cu']);
    expect(() => planGrid(s.pts, { ...grid, campaigns: ['C'] }, { campaigns: s.campaigns })).toThrow(/No sample belongs to campaign C; the samples' campaigns are A, B/);
    expect(() => planGrid(s.pts, { ...grid, campaigns: ['B'] }, {})).toThrow(/carry no campaign.*--campaign COLUMN/);
  });
});
