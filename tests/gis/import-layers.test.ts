// Samples and deposits from GIS layers: a GeoPackage with several layers and a shapefile, both made here by ogr2ogr
// from CSV files (the real Kola C-horizon survey, and a few deposits), read back as the same rows as the CSV itself.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { importDeposits } from '../../src-main/core/deposits/import';
import { importSamples } from '../../src-main/core/samples/import';
import { listGpkgLayers } from '../../src-main/core/formats/gpkg-layers';
import { dataDir, prospect, tempDir } from '../helpers/cli';

const dir = tempDir('import-layers-');
const kola = path.join(dataDir, 'kola-chorizon/kola_chorizon_fullcoords.csv');
const gpkg = path.join(dir, 'survey.gpkg');
const shp = path.join(dir, 'deposits.shp');
const depositsCsv = path.join(dir, 'deposits.csv');
// The mapping the Kola table needs (several columns per element), as in tests/samples/real-data.test.ts.
const mapping = { elements: { Sn: 'Sn_INAA', W: 'W_INAA', F: 'F_IC' }, units: { Au: 'ppb' as const } };

function ogr2ogr(...args: string[]): void {
  execFileSync('ogr2ogr', args, { stdio: 'pipe' });
}

beforeAll(() => {
  writeFileSync(depositsCsv, ['NAME,X,Y', 'Monchegorsk,547960,7693790', 'Nikel,556000,7800000', 'Zapolyarny,600000,7700000', ''].join('\n'));
  writeFileSync(path.join(dir, 'areas.csv'), ['WKT,NAME', '"POLYGON((500000 7600000,510000 7600000,510000 7610000,500000 7600000))",block A', ''].join('\n'));
  // Attributes stay text (no type detection), as the CSV holds them; X and Y become the point geometry.
  ogr2ogr('-f', 'GPKG', gpkg, kola, '-nln', 'chorizon', '-a_srs', 'EPSG:32635', '-oo', 'X_POSSIBLE_NAMES=XCOO', '-oo', 'Y_POSSIBLE_NAMES=YCOO');
  ogr2ogr('-f', 'GPKG', '-update', gpkg, depositsCsv, '-nln', 'deposits', '-a_srs', 'EPSG:32635', '-oo', 'X_POSSIBLE_NAMES=X', '-oo', 'Y_POSSIBLE_NAMES=Y');
  ogr2ogr('-f', 'GPKG', '-update', gpkg, path.join(dir, 'areas.csv'), '-nln', 'areas', '-nlt', 'POLYGON', '-a_srs', 'EPSG:32635');
  ogr2ogr('-f', 'ESRI Shapefile', shp, depositsCsv, '-a_srs', 'EPSG:32635', '-oo', 'X_POSSIBLE_NAMES=X', '-oo', 'Y_POSSIBLE_NAMES=Y');
}, 60_000);

describe('samples from a layer', () => {
  it('reads the GeoPackage layer as the same samples as the CSV, with the layer\'s CRS', async () => {
    const fromCsv = await importSamples(kola, { crs: 'EPSG:32635', ...mapping });
    const fromLayer = await importSamples(gpkg, { layer: 'chorizon', ...mapping });
    expect(fromLayer.report.rowsKept).toBe(605);
    expect(fromLayer.report.rowsKept).toBe(fromCsv.report.rowsKept);
    expect(fromLayer.report.crs).toBe('EPSG:32635');
    expect(fromLayer.report.notes.join('\n')).toMatch(/layer 'chorizon' of the geopackage/);
    expect(Array.from(fromLayer.points.x)).toEqual(Array.from(fromCsv.points.x));
    expect(Array.from(fromLayer.points.y)).toEqual(Array.from(fromCsv.points.y));
    expect(fromLayer.points.elements).toEqual(fromCsv.points.elements);
    fromCsv.points.values.forEach((v, e) => expect(Array.from(fromLayer.points.values[e]), fromCsv.points.elements[e]).toEqual(Array.from(v)));
    // Censored and missing cells are read from the same text.
    expect(fromLayer.report.perElement.map((r) => [r.element, r.censored, r.missing]))
      .toEqual(fromCsv.report.perElement.map((r) => [r.element, r.censored, r.missing]));
  });

  it('names the layers when --layer is missing or unknown, and refuses polygons naming the feature', async () => {
    const layers = listGpkgLayers(gpkg);
    expect(layers.map((l) => [l.name, l.features])).toEqual([['areas', 1], ['chorizon', 605], ['deposits', 3]]);
    await expect(importSamples(gpkg, mapping)).rejects.toMatchObject({
      code: 'LAYER_REQUIRED', details: { column: '--layer' },
      message: expect.stringMatching(/3 layers; choose one with --layer NAME\. Layers: 'areas' \(1 polygon features\), 'chorizon' \(605 point features\), 'deposits' \(3 point features\)/),
    });
    await expect(importSamples(gpkg, { layer: 'samples', ...mapping })).rejects.toMatchObject({
      code: 'NO_LAYER', message: expect.stringMatching(/no layer 'samples'\. Layers: 'areas'.*'chorizon'.*'deposits'/),
    });
    // A name differing only in case finds its layer.
    expect((await importSamples(gpkg, { layer: 'CHORIZON', ...mapping })).report.rowsKept).toBe(605);
    await expect(importDeposits(gpkg, { layer: 'areas', targetCrs: 'EPSG:32635' })).rejects.toMatchObject({
      code: 'NOT_POINTS', details: { row: 1, column: 'geom' }, message: expect.stringMatching(/layer 'areas', row 1 \(fid\), column 'geom': the feature is a polygon, not a point/),
    });
  });
});

describe('deposits from a layer', () => {
  it('reads the GeoPackage layer and the shapefile as the CSV, names and all', async () => {
    const fromCsv = await importDeposits(depositsCsv, { crs: 'EPSG:32635', targetCrs: 'EPSG:32635' });
    const fromGpkg = await importDeposits(gpkg, { layer: 'deposits', targetCrs: 'EPSG:32635' });
    const fromShp = await importDeposits(shp, { layer: 'deposits', targetCrs: 'EPSG:32635' });
    const where = (d: typeof fromCsv) => d.deposits.map((x) => [x.name, x.x, x.y]);
    expect(where(fromGpkg)).toEqual(where(fromCsv));
    expect(where(fromShp)).toEqual(where(fromCsv));
    expect(fromGpkg.report).toMatchObject({ format: 'geopackage', layer: 'deposits', crs: 'EPSG:32635', nameColumn: 'NAME' });
    expect(fromShp.report).toMatchObject({ format: 'shapefile', layer: 'deposits', crs: 'EPSG:32635' });
    await expect(importDeposits(shp, { layer: 'mines', targetCrs: 'EPSG:32635' })).rejects.toMatchObject({
      code: 'NO_LAYER', message: expect.stringMatching(/no layer 'mines'\. Layers: 'deposits' \(3 point features\)/),
    });
  });

  it('imports both through the CLI with --layer', () => {
    const project = path.join(dir, 'area.prospect');
    const s = prospect(['import', '--project', project, '--samples', gpkg, '--layer', 'chorizon', '--map', 'Sn=Sn_INAA,W=W_INAA,F=F_IC', '--json']);
    expect(s.code, s.stderr).toBe(0);
    expect(s.json).toMatchObject({ ok: true, kind: 'samples' });
    const d = prospect(['import', '--project', project, '--deposits', gpkg, '--layer', 'deposits', '--json']);
    expect(d.code, d.stderr).toBe(0);
    expect(d.json).toMatchObject({ ok: true, kind: 'deposits', report: { count: 3, layer: 'deposits' } });
    const bad = prospect(['import', '--project', project, '--deposits', gpkg, '--json']);
    expect(bad.code).not.toBe(0);
    expect(bad.stdout + bad.stderr).toMatch(/choose one with --layer NAME\. Layers: 'areas'/);
  });
});
