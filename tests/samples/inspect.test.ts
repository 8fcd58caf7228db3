// The first look at a file that the column mapping starts from: real survey files with different headers, the
// guesses the import itself would make, and a CRS hint read from the coordinate numbers.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectTable } from '../../src-main/core/app/inspect';
import { importSamples } from '../../src-main/core/samples/import';
import { listCrs, parseCrs } from '../../src-main/core/util/crs';
import { ProspectError } from '../../src-main/core/types';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const data = (p: string) => path.resolve(repoRoot, '../shared/data', p);
const katanning = data('wa-katanning-sediment/area1_sediment_au.csv');
const sites = data('wa-katanning-sediment/area1_sediment_au_site.csv');
const dir = mkdtempSync(path.join(os.tmpdir(), 'prospect-inspect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('inspectTable', () => {
  it('Katanning samples: X/Y, SAMPLEID, WAMEX_A_NO, Au_ppm and a lon/lat hint naming MGA zone 50', async () => {
    const t = await inspectTable(katanning, 'samples');
    expect(t).toMatchObject({ format: 'csv', headerRow: 1, rowCount: 1392, x: 'X', y: 'Y', sampleId: 'SAMPLEID', campaign: 'WAMEX_A_NO', geometry: false });
    expect(t.rows).toHaveLength(20);
    expect(t.rowNumbers[0]).toBe(2);
    expect(t.rows[0]).toHaveLength(t.headers.length);
    expect(t.rows[0][t.headers.indexOf('SAMPLEID')]).not.toBe('');
    const el = Object.fromEntries(t.elements.map((e) => [e.element, e]));
    expect(el.Au).toEqual({ element: 'Au', column: 'Au_ppm', unit: 'ppm' });
    expect(el.Cu).toEqual({ element: 'Cu', column: 'Cu_ppm', unit: 'ppm' });
    expect(t.elements).toHaveLength(16);
    // Oxides and elements outside the paper's 16 are offered for remapping, with the unit the header states.
    expect(t.analytes).toContainEqual({ column: 'Fe2O3_pct', species: 'Fe2O3', unit: 'pct' });
    expect(t.analytes).toContainEqual({ column: 'Ir_ppb', species: 'Ir', unit: 'ppb' });
    expect(t.analytes.some((a) => a.column === 'X' || a.column === 'SAMPLEID')).toBe(false);
    expect(t.crs).toMatchObject({ kind: 'lonlat', crs: 'EPSG:4326' });
    expect(t.crs.hint).toMatch(/longitude \/ latitude/);
    expect(t.crs.hint).toMatch(/MGA zone 50/);
    expect(t.crs.targets).toEqual(['EPSG:28350', 'EPSG:7850', 'EPSG:32750']);
    expect(t.crs.autoTarget).toBe('EPSG:32750');
    expect(t.crs.candidates).toEqual(expect.arrayContaining(['EPSG:4326', 'EPSG:4283', 'EPSG:7844']));
    expect(t.crs.extent!.xmin).toBeGreaterThan(117);
    expect(t.crs.extent!.xmax).toBeLessThan(119);

    // The guesses are the import's own: importing with them spelled out gives the same report as importing without.
    const guessed = await importSamples(katanning, { keepRecords: false });
    const spelled = await importSamples(katanning, {
      keepRecords: false, x: t.x!, y: t.y!, sampleId: t.sampleId!, campaign: t.campaign!, crs: t.crs.crs!, wanted: [],
      elements: Object.fromEntries(t.elements.map((e) => [e.element, e.column])),
    });
    expect(spelled.report.rowsKept).toBe(guessed.report.rowsKept);
    expect(spelled.points.elements).toEqual(guessed.points.elements);
    expect(spelled.report.targetCrs).toBe(guessed.report.targetCrs);
  });

  it("Katanning deposits: SITE_TITLE / SITE_CODE and SITE_TYPE_'s values with their counts", async () => {
    const t = await inspectTable(sites, 'deposits');
    expect(t).toMatchObject({ rowCount: 32, x: 'X', y: 'Y', nameColumn: 'SITE_TITLE', idColumn: 'SITE_CODE' });
    expect(t.siteType?.column).toBe('SITE_TYPE_');
    expect(t.siteType?.values).toEqual([
      { value: 'Prospect', count: 21 }, { value: 'Occurrence', count: 5 }, { value: 'Deposit', count: 4 }, { value: 'Mine', count: 2 },
    ]);
    // Other few-valued text columns are offered; ids and coordinates are not.
    const cats = t.categories.map((c) => c.column);
    expect(cats).toContain('SITE_STAGE');
    expect(cats).not.toContain('SITE_CODE');
    expect(cats).not.toContain('X');
    expect(t.crs.hint).toMatch(/MGA zone 50/);
  });

  it('Kola C-horizon: XCOO/YCOO in metres, ID, bare element names without units, method columns offered', async () => {
    const t = await inspectTable(data('kola-chorizon/kola_chorizon_fullcoords.csv'), 'samples');
    expect(t).toMatchObject({ x: 'XCOO', y: 'YCOO', sampleId: 'ID', campaign: null, rowCount: 605 });
    expect(t.elements.find((e) => e.element === 'Au')).toEqual({ element: 'Au', column: 'Au' });
    expect(t.elements.find((e) => e.element === 'Sn')).toBeUndefined();
    expect(t.analytes).toContainEqual({ column: 'Sn_INAA', species: 'Sn', suffix: 'INAA' });
    expect(t.notes.join('\n')).toMatch(/Sn: not mapped automatically/);
    expect(t.crs).toMatchObject({ kind: 'projected', crs: null });
    expect(t.crs.hint).toMatch(/projected metres/);
    expect(t.crs.hint).toMatch(/UTM/);
  });

  it('Lapland till: method-suffixed columns (Cu_ppm_511) and OBJECTID as the sample id', async () => {
    const t = await inspectTable(data('lapland-till/till_511p.csv'), 'samples');
    expect(t).toMatchObject({ x: 'X', y: 'Y', sampleId: 'OBJECTID', rowCount: 1112 });
    expect(t.elements.find((e) => e.element === 'Cu')).toEqual({ element: 'Cu', column: 'Cu_ppm_511', unit: 'ppm' });
    expect(t.crs.kind).toBe('projected');
  });

  it('leaves an element two columns claim to the user, reads zone-prefixed Gauss-Kruger eastings, and GeoJSON deposits', async () => {
    const twice = path.join(dir, 'twice.csv');
    writeFileSync(twice, 'E,N,Au_ppm,Au_ppb,Cu\n38500000,3500000,1,2,3\n38501000,3501000,1,2,3\n');
    const t = await inspectTable(twice, 'samples');
    expect(t.elements.map((e) => e.element)).toEqual(['Cu']);
    expect(t.notes.join('\n')).toMatch(/Au: more than one column/);
    expect(t.crs).toMatchObject({ kind: 'projected', crs: 'EPSG:4526' });
    expect(t.crs.hint).toMatch(/zone 38/);

    const gj = path.join(dir, 'deposits.geojson');
    writeFileSync(gj, JSON.stringify({ type: 'FeatureCollection', features: [
      { type: 'Feature', geometry: { type: 'Point', coordinates: [117.9, -33.5] }, properties: { name: 'A', status: 'Mine' } },
      { type: 'Feature', geometry: { type: 'Point', coordinates: [118.0, -33.6] }, properties: { name: 'B', status: 'Prospect' } },
      { type: 'Feature', geometry: { type: 'Point', coordinates: [118.1, -33.7] }, properties: { name: 'C', status: 'Mine' } },
    ] }));
    const g = await inspectTable(gj, 'deposits');
    expect(g).toMatchObject({ format: 'geojson', geometry: true, rowCount: 3, nameColumn: 'name' });
    expect(g.siteType).toEqual({ column: 'status', values: [{ value: 'Mine', count: 2 }, { value: 'Prospect', count: 1 }] });
    expect(g.crs.kind).toBe('lonlat');
  });

  it('names file, row and column for a file it cannot read', async () => {
    const empty = path.join(dir, 'header-only.csv');
    writeFileSync(empty, 'X,Y,Au_ppm\n');
    await expect(inspectTable(empty, 'samples')).rejects.toSatisfy((e: unknown) =>
      e instanceof ProspectError && e.code === 'NO_DATA_ROWS' && e.message.includes(`${empty}, row 2, column 'X'`));
  });
});

describe('listCrs', () => {
  it('lists every supported code once, each one parseCrs accepts, with a name', () => {
    const list = listCrs();
    expect(new Set(list.map((c) => c.code)).size).toBe(list.length);
    expect(list.length).toBe(9 + 120 + 11 + 14 + 14 + 11 + 11 + 21 + 21);
    for (const c of list) {
      expect(c.name.length).toBeGreaterThan(4);
      expect(parseCrs(c.code).geographic).toBe(c.geographic);
    }
    expect(list.find((c) => c.code === 'EPSG:28350')?.name).toBe('GDA94 / MGA zone 50');
    expect(list.find((c) => c.code === 'EPSG:32750')?.name).toBe('WGS 84 / UTM zone 50S');
    expect(list.find((c) => c.code === 'EPSG:4526')?.name).toBe('CGCS2000 / 3-degree Gauss-Kruger zone 38');
  });
});
