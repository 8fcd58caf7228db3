// Kind guessing on real layers and the summary `import --evidence --json` will print, checked against gdalwarp's
// own rasters for the class areas and deposit counts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEvidence } from '../../src-main/core/evidence/build';
import { guessRasterKind, guessVectorKind } from '../../src-main/core/evidence/kind';
import { readVat } from '../../src-main/core/evidence/vat';
import { readVectorLayer } from '../../src-main/core/evidence/vector/read';
import { readShapefilePoints } from '../../src-main/core/formats/shapefile';
import { readGeoTiff } from '../../src-main/core/grid/geotiff-read';
import { cellsOfPoints } from '../../src-main/core/wofe/points';
import { CLONCURRY, gdalwarp, tempDir, XINJIANG } from './gdal';
import { faults, geology, GRID, writeAll } from './vector-fixtures';

const shp = readShapefilePoints(path.join(CLONCURRY, 'IOCG_Deposits.shp'));
const IOCG = { x: shp.points.map((p) => p.x), y: shp.points.map((p) => p.y) };
let dir: string;
beforeAll(() => { dir = tempDir(); });

describe('guessing the kind', () => {
  it('rasters: unit codes and classes categorical, distances and probabilities continuous, each with its reason', async () => {
    const guess = async (f: string) => guessRasterKind((await readGeoTiff(f)).bands[0], readVat(f));
    const strat = await guess(path.join(CLONCURRY, 'StratNo.tif'));
    expect(strat).toMatchObject({ kind: 'categorical' });
    expect(strat.reason).toMatch(/^87 distinct integer codes \(585 to 81641\), with an attribute table of codes/);
    expect(await guess(path.join(CLONCURRY, 'FaultDensity.tif'))).toMatchObject({ kind: 'categorical' });
    const dist = await guess(path.join(CLONCURRY, 'Dist2Breccia.tif'));
    expect(dist.kind).toBe('continuous');
    expect(dist.reason).toMatch(/more than 255 distinct integer values \(100 to 64200\)/);
    expect(await guess(path.join(CLONCURRY, '../CalculateResponse/PosteriorProbability.tif'))).toMatchObject({ kind: 'continuous' });
    expect((await guess(path.join(XINJIANG, 'Geochemical_data/Au.tif'))).reason).toMatch(/values with fractions/);
    // A DEM stored as integers: a dense run of values is a quantity, not 200 classes.
    const dem = Float32Array.from({ length: 10000 }, (_, i) => 100 + (i % 200));
    expect(guessRasterKind(dem).kind).toBe('continuous');
  });

  it('vectors: lines and points to distance, polygons to classes of the attribute that looks like units', () => {
    const files = { lines: writeAll(dir, 'faults', faults()), polys: writeAll(dir, 'geology', geology()) };
    expect(guessVectorKind(readVectorLayer(files.lines.gpkg))).toMatchObject({ kind: 'distance' });
    const g = guessVectorKind(readVectorLayer(files.polys.shp));
    expect(g).toMatchObject({ kind: 'categorical', field: 'unit' });
    expect(g.reason).toMatch(/15 polygons: classes of their attribute 'unit' \(\d values\); other attributes: name/);
    expect(guessVectorKind(readVectorLayer(path.join(CLONCURRY, 'IOCG_Deposits.shp')))).toMatchObject({ kind: 'distance' });
  });
});

describe('the summary', () => {
  it('StratNo onto 1 km cells: classes with areas and deposit counts equal to gdalwarp -r mode\'s raster', async () => {
    const ref = await readGeoTiff(gdalwarp(path.join(CLONCURRY, 'StratNo.tif'), path.join(dir, 'strat1k.tif'),
      ['-r', 'mode', '-te', '600261.7689', '-2509191.0157', '726261.7689', '-2260491.0157', '-tr', '1000', '1000']));
    const { summary, values } = await buildEvidence(path.join(CLONCURRY, 'StratNo.tif'), ref.spec, { deposits: IOCG });
    console.log('StratNo summary:', JSON.stringify({ ...summary, classes: summary.classes!.slice(0, 3) }));
    expect(summary).toMatchObject({ layer: 'StratNo', kind: 'categorical', kindGuessed: true, resampled: { method: 'mode' },
      cells: { total: 31374, covered: 31374 }, deposits: { total: 258, onGrid: 258, onLayer: 258 }, units: null });
    expect(summary.alignment!.aligned).toBe(true);
    const r = ref.bands[0];
    const cells = new Map<number, number>(), deps = new Map<number, number>();
    for (const v of r) cells.set(v, (cells.get(v) ?? 0) + 1);
    for (const c of cellsOfPoints(ref.spec, IOCG.x, IOCG.y)) deps.set(r[c], (deps.get(r[c]) ?? 0) + 1);
    expect(summary.classes!.map((c) => [c.code, c.cells, c.areaKm2, c.deposits]))
      .toEqual([...cells.keys()].sort((a, b) => a - b).map((k) => [k, cells.get(k), cells.get(k), deps.get(k) ?? 0]));
    expect(values.length).toBe(31374);
  });

  it('Dist2Breccia onto 1 km cells in MGA zone 54: averaged, reprojected, with its value range', async () => {
    const grid = { crs: 'EPSG:7854', xmin: 380000, ymax: 7830000, cellX: 1000, cellY: 1000, width: 120, height: 230 };
    const { summary } = await buildEvidence(path.join(CLONCURRY, 'Dist2Breccia.tif'), grid);
    expect(summary.kind).toBe('continuous');
    expect(summary.resampled.method).toBe('average');
    expect(summary.resampled.reason).toMatch(/source finer or equal: cell average .*reprojected from EPSG:7845 to EPSG:7854/);
    expect(summary.cells.covered).toBe(27432); // as gdalwarp covers it
    expect(summary.values!.min).toBeGreaterThanOrEqual(100);
    expect(summary.values!.max).toBeLessThanOrEqual(64200);
  });

  it('xinjiang\'s label raster: the misalignment is in the summary; read by index as asked, the 10 deposits are on class 1', async () => {
    const study = (await readGeoTiff(path.join(XINJIANG, 'Geochemical_data/Au.tif'))).spec;
    const rows = readFileSync(path.join(XINJIANG, 'DERIVED_au_deposits_on_geochem_grid.csv'), 'utf8').trim().split('\n').slice(1);
    const deposits = { x: rows.map((r) => Number(r.split(',')[2])), y: rows.map((r) => Number(r.split(',')[3])) };
    const file = path.join(XINJIANG, 'label/Au_deposits0.tif');
    const asIs = await buildEvidence(file, study, { deposits, kind: 'continuous' });
    expect(asIs.summary.alignment!.aligned).toBe(false);
    expect(asIs.summary.warnings[0]).toMatch(/misaligned with the deposits: read by array index with study\(row, col\) = layer\(row \+ 1, col \+ 1\)/);
    const fixed = await buildEvidence(file, study, { deposits, alignByIndex: [1, 1] });
    expect(fixed.summary.resampled.method).toBe('array-index');
    expect(fixed.summary.kind).toBe('categorical');
    expect(fixed.summary.classes!.find((c) => c.code === 1)).toMatchObject({ cells: 10, deposits: 10 });
  });

  it('vectors: distance in metres from lines, classes with areas from polygons', async () => {
    const lines = writeAll(dir, 'faults2', faults());
    const polys = writeAll(dir, 'geology2', geology());
    const d = await buildEvidence(lines.shp, GRID);
    expect(d.summary).toMatchObject({ kind: 'distance', units: 'm', resampled: { method: 'distance' }, source: { format: 'shapefile', geometryType: 'lines', features: 12 } });
    const dens = await buildEvidence(lines.gpkg, GRID, { kind: 'density', radius: 2000 });
    expect(dens.summary).toMatchObject({ kind: 'density', units: 'km/km2', kindGuessed: false });
    const c = await buildEvidence(polys.geojson, GRID);
    expect(c.summary).toMatchObject({ kind: 'categorical', field: 'unit', resampled: { method: 'cell-centre' } });
    expect(c.summary.classes!.reduce((s, k) => s + k.areaKm2, 0)).toBeCloseTo(c.summary.cells.covered * 0.0625, 6);
    expect(c.summary.warnings[0]).toMatch(/attribute 'unit'; give --field/);
    await expect(buildEvidence(lines.gpkg, GRID, { kind: 'categorical' })).rejects.toThrow(/lines cannot be categorical/);
  });
});
