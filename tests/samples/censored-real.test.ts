// Below-detection values and zeros on the real surveys of issue 24: Katanning Ag '<0.1 ppm' must not land above what
// its campaign measured, and Southern Cross's Cu / Pb zeros (37%) are not measurements. Data from ../shared/data.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSamples } from '../../src-main/core/samples/import';

const data = (p: string) => path.resolve(import.meta.dirname, '../../../shared/data', p);
const katanning = data('wa-katanning-sediment/area1_sediment_au.csv');
const southernCross = data('wa-southern-cross-soil/area6_soil_au.csv');

describe('censored substitutes no higher than the lowest real value of their element and campaign', () => {
  it('Katanning Ag: campaign 74821 states <0.1 ppm beside a measured 0.05; its 31 censored values go below 0.05, with a warning', async () => {
    const imp = await importSamples(katanning, { keepRecords: true });
    const ag = imp.points.values[imp.points.elements.indexOf('Ag')];
    const agOf = (i: number) => imp.samples.filter((s) => s.status === 'kept')[i].cells.find((c) => c.element === 'Ag')!;
    // Per campaign: the censored substitutes against the real values of the same campaign.
    const perCampaign = new Map<string, { real: number[]; censored: number[] }>();
    imp.campaigns.forEach((c, i) => {
      const cell = agOf(i);
      if (!Number.isFinite(ag[i])) return;
      const g = perCampaign.get(c ?? '') ?? { real: [], censored: [] };
      perCampaign.set(c ?? '', g);
      if (cell.flag === 'censored') g.censored.push(ag[i]); else if (cell.flag === 'ok' && ag[i] > 0) g.real.push(ag[i]);
    });
    const c74821 = perCampaign.get('74821')!;
    expect(c74821.censored).toHaveLength(31);
    expect(c74821.real).toEqual([0.05]);
    for (const [, g] of perCampaign) {
      if (!g.real.length) continue;
      const lowest = Math.min(...g.real);
      for (const v of g.censored) expect(v).toBeLessThanOrEqual(lowest);
    }
    // The rule applied to the lowest real value (DL/sqrt(2) by default), not to the stated 0.1 (0.0707 before).
    expect(Math.max(...c74821.censored)).toBeCloseTo(0.05 / Math.SQRT2, 12);
    // The records carry the same substitute as the points.
    expect(imp.samples.find((s) => s.campaign === '74821' && s.cells.find((c) => c.element === 'Ag')!.flag === 'censored')!
      .cells.find((c) => c.element === 'Ag')!.value).toBeCloseTo(0.05 / Math.SQRT2, 12);
    const w = imp.report.warnings.find((x) => x.startsWith('Ag, campaign 74821'));
    expect(w).toMatch(/detection limit \(up to 0\.1 ppm\) exceeds 1 of the campaign's real values \(lowest 0\.05 ppm\); 31 of its 31 below-detection values/);
    expect(imp.report.notes.join('\n')).toMatch(/no substitute exceeds a real value of its campaign/);
  });

  it('the rule of the import still decides the substitute: DL/2 gives 0.025 ppm', async () => {
    const imp = await importSamples(katanning, { keepRecords: false, censoredRule: 'half' });
    const ag = imp.points.values[imp.points.elements.indexOf('Ag')];
    const c = [...new Set(imp.campaigns.flatMap((x, i) => (x === '74821' ? [ag[i]] : [])))].sort();
    expect(c).toEqual([0.025, 0.05]);
  });
});

describe('zeros in an assay column', () => {
  it('Southern Cross Cu and Pb: 504 and 520 zeros (37-38%) are below detection; coverage falls from 100% measured', async () => {
    const imp = await importSamples(southernCross, { keepRecords: false });
    const q = Object.fromEntries(imp.report.quality.map((e) => [e.element, e]));
    expect(q.Cu).toMatchObject({ samples: 1368, zeros: 504, zerosCensored: 504, measured: 862 });
    expect(q.Pb).toMatchObject({ zeros: 520, zerosCensored: 520, measured: 846 });
    expect(q.Cu.coverage).toBeLessThan(0.65);
    expect(q.Zn).toMatchObject({ zeros: 0, zerosCensored: 0 });
    const notes = imp.report.notes.join('\n');
    expect(notes).toMatch(/Cu: 504 zeros treated as below detection, because 37% of the column's 1366 values are exact zeros, more than the 5% share/);
    expect(notes).toMatch(/Pb: 520 zeros treated as below detection/);
    // Substituted below the smallest real Cu (0.05 ppm), never 0 (a '< 0 ppm' legend class).
    const cu = imp.points.values[imp.points.elements.indexOf('Cu')];
    expect(Math.min(...Array.from(cu).filter(Number.isFinite))).toBeCloseTo(0.05 / Math.SQRT2, 9);
  });

  it("zeros: 'value' keeps them, saying the rule it overrides; a higher zerosShare keeps them too; a bad share is refused", async () => {
    const kept = await importSamples(southernCross, { keepRecords: false, zeros: 'value' });
    const cu = kept.report.quality.find((e) => e.element === 'Cu')!;
    expect(cu).toMatchObject({ zerosCensored: 0, measured: 1366 });
    expect(kept.report.notes.join('\n')).toMatch(/Cu: 504 exact zeros kept as values \(zeros: 'value'\), although 37% of the column's/);
    const share = await importSamples(southernCross, { keepRecords: false, zerosShare: 0.5 });
    expect(share.report.quality.find((e) => e.element === 'Cu')!.zerosCensored).toBe(0);
    await expect(importSamples(southernCross, { keepRecords: false, zerosShare: 5 })).rejects.toThrow(/zerosShare must be a share between 0 and 1/);
  });
});
