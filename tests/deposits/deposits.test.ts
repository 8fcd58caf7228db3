// Deposits from CSV, GeoJSON and point shapefiles (the shapefiles are written by GDAL's ogr2ogr in the test).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importDeposits } from '../../src-main/core/deposits/import';
import { readShapefilePoints } from '../../src-main/core/formats/shapefile';
import { ProspectError } from '../../src-main/core/types';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const sites = path.resolve(repoRoot, '../shared/data/wa-katanning-sediment/area1_sediment_au_site.csv');
const dir = mkdtempSync(path.join(os.tmpdir(), 'prospect-deposits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function expectError(p: Promise<unknown>, code: string, file: string, row: number, column: string): Promise<void> {
  await expect(p).rejects.toSatisfy((e: unknown) => {
    const err = e as ProspectError;
    expect(err).toBeInstanceOf(ProspectError);
    expect(err.code).toBe(code);
    expect(err.message).toContain(`${file}, row ${row}`);
    expect(err.message).toContain(`column '${column}'`);
    return true;
  });
}

describe('importDeposits', () => {
  it('reads the 32 Katanning Au sites from CSV into UTM 50S', async () => {
    const r = await importDeposits(sites, { targetCrs: 'EPSG:32750' });
    expect(r.deposits).toHaveLength(32);
    expect(r.report).toMatchObject({ format: 'csv', count: 32, crs: 'EPSG:4326', targetCrs: 'EPSG:32750', x: 'X', y: 'Y', idColumn: 'SITE_CODE' });
    const dingo = r.deposits[0];
    expect(dingo).toMatchObject({ id: 'S0000007', name: 'Dingo - Katanning', row: 2 });
    const g = execFileSync('gdaltransform', ['-s_srs', 'EPSG:4326', '-t_srs', 'EPSG:32750', '-output_xy'],
      { input: `${dingo.lon} ${dingo.lat}\n` }).toString().trim().split(/\s+/).map(Number);
    expect(dingo.x).toBeCloseTo(g[0], 4);
    expect(dingo.y).toBeCloseTo(g[1], 4);
  });

  it('reads the same sites from point shapefiles written by ogr2ogr (lon/lat and UTM .prj)', async () => {
    const csv = await importDeposits(sites, { targetCrs: 'EPSG:32750' });
    const geo = path.join(dir, 'sites.shp');
    execFileSync('ogr2ogr', ['-f', 'ESRI Shapefile', geo, sites, '-oo', 'X_POSSIBLE_NAMES=X', '-oo', 'Y_POSSIBLE_NAMES=Y', '-a_srs', 'EPSG:4326']);
    const utm = path.join(dir, 'sites_utm.shp');
    execFileSync('ogr2ogr', ['-f', 'ESRI Shapefile', utm, geo, '-t_srs', 'EPSG:32750']);
    const a = await importDeposits(geo, { targetCrs: 'EPSG:32750' });
    expect(a.report).toMatchObject({ format: 'shapefile', crs: 'EPSG:4326', count: 32 });
    const b = await importDeposits(utm, { targetCrs: 'EPSG:32750' });
    expect(b.report.crs).toBe('EPSG:32750');
    for (let i = 0; i < 32; i++) {
      expect(a.deposits[i].id).toBe(csv.deposits[i].id);
      expect(a.deposits[i].name).toBe(csv.deposits[i].name);
      expect(a.deposits[i].x).toBeCloseTo(csv.deposits[i].x, 6);
      expect(b.deposits[i].x).toBeCloseTo(csv.deposits[i].x, 2); // GDAL projected these, we did the others
      expect(b.deposits[i].y).toBeCloseTo(csv.deposits[i].y, 2);
    }
    expect(readShapefilePoints(geo).fields).toContain('SITE_CODE');
  });

  it('refuses polygon shapefiles and a null geometry, naming the record', async () => {
    const poly = path.join(dir, 'poly.shp');
    const csv = path.join(dir, 'poly.csv');
    writeFileSync(csv, 'id,WKT\n1,"POLYGON((0 0,1 0,1 1,0 0))"\n');
    execFileSync('ogr2ogr', ['-f', 'ESRI Shapefile', poly, csv, '-a_srs', 'EPSG:4326', '-nlt', 'POLYGON']);
    await expectError(importDeposits(poly, { targetCrs: 'EPSG:32750' }), 'BAD_SHAPEFILE', poly, 0, 'geometry');
    // Null shape in record 2: patch the shape type of the second record of a copy
    const geo = path.join(dir, 'sites.shp');
    const buf = readFileSync(geo);
    const second = 100 + 8 + buf.readInt32BE(104) * 2;
    buf.writeInt32LE(0, second + 8);
    const nulled = path.join(dir, 'nulled.shp');
    writeFileSync(nulled, buf);
    writeFileSync(path.join(dir, 'nulled.dbf'), readFileSync(path.join(dir, 'sites.dbf')));
    await expectError(importDeposits(nulled, { targetCrs: 'EPSG:32750', crs: 4326 }), 'BAD_SHAPEFILE', nulled, 2, 'geometry');
  });

  it('reads GeoJSON Point and MultiPoint features, and names a bad feature', async () => {
    const f = path.join(dir, 'deps.geojson');
    writeFileSync(f, JSON.stringify({
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3067' } },
      features: [
        { type: 'Feature', properties: { Dep_ID: 'D1', name: 'One' }, geometry: { type: 'Point', coordinates: [404578, 7526769] } },
        { type: 'Feature', properties: { Dep_ID: 'D2' }, geometry: { type: 'MultiPoint', coordinates: [[405578, 7527769], [406578, 7528769]] } },
      ],
    }));
    const r = await importDeposits(f, { targetCrs: 'EPSG:3067' });
    expect(r.report).toMatchObject({ format: 'geojson', crs: 'EPSG:3067', count: 3 });
    expect(r.deposits.map((d) => d.id)).toEqual(['D1', 'D2-1', 'D2-2']);
    expect(r.deposits[2]).toMatchObject({ x: 406578, y: 7528769, row: 2 });
    const bad = path.join(dir, 'bad.geojson');
    writeFileSync(bad, JSON.stringify({ type: 'FeatureCollection', features: [
      { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [118, -33] } },
      { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[118, -33], [118.1, -33]] } },
    ] }));
    await expectError(importDeposits(bad, { targetCrs: 'EPSG:32750' }), 'BAD_GEOJSON', bad, 2, 'geometry');
  });

  it('errors name the row and column of a bad CSV coordinate, and ask for a CRS for projected points', async () => {
    const f = path.join(dir, 'bad.csv');
    writeFileSync(f, 'NAME,X,Y\nA,404578,7526769\nB,abc,7526769\n');
    await expectError(importDeposits(f, { targetCrs: 'EPSG:3067', crs: 'EPSG:3067' }), 'BAD_COORDINATE', f, 3, 'X');
    const g = path.join(dir, 'projected.csv');
    writeFileSync(g, 'NAME,X,Y\nA,404578,7526769\n');
    await expectError(importDeposits(g, { targetCrs: 'EPSG:3067' }), 'CRS_REQUIRED', g, 2, 'X');
    const ok = await importDeposits(g, { targetCrs: 'EPSG:3067', crs: 3067, nameColumn: 'NAME' });
    expect(ok.deposits[0]).toMatchObject({ id: 'row-2', name: 'A', x: 404578, y: 7526769 });
  });
});
