// Study grids without geochemistry, legend files, and hostile evidence files: each refused with the file (and row) named.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEvidence } from '../../src-main/core/evidence/build';
import { readLegend } from '../../src-main/core/evidence/legend';
import { gridFromDeposits, gridFromRaster } from '../../src-main/core/evidence/study-grid';
import { readVectorLayer } from '../../src-main/core/evidence/vector/read';
import { readShapefilePoints } from '../../src-main/core/formats/shapefile';
import { readGeoTiff } from '../../src-main/core/grid/geotiff-read';
import { cellsOfPoints } from '../../src-main/core/wofe/points';
import { CLONCURRY, gdal, tempDir } from './gdal';
import { faults, geology, writeAll } from './vector-fixtures';

let dir: string;
beforeAll(() => { dir = tempDir(); });

describe('a study grid without geochemistry', () => {
  it('from the first raster: its lattice at a coarser cell, as gdalwarp -tr would lay it on the same origin', async () => {
    const spec = (await readGeoTiff(path.join(CLONCURRY, 'StratNo.tif'))).spec;
    expect(gridFromRaster(spec)).toEqual(spec);
    expect(gridFromRaster(spec, 1000)).toEqual({ crs: 'EPSG:7845', xmin: spec.xmin, ymax: spec.ymax, cellX: 1000, cellY: 1000, width: 126, height: 249 });
    expect(() => gridFromRaster(spec, 0)).toThrow(/positive/);
  });

  it('from the deposits\' extent and a cell size: every deposit inside, edges on whole kilometres', () => {
    const shp = readShapefilePoints(path.join(CLONCURRY, 'IOCG_Deposits.shp'));
    const x = shp.points.map((p) => p.x), y = shp.points.map((p) => p.y);
    const g = gridFromDeposits(x, y, 'EPSG:7845', 1000);
    expect(Math.abs(g.xmin % 1000)).toBe(0);
    expect(Math.abs(g.ymax % 1000)).toBe(0);
    expect([...cellsOfPoints(g, x, y)].every((c) => c >= 0)).toBe(true);
    // Ten cells of margin on every side.
    expect(g.xmin).toBeLessThanOrEqual(Math.min(...x) - 10000);
    expect(g.ymax).toBeGreaterThanOrEqual(Math.max(...y) + 10000);
  });
});

describe('legends', () => {
  it('reads names from a CSV, a colour map and a QGIS style, and labels the classes with them', async () => {
    const csv = path.join(dir, 'units.csv');
    writeFileSync(csv, 'code,name\n42515,Boomarra Metamorphics\n7245,"Gin Creek Granite"\n');
    expect([...readLegend(csv)]).toEqual([[42515, 'Boomarra Metamorphics'], [7245, 'Gin Creek Granite']]);
    const clr = path.join(dir, 'units.clr');
    writeFileSync(clr, '# QGIS Generated Color Map Export File\nINTERPOLATION:EXACT\n42515,255,0,0,255,Boomarra Metamorphics\n7245 0 255 0 255 Gin Creek Granite\n');
    expect(readLegend(clr).get(7245)).toBe('Gin Creek Granite');
    const qml = path.join(dir, 'units.qml');
    writeFileSync(qml, '<qgis><pipe><rasterrenderer type="paletted"><colorPalette><paletteEntry value="42515" color="#ff0000" label="Boomarra &amp; Co" alpha="255"/></colorPalette></rasterrenderer></pipe></qgis>');
    expect(readLegend(qml).get(42515)).toBe('Boomarra & Co');
    const grid = gridFromRaster((await readGeoTiff(path.join(CLONCURRY, 'StratNo.tif'))).spec, 1000);
    const { summary } = await buildEvidence(path.join(CLONCURRY, 'StratNo.tif'), grid, { legend: csv });
    expect(summary.classes!.find((c) => c.code === 42515)?.label).toBe('Boomarra Metamorphics');
    expect(summary.classes!.find((c) => c.code === 4727)?.label).toBe('4727');
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'code,name\n1,a\nsandstone,b\n');
    expect(() => readLegend(bad)).toThrow(/bad\.csv, row 3, column 1: 'sandstone' is not a class code/);
  });
});

describe('hostile evidence files', () => {
  it('names the file, the row or the layer', () => {
    const notJson = path.join(dir, 'broken.geojson');
    writeFileSync(notJson, '{"type": "FeatureCollection", "features": [');
    expect(() => readVectorLayer(notJson)).toThrow(/broken\.geojson, row 1, column 'geometry': not a GeoJSON file/);
    const badPos = path.join(dir, 'badpos.geojson');
    writeFileSync(badPos, JSON.stringify({ type: 'FeatureCollection', features: [
      { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [1, 2] } },
      { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[1, 2], ['x', 3]] } }] }));
    expect(() => readVectorLayer(badPos)).toThrow(/badpos\.geojson, row 2, column 'geometry': bad position/);
    const mixed = path.join(dir, 'mixed.geojson');
    writeFileSync(mixed, JSON.stringify({ type: 'FeatureCollection', features: [
      { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [1, 2] } },
      { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[1, 2], [2, 3]] } }] }));
    expect(() => readVectorLayer(mixed)).toThrow(/mixed\.geojson, row 2, column 'geometry': the feature is lines in a layer of points/);
    const fake = path.join(dir, 'fake.shp');
    writeFileSync(fake, 'not a shapefile at all, just text that is long enough to pass the length check of one hundred bytes......');
    expect(() => readVectorLayer(fake)).toThrow(/fake\.shp, row 0, column 'geometry': this is not an ESRI shapefile/);
    expect(() => readVectorLayer(path.join(dir, 'geology.kml'))).toThrow(/geology\.kml: not a vector file this reads/);
    // A GeoPackage with two layers and none named lists them.
    const two = path.join(dir, 'two.gpkg');
    const l = writeAll(dir, 'f', faults()), p = writeAll(dir, 'g', geology());
    gdal('ogr2ogr', ['-f', 'GPKG', two, l.geojson, '-nln', 'faults']);
    gdal('ogr2ogr', ['-f', 'GPKG', '-update', two, p.geojson, '-nln', 'geology']);
    expect(() => readVectorLayer(two)).toThrow(/two\.gpkg: the file holds 2 layers; choose one with --layer NAME\. Layers: 'faults' \(12 linestring features\), 'geology' \(15 polygon features\)/);
    expect(readVectorLayer(two, 'geology').geometryType).toBe('polygons');
  });

  it('refuses a kind that does not fit the file, naming it', async () => {
    const spec = (await readGeoTiff(path.join(CLONCURRY, 'StratNo.tif'))).spec;
    await expect(buildEvidence(path.join(CLONCURRY, 'StratNo.tif'), gridFromRaster(spec, 5000), { kind: 'distance' }))
      .rejects.toThrow(/StratNo\.tif: a raster is continuous or categorical; distance is for vector lines and points/);
  });
});
