// Every GeoTIFF a small demo export writes, and the element grids `prospect grid --out` writes, is a Cloud Optimized
// GeoTIFF by GDAL's own validator, with internal overviews: averaged for the maps, nearest for the class maps.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { watched } from '../helpers/watchdog';
import { resolveConfig } from '../../src-main/core/config';
import { generateDemo } from '../../src-main/core/demo/generate';
import { runPipeline } from '../../src-main/core/app/pipeline';
import { writeGridTiffs } from '../../src-main/core/app/steps/grid-files';
import { importDepositsStep, importSamplesStep } from '../../src-main/core/app/steps/import-step';
import { loadGridStack } from '../../src-main/core/app/grid-stack';
import { Project } from '../../src-main/core/store/project';
import { tempDir } from '../helpers/cli';
import { overviewsAgainstBlocks, validateCog } from '../grid/cog-helpers';
import { run } from './helpers';

let exportDir: string;
let tiffs: string[];

beforeAll(async () => {
  const dir = tempDir('gis-cog-');
  const demo = generateDemo(path.join(dir, 'data'), { samples: 2500, sizeKm: 24, deposits: 18 });
  const p = Project.create(path.join(dir, 'area.prospect'), { name: 'COG test area' });
  exportDir = path.join(dir, 'export');
  try {
    await importSamplesStep(p, demo.samplesFile, { x: 'X', y: 'Y', crs: demo.crs });
    await importDepositsStep(p, demo.depositsFile, { x: 'X', y: 'Y', crs: demo.crs, nameColumn: 'NAME' });
    // 60 m cells: about 400 x 400, more than one 256-cell tile, so every map has an overview.
    const config = resolveConfig('quick', { grid: { cellSize: 60 }, train: { epochs: 2 }, evaluate: { randomCv: false } });
    await watched('COG test area', (w) => runPipeline(p, config, { outDir: exportDir, steps: ['grid', 'select', 'dataset', 'train', 'predict', 'evaluate', 'export'], ...w }));
    await writeGridTiffs(loadGridStack(p, undefined, 'raw'), path.join(exportDir, 'grids'));
  } finally {
    p.close();
  }
  tiffs = [...readdirSync(exportDir).map((f) => path.join(exportDir, f)), ...readdirSync(path.join(exportDir, 'grids')).map((f) => path.join(exportDir, 'grids', f))]
    .filter((f) => f.endsWith('.tif'));
}, 600_000);

describe('the exported GeoTIFFs', () => {
  it('include every map of the export and one grid per element', () => {
    const names = tiffs.map((f) => path.relative(exportDir, f));
    for (const n of ['probability.tif', 'tile_probability.tif', 'tile_classes.tif', 'uncertainty.tif', 'sampling_support.tif', 'target_classes.tif']) expect(names).toContain(n);
    expect(names.filter((n) => n.startsWith('grids')).length).toBeGreaterThanOrEqual(10);
  });

  it('give the sampling support in metres in the maps\' CRS, and the uncertainty with whose spread it is', () => {
    const prob = JSON.parse(run('gdalinfo', ['-json', path.join(exportDir, 'probability.tif')]).out);
    const support = JSON.parse(run('gdalinfo', ['-json', '-stats', path.join(exportDir, 'sampling_support.tif')]).out);
    expect(support.coordinateSystem.wkt).toBe(prob.coordinateSystem.wkt);
    expect(support.geoTransform).toEqual(prob.geoTransform);
    expect(support.bands[0].unit).toBe('metre');
    // Cells inside a survey of 2,500 samples over 24 km lie a few hundred metres from their 3rd nearest sample.
    expect(support.bands[0].minimum).toBeGreaterThan(0);
    expect(support.bands[0].maximum).toBeLessThan(5000);
    const sd = JSON.parse(run('gdalinfo', ['-json', path.join(exportDir, 'uncertainty.tif')]).out);
    expect(sd.metadata[''].UNCERTAINTY).toMatch(/^Standard deviation, per cell, of the /);
  });

  it('pass GDAL\'s COG validator, every tile\'s leader and trailer included', () => {
    for (const f of tiffs) {
      const v = validateCog(f);
      expect(v.valid, `${f}: ${v.output}`).toBe(true);
    }
  });

  it('show their overviews in gdalinfo: averaged maps, nearest class maps', () => {
    for (const f of tiffs) {
      const info = JSON.parse(run('gdalinfo', ['-json', f]).out);
      const band = info.bands[0];
      expect(info.metadata.IMAGE_STRUCTURE, f).toMatchObject({ LAYOUT: 'COG', COMPRESSION: 'DEFLATE' });
      expect(band.block, f).toEqual([256, 256]);
      // Over 256 cells a side, under 512: one overview, half the size rounded up.
      const [w, h] = info.size as number[];
      expect(w > 256 && w <= 512 && h > 256 && h <= 512, f).toBe(true);
      const half = [Math.ceil(w / 2), Math.ceil(h / 2)];
      expect(band.overviews.map((o: { size: number[] }) => o.size), f).toEqual([half]);
      const classes = band.type === 'Byte';
      expect(overviewsAgainstBlocks(f, classes ? 'nearest' : 'average'), f).toEqual([{ size: half, differ: 0 }]);
      if (classes) expect(band.colorInterpretation, f).toBe('Palette');
    }
  });
});
