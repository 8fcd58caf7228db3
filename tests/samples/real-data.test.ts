// Imports every point set under ../shared/data and checks the figures stated in their SOURCE.txt.
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { importSamples } from '../../src-main/core/samples/import';
import { makeTransformer, parseCrs, utmZoneFor, isGeographic } from '../../src-main/core/util/crs';
import { ProspectError } from '../../src-main/core/types';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const data = (p: string) => path.resolve(repoRoot, '../shared/data', p);

describe('real survey files', () => {
  it('wa-katanning-sediment: lon/lat -> UTM 50S, 526 exact duplicates dropped, 866 kept, -9999 and negative DL codes', async () => {
    const imp = await importSamples(data('wa-katanning-sediment/area1_sediment_au.csv'));
    const r = imp.report;
    expect(r.rowsRead).toBe(1392);
    expect(r.duplicatesExact).toBe(526);
    expect(r.rowsKept).toBe(866);
    expect(r.duplicateCoordinates).toBe(46); // 866 samples on 820 distinct positions, kept by default
    expect(r.crs).toBe('EPSG:4326');
    expect(r.targetCrs).toBe('EPSG:32750');
    expect(imp.points.elements).toHaveLength(16);
    const per = Object.fromEntries(r.perElement.map((p) => [p.element, p]));
    // B and F are never analysed: every cell is the -9999 sentinel
    expect(per.B.sentinel).toBe(866);
    expect(per.B.kept).toBe(0);
    expect(per.Au.negativeDL).toBeGreaterThan(0);
    expect(per.Au.unitOriginal).toBe('ppm');
    expect(per.Sb.censored).toBe(236);
    // the first row: As 2.3 ppm, Au 0.0001 ppm at (118.2116, -34.3018)
    const first = imp.samples[0];
    expect(first.row).toBe(2);
    expect(first.status).toBe('kept');
    expect(first.lon).toBeCloseTo(118.211648772642, 9);
    expect(first.cells.find((c) => c.element === 'As')).toMatchObject({ value: 2.3, flag: 'ok', unit: 'ppm' });
    expect(imp.samples.filter((s) => s.status === 'duplicate')).toHaveLength(526);
    // projected metres within the Katanning window (~121 x 194 km)
    const xs = Array.from(imp.points.x), ys = Array.from(imp.points.y);
    expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThan(100_000);
    expect(Math.max(...ys) - Math.min(...ys)).toBeGreaterThan(180_000);
    // JSON round trip: the records are plain data
    expect(JSON.parse(JSON.stringify(imp.samples[5]))).toEqual(imp.samples[5]);
  });

  it('wa-katanning-sediment: censored rule and coordinate-duplicate rules change what they should', async () => {
    const f = data('wa-katanning-sediment/area1_sediment_au.csv');
    const half = await importSamples(f, { censoredRule: 'half', duplicateCoordinates: 'mean', keepRecords: false });
    expect(half.report.rowsKept).toBe(820);
    expect(half.report.duplicateCoordinatesRule).toBe('mean');
    const first = await importSamples(f, { duplicateCoordinates: 'first', keepRecords: false });
    expect(first.report.rowsKept).toBe(820);
    // a negative DL code -0.001 ppm Au -> 0.0005 with DL/2
    const neg = await importSamples(f, { censoredRule: 'half' });
    const cell = neg.samples.flatMap((s) => s.cells).find((c) => c.element === 'Au' && c.flag === 'censored' && Number(c.raw) < 0)!;
    expect(cell.value).toBeCloseTo(-Number(cell.raw) / 2, 12);
  });

  it('wa-southern-cross-soil: Y before X, only Au Ag Cu Pb Zn analysed', async () => {
    const imp = await importSamples(data('wa-southern-cross-soil/area6_soil_au.csv'), { keepRecords: false });
    expect(imp.report.rowsRead).toBe(2734);
    expect(imp.report.x).toBe('X');
    expect(imp.report.targetCrs).toBe('EPSG:32750');
    // re-reported samples (different report number and ids, same position and values)
    expect(imp.report.duplicatesExact).toBe(1366);
    expect(imp.report.rowsKept).toBe(1368);
    const kept = Object.fromEntries(imp.report.perElement.map((p) => [p.element, p.kept]));
    for (const e of ['Au', 'Ag', 'Cu', 'Pb', 'Zn']) expect(kept[e]).toBeGreaterThan(1000);
    expect(kept.Mo).toBe(0);
  });

  it('kola-chorizon: UTM 35N metres, Sn/W/F mapped explicitly, Au in ppb', async () => {
    const f = data('kola-chorizon/kola_chorizon_fullcoords.csv');
    await expect(importSamples(f)).rejects.toThrow(/row 1, column 'XCOO'.*look projected/);
    const auto = await importSamples(f, { crs: 'EPSG:32635', keepRecords: false });
    expect(auto.points.elements).not.toContain('Sn');
    expect(auto.report.notes.join('\n')).toMatch(/Sn: not mapped automatically; candidate columns 'Sn_INAA'/);
    const imp = await importSamples(f, { crs: 'EPSG:32635', elements: { Sn: 'Sn_INAA', W: 'W_INAA', F: 'F_IC' }, units: { Au: 'ppb' } });
    expect(imp.report.rowsKept).toBe(605);
    expect(imp.report.x).toBe('XCOO');
    expect(imp.report.y).toBe('YCOO');
    expect(imp.report.targetCrs).toBe('EPSG:32635');
    expect([...imp.points.elements].sort()).toEqual(['Ag', 'As', 'Au', 'B', 'Ba', 'Bi', 'Cu', 'F', 'Hg', 'Mn', 'Mo', 'Pb', 'Sb', 'Sn', 'W', 'Zn']);
    expect(imp.points.x[0]).toBe(547960);
    expect(imp.points.y[0]).toBe(7693790);
    const au = imp.points.values[imp.points.elements.indexOf('Au')];
    expect(au[0]).toBeCloseTo(1.344e-3, 12); // 1.344 ppb
    expect(imp.samples[0].cells.find((c) => c.element === 'Sn')).toMatchObject({ value: 50, unit: 'ppm', raw: '50' });
  });

  it('yilgarn-laterites: blanks are missing, Mn 9999 is a sentinel, one row without coordinates', async () => {
    const imp = await importSamples(data('yilgarn-laterites/laterites.csv'), { keepRecords: false });
    const r = imp.report;
    expect(r.rowsRead).toBe(7742);
    expect(r.x).toBe('LONGITUDE');
    expect(r.badCoordinates).toBe(1);
    expect(r.rowsKept).toBe(7741);
    expect(r.duplicateCoordinates).toBe(44);
    const mn = r.perElement.find((p) => p.element === 'Mn')!;
    expect(mn.sentinel).toBe(5);
    const w = r.perElement.find((p) => p.element === 'W')!;
    expect(w.kept).toBe(1696);
    const au = r.perElement.find((p) => p.element === 'Au')!;
    expect(au.unitOriginal).toBe('ppb');
    expect(au.kept).toBe(3120);
    expect(imp.points.elements).not.toContain('Sn');
  });

  it("lapland-till: EPSG:3067, '<' flags in separate <El>_511P_T columns", async () => {
    const f = data('lapland-till/till_511p.csv');
    const imp = await importSamples(f, { crs: 'EPSG:3067', wanted: ['Cu', 'Zn', 'Mn', 'Ba', 'Zr', 'Th'], censoredRule: 'half' });
    const r = imp.report;
    expect(r.rowsKept).toBe(1112);
    expect(r.targetCrs).toBe('EPSG:3067');
    const zr = r.perElement.find((p) => p.element === 'Zr')!;
    expect(zr.flagColumn).toBe('Zr_511P_T');
    expect(zr.censored).toBe(166);
    const th = r.perElement.find((p) => p.element === 'Th')!;
    expect(th.censored).toBe(19);
    // the value column is 0.0 under '<': the DL is estimated as the smallest measured Zr and halved
    const zrv = imp.points.values[imp.points.elements.indexOf('Zr')];
    const measured = imp.samples.map((s, i) => ({ c: s.cells.find((c) => c.element === 'Zr')!, i })).filter(({ c }) => c.flag === 'ok');
    const dl = Math.min(...measured.map(({ c }) => c.value!).filter((v) => v > 0));
    const cens = imp.samples.findIndex((s) => s.cells.find((c) => c.element === 'Zr')!.flag === 'censored');
    expect(zrv[cens]).toBeCloseTo(dl / 2, 12);
    expect(r.notes.join('\n')).toMatch(/Zr: 166 cells flagged '<' without a detection limit/);
    expect(imp.samples[0].cells.find((c) => c.element === 'Zr')!.raw).toBe('0 [Zr_511P_T=<]');
  });
});

describe('crs', () => {
  it('matches gdaltransform for WGS84 -> UTM 50S and TM35FIN -> lon/lat', () => {
    const t = makeTransformer('EPSG:4326', 'EPSG:32750');
    const p = t([118.211648772642, 117.5], [-34.3018093442451, -33.0]);
    const out = execFileSync('gdaltransform', ['-s_srs', 'EPSG:4326', '-t_srs', 'EPSG:32750', '-output_xy'],
      { input: '118.211648772642 -34.3018093442451\n117.5 -33.0\n' }).toString().trim().split('\n').map((l) => l.split(/\s+/).map(Number));
    expect(p.x[0]).toBeCloseTo(out[0][0], 4);
    expect(p.y[1]).toBeCloseTo(out[1][1], 4);
    const q = makeTransformer(3067, 'EPSG:4326')([404203.1313], [7526963.1727]);
    const g = execFileSync('gdaltransform', ['-s_srs', 'EPSG:3067', '-t_srs', 'EPSG:4326', '-output_xy'],
      { input: '404203.1313 7526963.1727\n' }).toString().trim().split(/\s+/).map(Number);
    expect(q.x[0]).toBeCloseTo(g[0], 7);
    expect(q.y[0]).toBeCloseTo(g[1], 7);
    const c = makeTransformer('EPSG:4513', 4490)([25500000], [4000000]);
    expect(c.x[0]).toBeCloseTo(75, 9);
  });

  it('names UTM zones, geographic systems, and refuses unknown codes with the list', () => {
    expect(utmZoneFor(118.2, -34.3)).toBe('EPSG:32750');
    expect(utmZoneFor(30.5, 68.9)).toBe('EPSG:32636');
    expect(utmZoneFor(5, 60)).toBe('EPSG:32632'); // the Norway exception
    expect(isGeographic('EPSG:4326')).toBe(true);
    expect(isGeographic(32635)).toBe(false);
    expect(parseCrs('+proj=utm +zone=50 +south +ellps=GRS80 +units=m').geographic).toBe(false);
    try {
      parseCrs('EPSG:2193', { file: 'x.csv', row: 1, column: 'X' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ProspectError);
      expect((e as Error).message).toMatch(/x\.csv, row 1, column 'X': unknown coordinate reference system 'EPSG:2193'.*3067.*proj4 string/);
    }
  });
});
