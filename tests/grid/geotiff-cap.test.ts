// `import --grids DIR` decodes every file whole: a GeoTIFF declaring billions of cells in a few hundred kilobytes
// (gdal_create, sparse DEFLATE tiles) is refused from its header, with the cap named, before anything is decoded.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GRID_MAX_PIXELS, readGeoTiff } from '../../src-main/core/grid/geotiff-read';
import type { ProspectError } from '../../src-main/core/types';
import { prospect, tempDir } from '../helpers/cli';

describe('grid import pixel cap', () => {
  it('refuses a grid file declaring 3.6 G cells, naming the cap; prospect import --grids leaves no project', async () => {
    const dir = tempDir('grid-cap-');
    const grids = path.join(dir, 'grids');
    mkdirSync(grids);
    const file = path.join(grids, 'Cu.tif');
    execFileSync('gdal_create', ['-q', '-of', 'GTiff', '-outsize', '60000', '60000', '-bands', '1', '-ot', 'Float32', '-a_srs', 'EPSG:32645',
      '-a_ullr', '300000', '3300000', '320000', '3285000', '-co', 'TILED=YES', '-co', 'COMPRESS=DEFLATE', '-co', 'SPARSE_OK=TRUE', file], { stdio: 'pipe' });
    const err = (await readGeoTiff(file).catch((e: unknown) => e)) as ProspectError;
    expect(err.code).toBe('TIFF_TOO_LARGE');
    expect(err.message).toContain(`60000 x 60000 cells`);
    expect(err.message).toContain(`more than the ${GRID_MAX_PIXELS / 1e6} M a grid file may hold`);

    const project = path.join(dir, 'p.prospect');
    const r = prospect(['import', '--project', project, '--grids', grids, '--json']);
    expect(r.code).not.toBe(0);
    expect((r.json as { error: { code: string } }).error.code).toBe('TIFF_TOO_LARGE');
    expect(existsSync(project)).toBe(false);
  }, 120_000);
});
