// Basemaps are decoded in the app's main process: a GeoTIFF declaring billions of pixels (a few hundred kilobytes
// compressed, made by gdal_create) is refused with the cap named before anything is decoded, and a large map with
// overviews (gdaladdo) is read from the overview that fits the output.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { saveGrids } from '../../src-main/core/store/grids-repo';
import { Project } from '../../src-main/core/store/project';
import type { GridSpec, ProspectError } from '../../src-main/core/types';
import { BASEMAP_MAX_PIXELS, projectBasemap, savedBasemap, type ImageBasemap } from '../../src-main/core/app/views/basemap';
import { MBTILES_MAX_BYTES, TILE_MAX_PX } from '../../src-main/core/formats/mbtiles';
import { tileImageSize } from '../../src-main/core/formats/tile-image-size';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tempDir } from '../helpers/cli';

// The project grid: 20 x 15 km in UTM 45N with 100 m cells, as in basemap.test.ts.
const spec: GridSpec = { crs: 'EPSG:32645', xmin: 300000, ymax: 3300000, cellX: 100, cellY: 100, width: 200, height: 150 };
const ullr = ['300000', '3300000', '320000', '3285000'];
let dir: string;
let project: string;

function gdalCreate(file: string, w: number, h: number, ...extra: string[]): void {
  execFileSync('gdal_create', ['-q', '-of', 'GTiff', '-outsize', String(w), String(h), '-bands', '1', '-ot', 'Byte', '-a_srs', 'EPSG:32645',
    '-a_ullr', ...ullr, '-co', 'TILED=YES', '-co', 'COMPRESS=DEFLATE', ...extra, file], { stdio: 'pipe' });
}

beforeAll(() => {
  dir = tempDir('basemap-cap-');
  project = path.join(dir, 'p.prospect');
  const p = Project.create(project, { name: 'basemap cap' });
  saveGrids(p, [{ element: 'Cu', source: 'idw', spec, params: {}, raw: new Float32Array(spec.width * spec.height).fill(1), transform: { kind: 'none', offset: 0, mean: 0, sd: 1 } }]);
  p.close();
  // 60,000 x 60,000 pixels (3.6 Gpx) declared in 0.4 MB: sparse DEFLATE tiles.
  gdalCreate(path.join(dir, 'huge.tif'), 60000, 60000, '-co', 'SPARSE_OK=TRUE');
  // 12,000 x 9,000 (108 Mpx, over the cap) of grey 128, with overviews down to 1/16.
  gdalCreate(path.join(dir, 'overviews.tif'), 12000, 9000, '-burn', '128');
  execFileSync('gdaladdo', ['-q', '-r', 'average', path.join(dir, 'overviews.tif'), '2', '4', '8', '16'], { stdio: 'pipe' });
}, 120_000);

async function basemap(file: string) {
  const p = Project.open(project);
  try {
    return await projectBasemap(p, path.join(dir, file), { maxSize: 512, resampling: 'nearest' });
  } finally {
    p.close();
  }
}

describe('basemap pixel cap', () => {
  it('refuses a GeoTIFF declaring 3.6 Gpx with the cap in the message, decoding nothing', async () => {
    const err = (await basemap('huge.tif').catch((e: unknown) => e)) as ProspectError;
    expect(err.code).toBe('BASEMAP_TOO_LARGE');
    expect(err.message).toContain(`${BASEMAP_MAX_PIXELS / 1e6} Mpx`);
    expect(err.message).toMatch(/is 59\d\d\d x 59\d\d\d pixels \(35\d\d Mpx\)/);
    expect(err.message).toMatch(/gdaladdo/);
  });

  it('reads a map over the cap from its overview', async () => {
    const map = (await basemap('overviews.tif')) as ImageBasemap;
    expect(map.width).toBe(512);
    expect(map.height).toBe(384);
    // Every pixel drawn, grey 128 as in the file.
    let drawn = 0;
    for (let i = 0; i < map.width * map.height; i++) if (map.rgba[i * 4 + 3] === 255 && map.rgba[i * 4] === 128) drawn++;
    expect(drawn).toBe(map.width * map.height);
  });
});

/** An MBTiles holding zoom 2 only (the whole world in 4 x 4 tiles), every tile `data` (an SQL expression). */
function mbtiles(name: string, data: string): string {
  const file = path.join(dir, name);
  const db = new Database(file);
  db.exec("CREATE TABLE metadata (name TEXT, value TEXT); INSERT INTO metadata VALUES ('format', 'png'), ('name', 'crafted');" +
    'CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);');
  const ins = db.prepare(`INSERT INTO tiles VALUES (2, ?, ?, ${data})`);
  for (let x = 0; x < 4; x++) for (let y = 0; y < 4; y++) ins.run(x, y);
  db.close();
  return name;
}

describe('a basemap from a viewer\'s read-only open (the app while a job writes)', () => {
  it('is shown, and remembered by a short writer\'s open when the project is free', async () => {
    const p = Project.open(project, { readonly: true });
    try {
      const map = (await projectBasemap(p, path.join(dir, 'overviews.tif'), { maxSize: 64 })) as ImageBasemap;
      expect(map.width).toBe(64);
    } finally {
      p.close();
    }
    const q = Project.open(project, { readonly: true });
    try {
      expect(savedBasemap(q)).toBe(path.join(dir, 'overviews.tif'));
    } finally {
      q.close();
    }
  });
});

describe('MBTiles caps (the renderer decodes the tiles)', () => {
  it('reads the size PNG, JPEG and WEBP (lossy and lossless) tiles made by GDAL declare', () => {
    execFileSync('gdal_create', ['-q', '-of', 'GTiff', '-outsize', '300', '200', '-bands', '3', '-ot', 'Byte', '-burn', '100', path.join(dir, 's.tif')]);
    for (const [driver, ext, ...co] of [['PNG', 'png'], ['JPEG', 'jpg'], ['WEBP', 'webp'], ['WEBP', 'lossless.webp', '-co', 'LOSSLESS=YES']]) {
      const out = path.join(dir, `s.${ext}`);
      execFileSync('gdal_translate', ['-q', '-of', driver!, ...co, path.join(dir, 's.tif'), out]);
      expect(tileImageSize(readFileSync(out)), ext).toEqual({ width: 300, height: 200 });
    }
  });

  it('refuses a tile whose PNG header declares 60,000 x 60,000 pixels', async () => {
    // PNG signature, then an IHDR chunk: length 13, 'IHDR', width, height.
    const png = '89504e470d0a1a0a0000000d49484452' + (60000).toString(16).padStart(8, '0').repeat(2) + '0806000000';
    const err = (await basemap(mbtiles('bomb-tile.mbtiles', `x'${png}'`)).catch((e: unknown) => e)) as ProspectError;
    expect(err.code).toBe('BASEMAP_TILE_SIZE');
    expect(err.message).toContain(`declares 60000 x 60000 pixels; a basemap tile is at most ${TILE_MAX_PX} x ${TILE_MAX_PX} pixels`);
  });

  it('refuses tiles over the grid holding more bytes than the cap, before loading them', async () => {
    const err = (await basemap(mbtiles('fat-tiles.mbtiles', `zeroblob(${MBTILES_MAX_BYTES + 1})`)).catch((e: unknown) => e)) as ProspectError;
    expect(err.code).toBe('BASEMAP_TOO_LARGE');
    expect(err.message).toContain(`more than the ${MBTILES_MAX_BYTES / 2 ** 20} MB a basemap may send`);
  });
});
