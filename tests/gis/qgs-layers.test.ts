// The .qgs of a project built from imported grids (no samples, no dataset), read back by QGIS itself: only layers
// whose source exists, every one valid, and the first view checked to the probability map, not to an element grid.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeGeoTiff } from '../../src-main/core/grid/geotiff-write';
import { writeQgisProject } from '../../src-main/core/gis/qgs';
import { writeStyles } from '../../src-main/core/gis/write-styles';
import { writeGridTiffs } from '../../src-main/core/app/steps/grid-files';
import { importGridsStep } from '../../src-main/core/app/steps/import-step';
import { loadGridStack } from '../../src-main/core/app/grid-stack';
import { Project } from '../../src-main/core/store/project';
import { dataDir, repoRoot, tempDir } from '../helpers/cli';
import { qgisOpen, run } from './helpers';

const keep = path.join(repoRoot, 'test-results/gis');
let dir: string;
let qgs: string;

// One line per layer of the project's layer tree: name, checked (itself and every group above it), valid.
const TREE = `
import json, os, sys
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen"); os.environ.setdefault("XDG_RUNTIME_DIR", "/tmp")
from qgis.core import QgsApplication, QgsProject
app = QgsApplication([], False); app.initQgis()
assert QgsProject.instance().read(sys.argv[1])
for n in QgsProject.instance().layerTreeRoot().findLayers():
    print(json.dumps({"name": n.name(), "visible": n.isVisible(), "valid": bool(n.layer() and n.layer().isValid()), "source": n.layer().source() if n.layer() else ""}))
app.exitQgis()
`;

beforeAll(async () => {
  dir = tempDir('gis-qgs-');
  const projectFile = path.join(dir, 'grids.prospect');
  const p = Project.create(projectFile, { name: 'Imported grids' });
  const exportDir = path.join(dir, 'export');
  const files: string[] = [];
  try {
    await importGridsStep(p, path.join(dataDir, 'xinjiang-au-grids/Geochemical_data'), {});
    const elements = ['Au', 'As', 'Cu'];
    files.push(...(await writeGridTiffs(loadGridStack(p, elements, 'raw'), path.join(exportDir, 'grids'))));
    files.push(...(await writeGridTiffs(loadGridStack(p, elements, 'z'), path.join(exportDir, 'grids'), { suffix: '_z' })));
    // A probability map in [0, 1] on the same grid, as the predict step's export writes it.
    const spec = loadGridStack(p, ['Au'], 'raw').spec;
    const prob = new Float32Array(spec.width * spec.height).map((_, i) => (i % spec.width) / spec.width);
    await writeGeoTiff(path.join(exportDir, 'probability.tif'), { spec, bands: [prob], nodata: -9999, compress: 'deflate' });
    files.push(path.join(exportDir, 'probability.tif'));
  } finally {
    p.close();
  }
  await writeStyles(exportDir, files);
  // A file the export names but did not write (a step that produced nothing) must not become a broken layer.
  qgs = await writeQgisProject(path.join(dir, 'grids.qgs'), {
    files: [...files, path.join(exportDir, 'uncertainty.tif')], projectFile, lang: 'en', crs: 'EPSG:32645',
  });
  mkdirSync(keep, { recursive: true });
}, 240_000);

describe('the QGIS project of an imported-grids project', () => {
  it('has no samples, windows or missing-file layers, and QGIS finds every layer valid', () => {
    const xml = readFileSync(qgs, 'utf8');
    expect(xml).not.toContain('sample_points');
    expect(xml).not.toContain('training_windows');
    expect(xml).not.toContain('uncertainty.tif');
    const r = qgisOpen(path.join(keep, 'grids-qgs.png'), [qgs], dir);
    expect(r.code, r.err.slice(-2000)).toBe(0);
    expect(r.lines[0]).toMatchObject({ read: true, layers: 7 });
    for (const l of r.lines.slice(1)) expect(l.valid && l.crs === 'EPSG:32645', l.layer).toBe(true);
    expect(existsSync(path.join(keep, 'grids-qgs.png'))).toBe(true);
  }, 120_000);

  it('starts with only the probability map checked: element grids and z-scores are unchecked', () => {
    const r = run('/usr/bin/python3', ['-c', TREE, qgs], dir);
    expect(r.code, r.err.slice(-2000)).toBe(0);
    const tree = r.out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { name: string; visible: boolean; valid: boolean });
    // probability.tif is the uncalibrated window score, and named so (the calibrated map has its own name).
    expect(tree.map((t) => t.name).sort()).toEqual(['As', 'As_z', 'Au', 'Au_z', 'Cu', 'Cu_z', 'Window score (uncalibrated)']);
    expect(tree.filter((t) => t.visible).map((t) => t.name)).toEqual(['Window score (uncalibrated)']);
    for (const t of tree) expect(t.valid, t.name).toBe(true);
  }, 120_000);
});
