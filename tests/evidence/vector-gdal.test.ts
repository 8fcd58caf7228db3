// Vector evidence onto the study grid against GDAL: distance from lines against gdal_rasterize -at + gdal_proximity.py
// (-distunits GEO), polygons against gdal_rasterize -a (cell centres) exactly and against gdal_rasterize at 4x finer +
// gdalwarp -r mode for the majority rule; the three readers (GeoJSON, GeoPackage, shapefile) against each other.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { densityWithin, distanceToGeometry } from '../../src-main/core/evidence/vector/distance';
import { reprojectLayer, segmentsOf, type VectorLayer } from '../../src-main/core/evidence/vector/geometry';
import { segmentDistance2 } from '../../src-main/core/evidence/vector/segment-index';
import { readVectorLayer } from '../../src-main/core/evidence/vector/read';
import { rasterisePolygons } from '../../src-main/core/evidence/vector/rasterise';
import { readGeoTiff } from '../../src-main/core/grid/geotiff-read';
import { CLONCURRY, gdal, tempDir } from './gdal';
import { faults, geology, GRID, TE, writeAll } from './vector-fixtures';

let dir: string;
let lineFiles: ReturnType<typeof writeAll>;
let polyFiles: ReturnType<typeof writeAll>;
beforeAll(() => {
  dir = tempDir();
  lineFiles = writeAll(dir, 'faults', faults());
  polyFiles = writeAll(dir, 'geology', geology());
});

const tr = ['-tr', String(GRID.cellX), String(GRID.cellY)];

/** Largest difference between `ours` and the brute-force distance to every segment of the layer. */
function bruteMaxDiff(layer: VectorLayer, grid: typeof GRID, ours: Float32Array): number {
  const s = segmentsOf(layer.features);
  let max = 0;
  for (let r = 0; r < grid.height; r++) {
    for (let c = 0; c < grid.width; c++) {
      const x = grid.xmin + (c + 0.5) * grid.cellX, y = grid.ymax - (r + 0.5) * grid.cellY;
      let best = Infinity;
      for (let k = 0; k < s.length; k += 4) best = Math.min(best, segmentDistance2(x, y, s[k], s[k + 1], s[k + 2], s[k + 3]));
      max = Math.max(max, Math.abs(Math.sqrt(best) - ours[r * grid.width + c]));
    }
  }
  return max;
}

describe('the readers', () => {
  it('read the same features from GeoJSON, GeoPackage and shapefile', () => {
    const read = (f: string) => readVectorLayer(f);
    for (const files of [lineFiles, polyFiles]) {
      const [a, b, c] = [read(files.geojson), read(files.gpkg), read(files.shp)];
      for (const l of [a, b, c]) expect(l.crs, l.file).toBe('EPSG:7845');
      expect(b.geometryType).toBe(a.geometryType);
      expect(c.geometryType).toBe(a.geometryType);
      expect(b.features.map((f) => f.geometry)).toEqual(a.features.map((f) => f.geometry));
      // The shapefile orders rings clockwise (outer) as the format requires, and lists them flat: compare distances.
      expect(c.features.length).toBe(a.features.length);
      expect(Array.from(distanceToGeometry(c, GRID))).toEqual(Array.from(distanceToGeometry(a, GRID)));
      expect(b.features.map((f) => f.attributes)).toEqual(a.features.map((f) => f.attributes));
    }
  });
});

describe('distance from lines against gdal_proximity', () => {
  it('differs from gdal_proximity by at most half a cell diagonal (its distances are to centres of burned cells)', async () => {
    const burned = path.join(dir, 'burned.tif'), padded = path.join(dir, 'prox-padded.tif'), prox = path.join(dir, 'prox.tif');
    // -at burns every cell a line touches: each burned centre is within half a diagonal h of a line, and the cell
    // holding the nearest line point is burned, so |ours - GDAL's| <= h = 176.8 m for 250 m cells. GDAL sees only the
    // lines on its raster: burn 60 km beyond the study grid on every side (farther than any cell is from a line), then
    // crop its distances to the grid.
    gdal('gdal_rasterize', ['-q', '-at', '-burn', '1', '-init', '0', '-ot', 'Byte', '-te', '540000', '-2400000', '710000', '-2240000', ...tr, lineFiles.gpkg, burned]);
    gdal('gdal_proximity.py', ['-q', burned, padded, '-values', '1', '-distunits', 'GEO', '-ot', 'Float32']);
    gdal('gdal_translate', ['-q', '-projwin', '600000', '-2300000', '650000', '-2340000', padded, prox]);
    const ref = (await readGeoTiff(prox)).bands[0];
    const ours = distanceToGeometry(readVectorLayer(lineFiles.gpkg), GRID);
    const h = (Math.SQRT2 / 2) * GRID.cellX;
    let max = 0, sum = 0, within25 = 0;
    for (let i = 0; i < ours.length; i++) {
      const d = Math.abs(ours[i] - ref[i]);
      max = Math.max(max, d); sum += d;
      if (d <= 0.25 * GRID.cellX) within25++;
    }
    console.log(`gdal_proximity: ${ours.length} cells, max |diff| ${max.toFixed(1)} m (bound ${h.toFixed(1)}), mean ${(sum / ours.length).toFixed(1)} m, ` +
      `${(100 * within25 / ours.length).toFixed(1)} % within a quarter cell; distances up to ${Math.max(...ref).toFixed(0)} m`);
    expect(max).toBeLessThanOrEqual(h + 0.01);
    expect(Math.max(...ref)).toBeLessThan(60000);
    expect(bruteMaxDiff(readVectorLayer(lineFiles.gpkg), GRID, ours)).toBeLessThan(0.01);
  });

  it('distance to GA\'s 258 IOCG deposits on a 1 km grid: within half a cell diagonal of gdal_proximity on their burned cells', async () => {
    const pts = path.join(CLONCURRY, 'IOCG_Deposits.shp');
    const grid = { crs: 'EPSG:7845', xmin: 600000, ymax: -2260000, cellX: 1000, cellY: 1000, width: 127, height: 250 };
    const burned = path.join(dir, 'iocg.tif'), prox = path.join(dir, 'iocg-prox.tif');
    gdal('gdal_rasterize', ['-q', '-burn', '1', '-init', '0', '-ot', 'Byte', '-te', '600000', '-2510000', '727000', '-2260000', '-tr', '1000', '1000', pts, burned]);
    gdal('gdal_proximity.py', ['-q', burned, prox, '-values', '1', '-distunits', 'GEO', '-ot', 'Float32']);
    const ref = (await readGeoTiff(prox)).bands[0];
    const layer = readVectorLayer(pts);
    expect(layer.crs).toBe('EPSG:7845'); // from the .prj's 'GDA2020_GA_LCC'
    const ours = distanceToGeometry(layer, grid);
    let max = 0;
    for (let i = 0; i < ours.length; i++) max = Math.max(max, Math.abs(ours[i] - ref[i]));
    console.log(`IOCG deposits distance: max |ours - gdal_proximity| ${max.toFixed(1)} m over ${ours.length} cells (bound 707.1 m)`);
    expect(max).toBeLessThanOrEqual(Math.SQRT1_2 * 1000 + 0.01);
    // And exact: the tree's answer is the brute-force minimum over every point (Float32 rounding apart).
    expect(bruteMaxDiff(layer, grid, ours)).toBeLessThan(0.01);
  });

  it('gives the same distances from a copy of the lines in WGS84 longitude/latitude, reprojected vertex by vertex', () => {
    const geo = path.join(dir, 'faults-4326.gpkg');
    gdal('ogr2ogr', ['-f', 'GPKG', '-t_srs', 'EPSG:4326', geo, lineFiles.gpkg]);
    const l = readVectorLayer(geo);
    expect(l.crs).toBe('EPSG:4326');
    const a = distanceToGeometry(reprojectLayer(l, 'EPSG:7845'), GRID), b = distanceToGeometry(readVectorLayer(lineFiles.gpkg), GRID);
    let max = 0;
    for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
    expect(max).toBeLessThan(0.01);
  });

  it('measures density within a radius: a line through the centre, and points counted', () => {
    const line: VectorLayer = { file: 'l', name: 'l', crs: GRID.crs, fields: [], geometryType: 'lines',
      features: [{ id: 1, attributes: {}, geometry: { type: 'lines', lines: [[[590000, -2320125], [660000, -2320125]]] } }] };
    const d = densityWithin(line, GRID, 2000);
    const on = 80 * GRID.width + 100; // centre y = -2320125
    expect(d[on]).toBeCloseTo(4 / (Math.PI * 4), 6); // 4 km of line in a 4 pi km2 circle
    const off = 80 * GRID.width + 100 - 20 * GRID.width; // 5 km away
    expect(d[off]).toBe(0);
    const pts: VectorLayer = { ...line, geometryType: 'points', features: [{ id: 1, attributes: {}, geometry: { type: 'points', points: [[625125, -2320125], [625625, -2320125], [640000, -2320000]] } }] };
    expect(densityWithin(pts, GRID, 1000)[on]).toBeCloseTo(2 / Math.PI, 6);
    expect(distanceToGeometry(pts, GRID)[on]).toBeCloseTo(0, 6);
  });
});

describe('polygons to classes against gdal_rasterize', () => {
  it('by cell centre: every cell the same code as gdal_rasterize -a unit', async () => {
    const out = path.join(dir, 'geology.tif');
    gdal('gdal_rasterize', ['-q', '-a', 'unit', '-a_nodata', '-1', '-init', '-1', '-ot', 'Int32', ...TE, ...tr, polyFiles.gpkg, out]);
    const ref = (await readGeoTiff(out)).bands[0];
    for (const f of [polyFiles.gpkg, polyFiles.geojson, polyFiles.shp]) {
      const { values, legend } = rasterisePolygons(readVectorLayer(f), GRID, 'unit');
      let same = 0, burned = 0;
      for (let i = 0; i < values.length; i++) { if (Object.is(values[i], ref[i]) || values[i] === ref[i]) same++; if (!Number.isNaN(ref[i])) burned++; }
      console.log(`gdal_rasterize ${path.basename(f)}: ${same} of ${values.length} cells equal (${burned} burned)`);
      expect(same).toBe(values.length);
      expect(legend.map((l) => l.code).every((c) => [4727, 42515, 79907, 7245, 585].includes(c))).toBe(true);
    }
  });

  it('by majority of 4 x 4 sub-samples: the same as gdal_rasterize 4x finer then gdalwarp -r mode', async () => {
    const fine = path.join(dir, 'geology-fine.tif'), mode = path.join(dir, 'geology-mode.tif');
    gdal('gdal_rasterize', ['-q', '-a', 'unit', '-a_nodata', '-1', '-init', '-1', '-ot', 'Int32', ...TE, '-tr', '62.5', '62.5', polyFiles.gpkg, fine]);
    gdal('gdalwarp', ['-q', '-overwrite', '-r', 'mode', '-ovr', 'NONE', ...TE, ...tr, fine, mode]);
    const ref = (await readGeoTiff(mode)).bands[0];
    const { values } = rasterisePolygons(readVectorLayer(polyFiles.gpkg), GRID, 'unit', 'majority', 4);
    let same = 0, differ = 0;
    for (let i = 0; i < values.length; i++) { if (values[i] === ref[i] || (Number.isNaN(values[i]) && Number.isNaN(ref[i]))) same++; else differ++; }
    expect(differ).toBe(0);
    expect(same).toBe(values.length);
  });

  it('codes a text attribute 1..k in sorted order, with its legend', () => {
    const { values, legend } = rasterisePolygons(readVectorLayer(polyFiles.geojson), GRID, 'name');
    expect(legend.map((l) => l.label)).toEqual([...legend.map((l) => l.label)].sort());
    expect(legend[0].code).toBe(1);
    expect(new Set(Array.from(values).filter((v) => !Number.isNaN(v))).size).toBeLessThanOrEqual(legend.length);
  });

  it('names the file and the attributes when the attribute is not there', () => {
    expect(() => rasterisePolygons(readVectorLayer(polyFiles.gpkg), GRID, 'UNIT_CODE')).toThrow(/geology\.gpkg: there is no attribute 'UNIT_CODE'\. Attributes: unit, name/);
  });
});
