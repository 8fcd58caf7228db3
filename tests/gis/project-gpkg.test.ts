// The project file as a GeoPackage, opened by the real clients: GDAL (ogrinfo, gdalinfo, the Python bindings) and
// QGIS (headless, through ../shared/scripts/qgis-open), on a small demo area run through the real steps.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src-main/core/config';
import { generateDemo } from '../../src-main/core/demo/generate';
import { writeQgisProject } from '../../src-main/core/gis/qgs';
import { writeStyles } from '../../src-main/core/gis/write-styles';
import { runPipeline } from '../../src-main/core/app/pipeline';
import { importDepositsStep, importSamplesStep } from '../../src-main/core/app/steps/import-step';
import { findPrediction } from '../../src-main/core/store/predictions-repo';
import { Project } from '../../src-main/core/store/project';
import { repoRoot, tempDir } from '../helpers/cli';
import { watched } from '../helpers/watchdog';
import { ogrLayers, qgisOpen, run } from './helpers';

const keep = path.join(repoRoot, 'test-results/gis');
let dir: string;
let projectFile: string;
let exportFiles: string[];
let selected: string[];

beforeAll(async () => {
  dir = tempDir('gis-gpkg-');
  const demo = generateDemo(path.join(dir, 'data'), { samples: 2500, sizeKm: 24, deposits: 18 });
  projectFile = path.join(dir, 'area.prospect');
  const p = Project.create(projectFile, { name: 'GIS test area' });
  try {
    await importSamplesStep(p, demo.samplesFile, { x: 'X', y: 'Y', crs: demo.crs });
    await importDepositsStep(p, demo.depositsFile, { x: 'X', y: 'Y', crs: demo.crs, nameColumn: 'NAME' });
    const config = resolveConfig('quick', { grid: { cellSize: 100 }, train: { epochs: 2 } });
    const out = await watched('GIS test area', (w) => runPipeline(p, config, { outDir: path.join(dir, 'export'), steps: ['grid', 'select', 'dataset', 'train', 'predict', 'export'], ...w }));
    exportFiles = out.find((o) => o.step === 'export')!.files;
    selected = (out.find((o) => o.step === 'select')!.summary as { selected: string[] }).selected;
    expect(findPrediction(p)?.dense).toBeTruthy();
  } finally {
    p.close();
  }
  mkdirSync(keep, { recursive: true });
}, 600_000);

describe('the project file as a GeoPackage', () => {
  it('has the GeoPackage 1.3 header and passes SQLite and foreign-key checks', () => {
    const p = Project.open(projectFile, { readonly: true });
    try {
      expect(p.db.pragma('application_id', { simple: true })).toBe(0x47504b47);
      expect(p.db.pragma('user_version', { simple: true })).toBe(10300);
      expect(p.integrityCheck()).toBe('ok');
      expect(p.db.pragma('foreign_key_check')).toEqual([]);
      const srs = p.db.prepare('SELECT srs_id, organization FROM gpkg_spatial_ref_sys WHERE srs_id = 32645').get();
      expect(srs).toEqual({ srs_id: 32645, organization: 'EPSG' });
      // Every feature table's R-tree holds one entry per feature.
      for (const t of ['sample_points', 'deposit_points', 'tiles', 'targets', 'training_windows']) {
        const n = (p.db.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n;
        expect((p.db.prepare(`SELECT count(*) AS n FROM "rtree_${t}_geom"`).get() as { n: number }).n, t).toBe(n);
      }
    } finally {
      p.close();
    }
  });

  it('ogrinfo lists the vector layers with their CRS and counts, and none of the store tables', () => {
    const layers = ogrLayers(projectFile);
    expect([...layers.keys()].sort()).toEqual(['deposit_points', 'layer_styles', 'sample_points', 'targets', 'tiles', 'training_windows']);
    expect(layers.get('sample_points')).toEqual({ count: 2500, crs: 'WGS 84 / UTM zone 45N' });
    expect(layers.get('deposit_points')!.count).toBe(18);
    expect(layers.get('tiles')!.count).toBe(144);
    for (const [name, l] of layers) if (name !== 'layer_styles') expect(l.crs).toBe('WGS 84 / UTM zone 45N');
  });

  it('gdalinfo lists every grid, the selected z-scores and the probability as rasters; the probability equals the export', () => {
    const info = run('gdalinfo', [projectFile]);
    const subs = [...info.out.matchAll(/SUBDATASET_\d+_NAME=GPKG:[^:]+:(\S+)/g)].map((m) => m[1]);
    expect(subs).toContain('probability');
    expect(subs.filter((s) => s.startsWith('grid_'))).toHaveLength(16);
    expect(subs.filter((s) => s.startsWith('zscore_')).sort()).toEqual(selected.map((e) => `zscore_${e}`).sort());
    const cmp = run('/usr/bin/python3', ['-c', `
import numpy as np
from osgeo import gdal
a = gdal.Open('GPKG:${projectFile}:probability'); b = gdal.Open('${path.join(dir, 'export/probability.tif')}')
x = a.GetRasterBand(1).ReadAsArray(); y = b.GetRasterBand(1).ReadAsArray()
assert a.GetGeoTransform() == b.GetGeoTransform(), (a.GetGeoTransform(), b.GetGeoTransform())
mx = x == a.GetRasterBand(1).GetNoDataValue(); my = y == b.GetRasterBand(1).GetNoDataValue()
print((mx == my).all(), np.array_equal(x[~mx], y[~my]), a.GetSpatialRef().GetAuthorityCode(None))
`]);
    expect(cmp.out.trim(), cmp.err).toBe('True True 32645');
  });

  it('QGIS opens the project file (a .gpkg copy for its rasters), the styled exports and the .qgs: every layer valid', async () => {
    const exportDir = path.join(dir, 'export');
    const qmls = await writeStyles(exportDir, exportFiles);
    // No evaluate step here, so no delivered target-area maps: the tile maps, the dense map and the targets.
    expect(qmls.map((f) => path.basename(f))).toEqual(expect.arrayContaining(['probability.qml', 'tile_classes.qml', 'targets.qml', 'tile_probability.qml']));
    // Every map and layer the export wrote has its style beside it.
    for (const f of exportFiles.filter((x) => /\.(tif|geojson)$/.test(x))) expect(qmls).toContain(f.replace(/\.(tif|geojson)$/, '.qml'));
    const qgs = await writeQgisProject(path.join(dir, 'area.qgs'), { files: exportFiles, projectFile, lang: 'en', crs: 'EPSG:32645' });

    // QGIS opens the .prospect file's vector layers directly; its rasters only under a .gpkg name.
    const direct = qgisOpen(path.join(dir, 'direct.png'), [`${projectFile}:targets`, `${projectFile}:sample_points`]);
    expect(direct.lines.map((l) => [l.layer, l.valid, l.crs, l.style])).toEqual([
      ['targets', true, 'EPSG:32645', 'graduatedSymbol'], ['sample_points', true, 'EPSG:32645', 'singleSymbol']]);
    const gpkg = path.join(dir, 'area.gpkg');
    const p = Project.open(projectFile);
    await p.copyTo(gpkg);
    p.close();
    const whole = qgisOpen(path.join(keep, 'project-gpkg.png'), [gpkg]);
    const byName = new Map(whole.lines.map((l) => [l.layer, l]));
    // layer_styles is the one table without geometry (QGIS registers it the same way): valid, and no CRS to have.
    expect(byName.get('layer_styles')).toMatchObject({ valid: true, crs: '' });
    for (const l of whole.lines.filter((x) => x.layer !== 'layer_styles')) expect(l.valid && l.crs === 'EPSG:32645', l.layer).toBe(true);
    // Default styles from layer_styles, applied on load.
    expect(byName.get('targets')!.style).toBe('graduatedSymbol');
    expect(byName.get('tiles')!.style).toBe('graduatedSymbol');
    expect(byName.get('training_windows')!.style).toBe('categorizedSymbol');
    expect(byName.get('probability')).toMatchObject({ kind: 'raster', bands: 1 });
    expect(whole.lines.filter((l) => l.kind === 'raster').length).toBe(16 + selected.length + 1);

    // qgis-open draws its last file on top: element grids first, then the maps, the probability map, the targets.
    const drawOrder = (f: string) => (/[\\/]grids[\\/]/.test(f) ? 0 : /\.geojson$/.test(f) ? 3 : /[\\/]probability\.tif$/.test(f) ? 2 : 1);
    const layered = exportFiles.filter((f) => /\.(tif|geojson)$/.test(f)).sort((a, b) => drawOrder(a) - drawOrder(b));
    const exports = qgisOpen(path.join(keep, 'exports.png'), layered);
    expect(exports.code, exports.err.slice(-2000)).toBe(0);
    const ex = new Map(exports.lines.map((l) => [l.layer, l]));
    expect(ex.get('probability.tif')!.style).toBe('singlebandpseudocolor');
    expect(ex.get('tile_probability.tif')!.style).toBe('singlebandpseudocolor');
    expect(ex.get('tile_classes.tif')!.style).toBe('paletted');
    expect(ex.get('targets.geojson')!.style).toBe('graduatedSymbol');

    // The project moves with its folder: relative paths only.
    const project = qgisOpen(path.join(keep, 'project-qgs.png'), [qgs], dir);
    expect(project.code, project.err.slice(-2000)).toBe(0);
    expect(project.lines[0]).toMatchObject({ project: qgs, read: true, layers: project.lines.length - 1 });
    const names = project.lines.slice(1).map((l) => l.layer);
    // Groups in reading order: targets, deposits, probability, element grids (as gridded and z-scores), samples.
    for (const n of ['Targets', 'Known deposits', 'Training windows', 'Probability per tile', 'Window score (uncalibrated)', 'Samples']) expect(names).toContain(n);
    expect(new Set(names).size).toBe(names.length);
    const at = (n: string) => names.indexOf(n);
    expect(at('Targets')).toBeLessThan(at('Known deposits'));
    expect(at('Known deposits')).toBeLessThan(at('Window score (uncalibrated)'));
    expect(at('Window score (uncalibrated)')).toBeLessThan(at('Samples'));
    // Every element grid as gridded and as z-scores (16 elements of the demo).
    expect(names.length).toBeGreaterThanOrEqual(6 + 2 * 16);
    for (const l of project.lines.slice(1)) expect(l.valid, l.layer).toBe(true);
    expect(project.lines.find((l) => l.layer === 'Window score (uncalibrated)')!.style).toBe('singlebandpseudocolor');
    expect(project.lines.find((l) => l.layer === 'Targets')!.style).toBe('graduatedSymbol');
    expect(existsSync(path.join(keep, 'project-qgs.png'))).toBe(true);
    copyFileSync(qgs, path.join(keep, 'area.qgs'));
  }, 240_000);
});
