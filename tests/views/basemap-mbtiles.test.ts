// The offline basemap from an MBTiles file that GDAL makes (a colour relief of a synthetic DEM in UTM 45N, warped to
// web mercator, written with gdal_translate -of MBTILES and given a coarser zoom by gdaladdo): which zoom is chosen,
// which tiles are sent, where their corners land (gdaltransform as the reference) and whether each tile's picture
// is what GDAL reads from the mercator raster at the tile's place.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveGrids } from '../../src-main/core/store/grids-repo';
import { Project } from '../../src-main/core/store/project';
import type { GridSpec } from '../../src-main/core/types';
import { makeTransformer } from '../../src-main/core/util/crs';
import { projectBasemap, savedBasemap } from '../../src-main/core/app/views/basemap';
import { chooseZoom, readMbtilesBasemap, tileMercatorBounds, type BasemapTile, type TileBasemap } from '../../src-main/core/formats/mbtiles';
import { writeDem } from '../helpers/dem';

const gdal = (cmd: string, ...args: string[]) => execFileSync(cmd, [...args, '-q'], { stdio: 'pipe' });

// The project grid: 20 x 15 km in UTM 45N with 100 m cells (inside the DEM).
const spec: GridSpec = { crs: 'EPSG:32645', xmin: 300000, ymax: 3300000, cellX: 100, cellY: 100, width: 200, height: 150 };
let dir: string;
const f = (name: string) => path.join(dir, name);


/** Copies the relief MBTiles and runs `sql` on the copy. */
function variant(name: string, sql: string): string {
  copyFileSync(f('relief.mbtiles'), f(name));
  const db = new Database(f(name));
  db.exec(sql);
  db.close();
  return f(name);
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'basemap-mbtiles-'));
  writeDem(f('dem.asc'), { ridge: false });
  gdal('gdal_translate', '-a_srs', 'EPSG:32645', f('dem.asc'), f('dem.tif'));
  writeFileSync(f('colors.txt'), '600 40 90 40\n900 200 180 90\n1300 250 250 250\n');
  gdal('gdaldem', 'color-relief', f('dem.tif'), f('colors.txt'), f('relief.tif'));
  gdal('gdalwarp', '-t_srs', 'EPSG:3857', '-r', 'bilinear', f('relief.tif'), f('merc.tif'));
  gdal('gdal_translate', '-of', 'MBTILES', '-co', 'TILE_FORMAT=PNG', f('merc.tif'), f('relief.mbtiles'));
  gdal('gdaladdo', '-r', 'average', f('relief.mbtiles'), '2');
  gdal('gdal_translate', '-of', 'MBTILES', '-co', 'TILE_FORMAT=JPEG', f('merc.tif'), f('relief-jpeg.mbtiles'));
  const plain = new Database(f('plain.mbtiles'));
  plain.exec('CREATE TABLE samples (id INTEGER, cu REAL); INSERT INTO samples VALUES (1, 12.5);');
  plain.close();
  writeFileSync(f('text.mbtiles'), 'not a database\n');
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The grid's extent and points along its edges and inside, in web mercator. */
function extentPointsInMercator(s: GridSpec): { x: Float64Array; y: Float64Array } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i <= 40; i++) {
    for (let j = 0; j <= 40; j++) {
      xs.push(s.xmin + (i / 40) * s.width * s.cellX);
      ys.push(s.ymax - (j / 40) * s.height * s.cellY);
    }
  }
  return makeTransformer(s.crs, 'EPSG:3857')(xs, ys);
}

/** What deck.gl draws for a point at tile fraction (u east, v north): two triangles (0, 2, 1) and (0, 3, 2). */
function quadPoint(c: BasemapTile['corners'], u: number, v: number): [number, number] {
  const [sw, nw, ne, se] = c;
  const mix = (a: number[], b: number[], d: number[], wa: number, wb: number, wd: number): [number, number] =>
    [wa * a[0]! + wb * b[0]! + wd * d[0]!, wa * a[1]! + wb * b[1]! + wd * d[1]!];
  // Triangle sw-ne-nw holds the points with v >= u; triangle sw-se-ne the rest.
  return v >= u ? mix(sw, ne, nw, 1 - v, u, v - u) : mix(sw, se, ne, 1 - u, u - v, v);
}

describe('basemap from an MBTiles file', () => {
  it('chooses the zoom nearest the map scale, never above maxzoom, else the nearest the file holds', () => {
    const span = { width: 23000, height: 17000 };
    // 23 km at 1024 px is 22.5 m pixels: zoom 12.76, so 13.
    expect(chooseZoom(span, 1024, [5, 10, 11, 13, 14])).toBe(13);
    expect(chooseZoom(span, 1024, [5, 10, 11, 13, 14], 11)).toBe(11);
    expect(chooseZoom(span, 1024, [14, 16])).toBe(14);
    expect(chooseZoom(span, 1024, [12, 14])).toBe(14);
    expect(chooseZoom(span, 64, [10, 11])).toBe(10);
    // Metadata whose maxzoom is below every zoom held: the zooms held are used.
    expect(chooseZoom(span, 1024, [15], 12)).toBe(15);
  });

  it('sends the tiles covering the grid at the chosen zoom, with corners where gdaltransform puts them', () => {
    const merc = extentPointsInMercator(spec);
    for (const [maxSize, zoom] of [[160, 10], [256, 11], [1024, 11]] as const) {
      const m = readMbtilesBasemap(f('relief.mbtiles'), spec, { maxSize });
      expect([m.kind, m.zoom, m.zooms, m.name]).toEqual(['tiles', zoom, [10, 11], 'relief']);
      expect(m.extent).toEqual({ xmin: 300000, ymin: 3285000, xmax: 320000, ymax: 3300000 });
      // Every point of the grid lies in a tile sent, and every tile sent reaches the grid.
      const boxes = m.tiles.map((t) => tileMercatorBounds(t.z, t.x, t.y));
      for (let i = 0; i < merc.x.length; i++) {
        expect(boxes.some((b) => merc.x[i]! >= b.xmin && merc.x[i]! <= b.xmax && merc.y[i]! >= b.ymin && merc.y[i]! <= b.ymax)).toBe(true);
      }
      const mx = [Math.min(...merc.x), Math.max(...merc.x)];
      const my = [Math.min(...merc.y), Math.max(...merc.y)];
      for (const b of boxes) expect(b.xmin < mx[1]! && b.xmax > mx[0]! && b.ymin < my[1]! && b.ymax > my[0]!).toBe(true);
      expect(new Set(m.tiles.map((t) => `${t.x}/${t.y}`)).size).toBe(m.tiles.length);
      for (const t of m.tiles) {
        expect(t.format).toBe('png');
        expect(t.data.constructor).toBe(Uint8Array);
      }
    }
    const m = readMbtilesBasemap(f('relief.mbtiles'), spec, { maxSize: 256 });
    // Zoom 11 tiles are 19.6 km of mercator: a 20 x 15 km grid at 29.7 N needs 2-3 columns and 2 rows.
    expect(m.tiles.length).toBeGreaterThanOrEqual(4);
    expect(m.tiles.length).toBeLessThanOrEqual(9);
    const input = m.tiles.flatMap((t) => {
      const b = tileMercatorBounds(t.z, t.x, t.y);
      return [`${b.xmin} ${b.ymin}`, `${b.xmin} ${b.ymax}`, `${b.xmax} ${b.ymax}`, `${b.xmax} ${b.ymin}`];
    }).join('\n');
    const ref = execFileSync('gdaltransform', ['-s_srs', 'EPSG:3857', '-t_srs', 'EPSG:32645', '-output_xy'], { input }).toString()
      .trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
    const ours = m.tiles.flatMap((t) => t.corners);
    expect(ours.length).toBe(ref.length);
    for (let i = 0; i < ours.length; i++) {
      expect(Math.abs(ours[i]![0] - ref[i]![0]!)).toBeLessThan(0.01);
      expect(Math.abs(ours[i]![1] - ref[i]![1]!)).toBeLessThan(0.01);
    }
  });

  it('cuts each tile into quads that land within a tenth of a tile pixel of where proj4 puts its pixels', () => {
    for (const maxSize of [160, 256]) {
      const m = readMbtilesBasemap(f('relief.mbtiles'), spec, { maxSize });
      const toUtm = makeTransformer('EPSG:3857', spec.crs);
      let worst = 0;
      let worstWhole = 0;
      for (const t of m.tiles) {
        const b = tileMercatorBounds(t.z, t.x, t.y);
        const d = t.divisions;
        expect(t.points.length).toBe((d + 1) ** 2);
        const at = (i: number, j: number) => t.points[j * (d + 1) + i]!;
        expect([at(0, 0), at(0, d), at(d, d), at(d, 0)]).toEqual(t.corners);
        // A tile pixel's ground size: the south edge over 256.
        const pixel = Math.hypot(t.corners[3][0] - t.corners[0][0], t.corners[3][1] - t.corners[0][1]) / 256;
        for (let a = 0; a <= 32; a++) {
          for (let c = 0; c <= 32; c++) {
            const u = a / 32, v = c / 32;
            const exact = toUtm([b.xmin + u * (b.xmax - b.xmin)], [b.ymin + v * (b.ymax - b.ymin)]);
            const i = Math.min(d - 1, Math.floor(u * d)), j = Math.min(d - 1, Math.floor(v * d));
            const piece = quadPoint([at(i, j), at(i, j + 1), at(i + 1, j + 1), at(i + 1, j)], u * d - i, v * d - j);
            const whole = quadPoint(t.corners, u, v);
            worst = Math.max(worst, Math.hypot(piece[0] - exact.x[0]!, piece[1] - exact.y[0]!) / pixel);
            worstWhole = Math.max(worstWhole, Math.hypot(whole[0] - exact.x[0]!, whole[1] - exact.y[0]!) / pixel);
          }
        }
      }
      console.log(`zoom ${m.zoom}: divisions ${m.tiles[0]!.divisions}, worst error ${worst.toFixed(4)} tile px ` +
        `(core says ${m.errorPx.toFixed(4)}); one quad per tile: ${worstWhole.toFixed(4)} px`);
      expect(worst).toBeLessThan(0.1);
      expect(m.errorPx).toBeLessThan(0.1);
      if (m.zoom === 10) expect(worstWhole).toBeGreaterThan(0.1);
    }
  });

  it("sends each tile's own picture: the relief GDAL reads from the mercator raster at the tile's place", () => {
    const m = readMbtilesBasemap(f('relief.mbtiles'), spec, { maxSize: 256 });
    const jobs = m.tiles.map((t, k) => {
      writeFileSync(f(`tile-${k}.png`), t.data);
      const here = tileMercatorBounds(t.z, t.x, t.y);
      const south = tileMercatorBounds(t.z, t.x, t.y + 1);
      return { png: f(`tile-${k}.png`), here: [here.xmin, here.ymax, here.xmax, here.ymin], south: [south.xmin, south.ymax, south.xmax, south.ymin] };
    });
    writeFileSync(f('jobs.json'), JSON.stringify(jobs));
    // Mean absolute difference over pixels both have, against the raster at the tile's place and one tile south.
    const script = `
import json, sys
import numpy as np
from osgeo import gdal
gdal.UseExceptions()
def read(src, win=None):
    ds = gdal.Translate('/vsimem/w.tif', src, projWin=win, width=256, height=256) if win else gdal.Open(src)
    a = ds.ReadAsArray().astype(float)
    valid = (a[3] > 0) if a.shape[0] == 4 else (a[:3].sum(0) > 0)
    return a[:3], valid
out = []
for j in json.load(open(sys.argv[1])):
    tile, tv = read(j['png'])
    res = []
    for key in ('here', 'south'):
        ref, rv = read(sys.argv[2], j[key])
        both = tv & rv
        res.append(float(np.abs(tile - ref)[:, both].mean()) if both.sum() > 1000 else None)
    out.append(res)
print(json.dumps(out))
`;
    const diffs = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, f('jobs.json'), f('merc.tif')]).toString()) as (number | null)[][];
    let compared = 0;
    for (const [here, south] of diffs) {
      expect(here).not.toBeNull();
      expect(here!).toBeLessThan(3);
      if (south !== null) {
        compared++;
        expect(south).toBeGreaterThan(5 * here!);
      }
    }
    expect(compared).toBeGreaterThan(0);
  });

  it('reads JPEG tiles as such', () => {
    const m = readMbtilesBasemap(f('relief-jpeg.mbtiles'), spec, { maxSize: 256 });
    expect(m.tiles.length).toBeGreaterThan(0);
    expect(m.tiles.every((t) => t.format === 'jpg' && t.data[0] === 0xff && t.data[1] === 0xd8)).toBe(true);
  });

  it('names the file when it cannot be a basemap', () => {
    const fails = (file: string, code: string, text: RegExp, s: GridSpec = spec, maxTiles?: number) => {
      let err: { code?: string; message?: string; details?: { file: string } } | null = null;
      try {
        readMbtilesBasemap(file, s, { maxSize: 256, maxTiles });
      } catch (e) {
        err = e as { code: string; message: string; details: { file: string } };
      }
      expect(err?.code).toBe(code);
      expect(err?.message).toMatch(text);
      expect(err?.message).toContain(file);
      expect(err?.details?.file).toBe(file);
    };
    fails(f('plain.mbtiles'), 'BASEMAP_NOT_MBTILES', /an SQLite file but not MBTiles \(it has no 'tiles' table\)/);
    fails(f('text.mbtiles'), 'BASEMAP_OPEN', /Cannot open .* as an MBTiles basemap/);
    fails(f('missing.mbtiles'), 'BASEMAP_OPEN', /Cannot open/);
    fails(variant('vector.mbtiles', "UPDATE metadata SET value = 'pbf' WHERE name = 'format'"), 'BASEMAP_VECTOR_TILES', /vector tiles \(format pbf\)/);
    fails(variant('empty.mbtiles', 'DELETE FROM tiles'), 'BASEMAP_NO_TILES', /holds no tiles/);
    const far: GridSpec = { ...spec, xmin: 500000, ymax: 3500000 };
    fails(f('relief.mbtiles'), 'BASEMAP_NO_OVERLAP', /has no tiles over the project's grid \(EPSG:32645, x 500000\.\.520000/, far);
    fails(f('relief.mbtiles'), 'BASEMAP_TOO_MANY_TILES', /would need \d+ tiles at zoom 11.*gdaladdo/, spec, 2);
  });

  it('is chosen for an SQLite file and remembered in the project file like a GeoTIFF basemap', async () => {
    const file = f('area.prospect');
    const p = Project.create(file, { name: 'area', crs: 'EPSG:32645' });
    try {
      saveGrids(p, [{ element: 'Cu', source: 'idw', spec, params: {}, raw: new Float32Array(spec.width * spec.height), transform: { kind: 'none', mean: 0, sd: 1 } }]);
      // Named .db: the SQLite header, not the name, makes it MBTiles.
      copyFileSync(f('relief.mbtiles'), f('relief.db'));
      const m = (await projectBasemap(p, f('relief.db'), { maxSize: 256 })) as TileBasemap;
      expect([m.kind, m.zoom]).toEqual(['tiles', 11]);
    } finally {
      p.close();
    }
    const again = Project.open(file);
    expect(savedBasemap(again)).toBe(f('relief.db'));
    again.close();
  });
});
