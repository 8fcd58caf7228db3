// What goes to the field, from a real small demo project run through every step and exported by the real CLI
// without --out: the verdict on every target row (CSV, GeoJSON, GPX, KML), target areas above the minimum area with
// their peaks in lon/lat (checked against gdaltransform), GPX and KML read back by GDAL (ogrinfo -al), the calibrated
// map's QGIS style stretched to its own values (checked against numpy through GDAL), unique layer names in the .qgs,
// the report's tile list labelled and folded behind the verdict, and the map sheet PDF read back by poppler.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fieldAreas, minimumArea, withVerdictColumns } from '../../src-main/core/evaluation/field-targets';
import { niceStep, winAnsi } from '../../src-main/core/gis/map-sheet';
import { uniqueNames } from '../../src-main/core/gis/qgs';
import type { Verdict } from '../../src-main/core/results';
import { latestRun } from '../../src-main/core/store/runs-repo';
import type { DeliveredTargets, TargetAreaResult } from '../../src-main/core/targets-types';
import type { GridSpec } from '../../src-main/core/types';
import { smallDemoProject } from '../evaluation/cv-fixture';
import { prospect, repoRoot } from '../helpers/cli';
import { run } from '../gis/helpers';

const keep = path.join(repoRoot, 'test-results/field');
let out: string;
let exportJson: Record<string, any> | null;
let verdict: Verdict;
let delivered: DeliveredTargets;

beforeAll(async () => {
  const made = await smallDemoProject(['grid', 'select', 'dataset', 'train', 'predict', 'evaluate'], { evaluate: { epochs: 2 } });
  const ev = latestRun(made.p, 'evaluate')!.metrics as { verdict: Verdict; targets: DeliveredTargets };
  verdict = ev.verdict;
  delivered = ev.targets;
  made.p.close();
  const project = path.join(made.dir, 'small.prospect');
  // No --out: the export goes to a folder named for the project beside it.
  const r = prospect(['export', '--project', project, '--json']);
  expect(r.code, r.stderr.slice(-3000)).toBe(0);
  exportJson = r.json;
  out = path.join(made.dir, 'small-export');
  mkdirSync(keep, { recursive: true });
}, 900_000);

const csvRows = (file: string): string[][] => {
  // Fields may be quoted (the verdict sentence holds commas).
  const rows: string[][] = [];
  for (const line of readFileSync(file, 'utf8').trim().split('\n')) {
    const cells: string[] = [];
    let cur = '', q = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (q) {
        if (ch === '"' && line[i + 1] === '"') (cur += '"'), i++;
        else if (ch === '"') q = false;
        else cur += ch;
      } else if (ch === '"') q = true;
      else if (ch === ',') (cells.push(cur), (cur = ''));
      else cur += ch;
    }
    cells.push(cur);
    rows.push(cells);
  }
  return rows;
};

describe('export without --out', () => {
  it('writes into <project>-export beside the project file', () => {
    expect(existsSync(path.join(out, 'targets.csv'))).toBe(true);
    expect(path.basename(out)).toBe('small-export');
    expect((exportJson as any)?.steps?.[0]?.summary?.outDir ?? (exportJson as any)?.files?.[0]).toContain('small-export');
  });
});

describe('the verdict travels with every target file', () => {
  it('targets.csv: trust and the verdict sentence on every row, peaks in lon/lat', () => {
    const [header, ...rows] = csvRows(path.join(out, 'targets.csv'));
    expect(header.slice(-4)).toEqual(['peak_lon', 'peak_lat', 'trust', 'verdict']);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r[header.indexOf('trust')]).toBe(verdict.trust);
      expect(r[header.indexOf('verdict')]).toBe(verdict.sentence);
    }
  });

  it('targets.geojson: the verdict as a member and on every feature; the same areas as the CSV', () => {
    const gj = JSON.parse(readFileSync(path.join(out, 'targets.geojson'), 'utf8'));
    expect(gj.verdict).toEqual({ trust: verdict.trust, sentence: verdict.sentence });
    const rows = csvRows(path.join(out, 'targets.csv'));
    expect(gj.features.length).toBe(rows.length - 1);
    for (const f of gj.features) expect([f.properties.trust, f.properties.verdict]).toEqual([verdict.trust, verdict.sentence]);
    // GDAL reads the properties as fields.
    const info = run('ogrinfo', ['-al', '-q', path.join(out, 'targets.geojson')]);
    expect(info.code, info.err).toBe(0);
    expect(info.out).toContain(`trust (String) = ${verdict.trust}`);
  });

  it('lists only areas of at least the minimum area, their peaks projected as GDAL projects them', () => {
    const [header, ...rows] = csvRows(path.join(out, 'targets.csv'));
    const field = exportJson && (exportJson.steps?.[0]?.summary?.field ?? null);
    const minKm2 = field?.areas?.minimumKm2 as number;
    expect(minKm2).toBeGreaterThan(0);
    expect(rows.length + field.areas.dropped).toBe(delivered.areas.length);
    for (const r of rows) expect(Number(r[header.indexOf('area_km2')])).toBeGreaterThanOrEqual(minKm2 - 5e-4);
    const xy = rows.map((r) => `${r[header.indexOf('peak_x')]} ${r[header.indexOf('peak_y')]}`).join('\n') + '\n';
    const g = spawnSync('gdaltransform', ['-s_srs', 'EPSG:32645', '-t_srs', 'EPSG:4326', '-output_xy'], { input: xy, encoding: 'utf8' });
    expect(g.status, g.stderr).toBe(0);
    const ref = g.stdout.trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
    rows.forEach((r, i) => {
      expect(Math.abs(Number(r[header.indexOf('peak_lon')]) - ref[i][0])).toBeLessThan(2e-6);
      expect(Math.abs(Number(r[header.indexOf('peak_lat')]) - ref[i][1])).toBeLessThan(2e-6);
    });
  });

  it('GPX: one waypoint per area at its peak, named by rank and class, read back by ogrinfo -al', () => {
    const rows = csvRows(path.join(out, 'targets.csv'));
    const header = rows[0];
    const r = run('ogrinfo', ['-al', path.join(out, 'targets.gpx'), 'waypoints']);
    expect(r.code, r.err).toBe(0);
    expect(Number(/Feature Count: (\d+)/.exec(r.out)?.[1])).toBe(rows.length - 1);
    const names = [...r.out.matchAll(/^\s+name \(String\) = (.+)$/gm)].map((m) => m[1]);
    expect(names).toEqual(rows.slice(1).map((c, i) => `T${String(i + 1).padStart(2, '0')} ${c[header.indexOf('class')]}`));
    const pts = [...r.out.matchAll(/POINT \(([-\d.]+) ([-\d.]+)\)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    rows.slice(1).forEach((c, i) => {
      expect(pts[i][0]).toBeCloseTo(Number(c[header.indexOf('peak_lon')]), 6);
      expect(pts[i][1]).toBeCloseTo(Number(c[header.indexOf('peak_lat')]), 6);
    });
    expect(r.out).toContain(`trust: ${verdict.trust}`);
  });

  it('KML: the area polygons and the peaks, in WGS84, read back by ogrinfo -al', () => {
    const n = csvRows(path.join(out, 'targets.csv')).length - 1;
    const r = run('ogrinfo', ['-al', path.join(out, 'targets.kml')]);
    expect(r.code, r.err).toBe(0);
    const layers = [...r.out.matchAll(/Layer name: (.+)\n[\s\S]*?Feature Count: (\d+)/g)].map((m) => [m[1], Number(m[2])]);
    expect(layers).toEqual([['Target areas', n], ['Target peaks', n]]);
    expect((r.out.match(/POLYGON/g) ?? []).length).toBeGreaterThanOrEqual(n);
    expect(r.out).toContain('ID["EPSG",4326]');
    const lon = [...r.out.matchAll(/POINT \(([-\d.]+) ([-\d.]+)/g)].map((m) => Number(m[1]));
    for (const x of lon) expect(x).toBeGreaterThan(80); // UTM 45N: lon 84-90, never a metre easting
  });
});

describe('styles and layer names', () => {
  it("stretches the calibrated map's style to its own 2nd-98th percentile, named in the legend", () => {
    const tif = ['probability_calibrated.tif', 'score.tif'].map((f) => path.join(out, f)).find(existsSync)!;
    const qml = readFileSync(tif.replace(/\.tif$/, '.qml'), 'utf8');
    const min = Number(/classificationMin="([^"]+)"/.exec(qml)![1]);
    const max = Number(/classificationMax="([^"]+)"/.exec(qml)![1]);
    const py = run('/usr/bin/python3', ['-c', `
import sys, numpy as np
from osgeo import gdal
ds = gdal.Open(sys.argv[1]); b = ds.GetRasterBand(1); a = b.ReadAsArray().astype('float64').ravel()
a = np.sort(a[(a != b.GetNoDataValue()) & np.isfinite(a)])
at = lambda p: a[min(len(a) - 1, max(0, int(round(p * (len(a) - 1)))))]
print(at(0.02), at(0.98), a[0], a[-1])`, tif]);
    expect(py.code, py.err).toBe(0);
    const [p2, p98, lo, hi] = py.out.trim().split(/\s+/).map(Number);
    // The style's strided sample is the whole map here (under 200,000 cells): the same percentiles.
    expect(min).toBeCloseTo(p2, 6);
    expect(max).toBeCloseTo(p98, 6);
    expect(min).toBeGreaterThanOrEqual(lo);
    expect(max).toBeLessThanOrEqual(hi);
    expect(qml).toMatch(/label="[^"]*2nd percentile\)"/);
    expect(qml).toMatch(/label="[^"]*98th percentile\)"/);
  });

  it('gives every layer of the .qgs its own name', () => {
    const xml = readFileSync(path.join(out, 'small.qgs'), 'utf8');
    const names = [...xml.matchAll(/<layername>([^<]+)<\/layername>/g)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(10);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['Window score (uncalibrated)', 'Target area classes', 'Tile classes (paper protocol)', 'Probability per tile']));
    expect(names.some((n) => n === 'Probability (calibrated)' || n === 'Score (not a probability)')).toBe(true);
  });

  it('uniqueNames: a repeated name gets its source after it', () => {
    expect(uniqueNames([{ name: 'A', source: './x/a.tif' }, { name: 'A', source: './b.tif' }, { name: 'A', source: 'p.gpkg|layername=c' }, { name: 'A', source: './b.tif' }]))
      .toEqual(['A', 'A (b)', 'A (c)', 'A (2)']);
  });
});

describe('the report', () => {
  it("labels the paper's tile list not held out and folds it behind the verdict unless the verdict says act", () => {
    const html = readFileSync(path.join(out, 'report.html'), 'utf8');
    const tiles = html.slice(html.indexOf('<section id="targets">'));
    expect(tiles).toContain('NOT held out');
    if (/<table/.test(tiles)) {
      expect(tiles).toContain('data-held-out="no"');
      if (verdict.trust === 'act') expect(tiles).not.toContain('<details class="held"');
      else expect(tiles.indexOf('<details class="held"')).toBeLessThan(tiles.indexOf('<table'));
    }
  });
});

describe('the map sheet', () => {
  it('is one PDF page with the title, map, legend, scale, north, CRS, verdict and date; rendered to a PNG', () => {
    const pdf = path.join(out, 'map_sheet.pdf');
    const info = run('pdfinfo', [pdf]);
    expect(info.code, info.err).toBe(0);
    expect(info.out).toMatch(/Pages:\s+1/);
    expect(info.out).toMatch(/Page size:\s+842 x 595 pts/);
    const t = run('pdftotext', ['-layout', pdf, '-']);
    expect(t.code, t.err).toBe(0);
    const text = t.out.replace(/\s+/g, ' ');
    for (const s of ['small demo', 'Legend', 'CRS: EPSG:32645', 'Verdict (held out, on the map)', (verdict.trust ?? 'unknown').toUpperCase(), 'grid north', 'Scale 1:', 'percentile',
      `Date: ${new Date().toISOString().slice(0, 10)}`, 'known deposit (12)', 'sample (1500)', 'WGS84']) expect(text, s).toContain(s);
    expect(text).toMatch(/\d+(\.\d+)? (km|m) /);
    expect(text).toContain(winAnsi(verdict.sentence).split(' ').slice(0, 6).join(' '));
    const png = path.join(keep, 'map-sheet');
    const r = run('pdftoppm', ['-png', '-r', '60', '-singlefile', pdf, png]);
    expect(r.code, r.err).toBe(0);
    expect(existsSync(`${png}.png`)).toBe(true);
    copyFileSync(pdf, path.join(keep, 'map_sheet.pdf'));
  });
});

describe('minimum area and field areas (units)', () => {
  const spec: GridSpec = { width: 100, height: 100, cellX: 50, cellY: 50, xmin: 500000, ymax: 4600000, crs: 'EPSG:32645' };
  const area = (id: number, cells: number): TargetAreaResult => ({
    id, rank: id, class: 'greenfield', cells, areaKm2: cells * 0.0025, peakScore: 1 - id / 10, meanScore: 0.5, meanUncertainty: null, deposits: [], nearestDeposit: null,
    peak: { row: 0, col: 0, x: 500025 + id, y: 4599975 }, extent: { xmin: 0, ymin: 0, xmax: 0, ymax: 0 }, geometry: { type: 'Polygon', coordinates: [] }, drivers: [],
  });

  it('is one sample spacing squared, never under four cells', () => {
    expect(minimumArea(spec, 200)).toMatchObject({ km2: 0.04, cells: 16 });
    expect(minimumArea(spec, 60).cells).toBe(4);
    expect(minimumArea(spec, null)).toMatchObject({ km2: 0.01, cells: 4 });
    expect(minimumArea(spec, 200, 0.5).cells).toBe(200);
    expect(minimumArea(spec, 200).reason).toMatch(/sample spacing/);
  });

  it('drops the areas below it, keeps the order, ranks the kept ones from 1 and projects their peaks', () => {
    const f = fieldAreas([area(1, 40), area(2, 3), area(3, 16), area(4, 15)], minimumArea(spec, 200), (x, y) => ({ x: x.map((v) => v / 1e4), y: y.map((v) => v / 1e5) }));
    expect(f.kept.map((a) => [a.id, a.fieldRank])).toEqual([[1, 1], [3, 2]]);
    expect(f.dropped).toMatchObject({ count: 2, ids: [2, 4] });
    expect(f.dropped.km2).toBeCloseTo(18 * 0.0025, 9);
    expect(f.kept[0].lon).toBeCloseTo(50.0026, 9);
  });

  it('appends the verdict columns to every CSV row, quoted', () => {
    expect(withVerdictColumns('a,b\n1,2\n', { trust: 'chance', sentence: 'No, "really".' })).toBe('a,b,trust,verdict\n1,2,chance,"No, ""really""."\n');
  });

  it('sheet helpers: round steps and WinAnsi text', () => {
    expect([niceStep(4300), niceStep(1999), niceStep(100)]).toEqual([2000, 1000, 100]);
    expect(winAnsi('Zn 5 km² 金矿')).toBe('Zn 5 km² ??');
  });
});
