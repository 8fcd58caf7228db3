// Below-detection values and zeros on the real surveys of issue 24: Katanning Ag '<0.1 ppm' must not land above what
// its campaign measured, and Southern Cross's Cu / Pb zeros (37%) are not measurements. Data from ../shared/data.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSamples } from '../../src-main/core/samples/import';
import { prospect, tempDir } from '../helpers/cli';

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

describe('zeros clustered in one campaign', () => {
  it('4 zeros in 100 values (4%) stay values, unless they are 20% of one campaign; the note names the campaign', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'zeros-campaign-'));
    const rows = ['X,Y,WAMEX_A_NO,Cu_ppm'];
    for (let i = 0; i < 100; i++) {
      const campaign = i < 80 ? 'A' : 'B';
      const cu = campaign === 'B' && i % 5 === 0 ? '0' : String(5 + (i % 7));
      rows.push(`${500000 + 100 * (i % 10)},${7000000 + 100 * Math.floor(i / 10)},${campaign},${cu}`);
    }
    const f = path.join(dir, 'cu.csv');
    writeFileSync(f, rows.join('\n') + '\n');
    const imp = await importSamples(f, { crs: 'EPSG:32750', campaign: 'WAMEX_A_NO', keepRecords: false });
    expect(imp.report.quality[0]).toMatchObject({ element: 'Cu', zeros: 4, zerosCensored: 4, measured: 96 });
    expect(imp.report.notes.join('\n')).toMatch(/Cu: 4 zeros treated as below detection, because 4 of campaign B's 20 values are exact zeros \(20%/);
    // Without campaigns the 4% share alone keeps them as values.
    const flat = await importSamples(f, { crs: 'EPSG:32750', campaign: false, keepRecords: false });
    expect(flat.report.quality[0]).toMatchObject({ zeros: 4, zerosCensored: 0, measured: 100 });
  });
});

describe('the CLI flag', () => {
  it('prospect import --zeros-share 0.5 keeps Southern Cross Cu zeros as values; a share above 1 is refused', () => {
    const dir = tempDir('zeros-share-');
    const r = prospect(['import', '--project', path.join(dir, 'a.prospect'), '--samples', southernCross, '--zeros-share', '0.5', '--json']);
    expect(r.code, r.stderr.slice(-1500)).toBe(0);
    const q = (r.json as { report: { quality: { element: string; zerosCensored: number }[] } }).report.quality;
    expect(q.find((e) => e.element === 'Cu')!.zerosCensored).toBe(0);
    const bad = prospect(['import', '--project', path.join(dir, 'b.prospect'), '--samples', southernCross, '--zeros-share', '5']);
    expect(bad.code).toBe(2); // a usage error
    expect(bad.stderr).toMatch(/--zeros-share must be a share between 0 and 1 \(e\.g\. 0\.05 for 5%\), got 5/);
  });
});
