// The data-quality gate on a real mixed-campaign survey (Katanning, WA): 13 company reports, partial-leach and
// total-digest campaigns, Bi/Sb reported as 0 by the older campaigns and as negative detection limits by the newer.
import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { elementsFitToGrid } from '../../src-main/core/quality/gate';
import { importSamples } from '../../src-main/core/samples/import';
import { importSamplesStep } from '../../src-main/core/app/steps/import-step';
import { Project, PROJECT_FORMAT, schemaVersion } from '../../src-main/core/store/project';
import { MIGRATIONS } from '../../src-main/core/store/schema';
import { loadSampleCampaigns, loadSamplePoints } from '../../src-main/core/store/samples-repo';
import { loadElementQuality } from '../../src-main/core/app/element-quality';
import { tempDir } from '../helpers/cli';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const file = path.resolve(repoRoot, '../shared/data/wa-katanning-sediment/area1_sediment_au.csv');

describe('wa-katanning-sediment quality', () => {
  it('with defaults: Bi, Sb, B and F fall below the coverage rule with the reason, Au passes', async () => {
    const imp = await importSamples(file, { keepRecords: false });
    const q = Object.fromEntries(imp.report.quality.map((e) => [e.element, e]));
    // Bi: 6 values above zero; the 386 zeros of the older campaigns are read as below detection
    expect(q.Bi).toMatchObject({ samples: 866, measured: 6, zeros: 386, zerosCensored: 386, censored: 239, sentinel: 235 });
    expect(q.Sb.measured).toBe(13);
    expect(q.B.coverage).toBe(0);
    expect(q.Au.coverage).toBeGreaterThan(0.8);
    const gate = elementsFitToGrid(imp.report.quality);
    const excluded = Object.fromEntries(gate.excluded.map((e) => [e.element, e.reason]));
    for (const e of ['Bi', 'Sb', 'B', 'F']) expect(excluded[e]).toMatch(/coverage below 30%: \d+ of 866 samples measured/);
    expect(excluded.Bi).toMatch(/6 of 866 samples measured \(0\.7%\); 625 below detection \(386 of them zeros\); 235 not analysed/);
    expect(gate.keep).toContain('Au');
    expect(gate.keep).toContain('Cu');
    expect(imp.report.warnings.join('\n')).toMatch(/Bi: low coverage/);
  });

  it('finds the WAMEX_A_NO campaigns, their statistics and level steps between partial-leach and total digests', async () => {
    const imp = await importSamples(file, { keepRecords: false });
    const c = imp.report.campaigns;
    expect(c.column).toBe('WAMEX_A_NO');
    expect(c.campaigns).toHaveLength(13);
    expect(c.campaigns.reduce((s, k) => s + k.samples, 0)).toBe(866);
    const r93974 = c.campaigns.find((k) => k.campaign === '93974')!;
    expect(r93974.samples).toBe(386);
    const cu = (k: string) => c.campaigns.find((x) => x.campaign === k)!.elements.find((e) => e.element === 'Cu')!;
    // partial leach (93974) against a total digest (74821): medians a factor 50 apart
    expect(cu('93974').median! * 20).toBeLessThan(cu('74821').median!);
    const bi = (k: string) => c.campaigns.find((x) => x.campaign === k)!.elements.find((e) => e.element === 'Bi')!;
    // one campaign writes 0 for Bi, another the detection limit as -0.003: both below detection
    expect(bi('93974')).toMatchObject({ censoredShare: 1, detectionLimits: [], median: null });
    expect(bi('94616')).toMatchObject({ censoredShare: 1, detectionLimits: [0.003] });
    expect(c.notes.join('\n')).toMatch(/campaigns 96359, 95016: no sample kept/);
    expect(c.steps.some((s) => s.element === 'Cu')).toBe(true);
    expect(imp.campaigns).toHaveLength(866);
    expect(imp.campaigns.filter((x) => x === '93974')).toHaveLength(386);
    // without the column, nothing is said about campaigns
    const none = await importSamples(file, { keepRecords: false, campaign: false });
    expect(none.report.campaigns.column).toBeNull();
    // zeros kept as values: Bi then counts 392 measurements
    const zeros = await importSamples(file, { keepRecords: false, zeros: 'value' });
    expect(zeros.report.quality.find((e) => e.element === 'Bi')!.measured).toBe(392);
  });

  it('stores quality and campaigns with the import; an older project file is upgraded and still gives its quality', async () => {
    const dir = tempDir('quality-');
    const p = Project.create(path.join(dir, 'k.prospect'), { name: 'K' });
    await importSamplesStep(p, file, {});
    const q = loadElementQuality(p);
    expect(q.find((e) => e.element === 'Bi')).toMatchObject({ measured: 6, samples: 866, zerosCensored: 386 });
    expect(q.find((e) => e.element === 'Bi')!.detectionLimits).toContain(0.003);
    expect(q.find((e) => e.element === 'Cu')!.campaignSteps.length).toBeGreaterThan(0);
    const campaigns = loadSampleCampaigns(p);
    expect(campaigns).toHaveLength(loadSamplePoints(p).x.length);
    expect(campaigns.filter((x) => x === '93974')).toHaveLength(386);
    p.close();

    // A file at schema version 2, with zeros stored as values the way older versions imported them.
    const old = path.join(dir, 'old.prospect');
    const db = new Database(old);
    for (let v = 0; v < 2; v++) db.exec(MIGRATIONS[v]);
    db.pragma('user_version = 2');
    db.prepare('INSERT INTO meta(key, value) VALUES (?, ?), (?, ?)').run('format', PROJECT_FORMAT, 'crs', 'EPSG:32750');
    db.prepare("INSERT INTO imports(id, kind, file, options, report, created_at) VALUES (1, 'samples', 'a.csv', '{}', '{}', 'x')").run();
    const ins = db.prepare("INSERT INTO samples(id, import_id, row_no, x, y, status) VALUES (?, 1, ?, ?, 0, 'kept')");
    const val = db.prepare('INSERT INTO sample_values(sample_id, element, value, raw, flag) VALUES (?,?,?,?,?)');
    for (let i = 1; i <= 10; i++) {
      ins.run(i, i + 1, i * 100);
      val.run(i, 'Bi', i <= 6 ? 0 : i <= 8 ? 0.002 : 0.5, i <= 6 ? '0' : i <= 8 ? '-0.003' : '0.5', i <= 6 || i > 8 ? 'ok' : 'censored');
    }
    db.close();
    const o = Project.open(old);
    expect(schemaVersion(o)).toBe(MIGRATIONS.length);
    expect(loadElementQuality(o)).toEqual([expect.objectContaining({ element: 'Bi', samples: 10, measured: 2, censored: 2, zeros: 6, zerosCensored: 6 })]);
    expect(loadSampleCampaigns(o)).toEqual(Array(10).fill(null));
    o.close();
  });
});
