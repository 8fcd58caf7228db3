// The targets of the latest prediction are one list: the Targets screen, the report, the GeoPackage's targets layer
// and the export's tile_targets.csv agree, on a project file whose predict run predates the parameters and result
// fields they now read (no threshold in its parameters, no elements in its result), where each used to fall back to
// a default of its own (0.5, the export's configuration, no elements at all).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshGisLayers } from '../../src-main/core/app/gis-layers';
import { runPipeline, runStep } from '../../src-main/core/app/pipeline';
import { targetList } from '../../src-main/core/app/queries';
import { collectReportData } from '../../src-main/core/app/report-data';
import { importDepositsStep, importSamplesStep } from '../../src-main/core/app/steps/import-step';
import { resolveConfig } from '../../src-main/core/config';
import { generateDemo } from '../../src-main/core/demo/generate';
import { Project } from '../../src-main/core/store/project';
import { latestRun } from '../../src-main/core/store/runs-repo';
import { loadSelection } from '../../src-main/core/store/selection-repo';
import { tempDir } from '../helpers/cli';
import { watched } from '../helpers/watchdog';

const THRESHOLD = 0.2;
let p: Project;
let dir: string;

beforeAll(async () => {
  dir = tempDir('targets-agree-');
  const demo = generateDemo(path.join(dir, 'data'), { samples: 1000, sizeKm: 12, deposits: 10 });
  p = Project.create(path.join(dir, 'old.prospect'), { name: 'old predict run' });
  await importSamplesStep(p, demo.samplesFile, { x: 'X', y: 'Y', crs: demo.crs });
  await importDepositsStep(p, demo.depositsFile, { x: 'X', y: 'Y', crs: demo.crs, nameColumn: 'NAME' });
  const config = resolveConfig('quick', {
    dataset: { windowSize: 12, cropSize: 10, nPositive: 40, nNegative: 40, folds: 2 },
    train: { epochs: 1, batchSize: 16 }, predict: { threshold: THRESHOLD, dense: false },
  });
  await watched('targets agree area', (w) => runPipeline(p, config, { steps: ['grid', 'select', 'dataset', 'train', 'predict'], ...w }));
  // The predict run as older releases stored it.
  p.db.prepare("UPDATE runs SET params = json_remove(params, '$.threshold'), metrics = json_remove(metrics, '$.elements') WHERE step = 'predict'").run();
  // The export runs with another threshold in its configuration: the prediction's own must win.
  const exportConfig = resolveConfig('quick', { predict: { threshold: 0.9 } });
  await runStep(p, 'export', exportConfig, { outDir: path.join(dir, 'export') });
}, 600_000);
afterAll(() => p?.close());

describe('the targets of the latest prediction', () => {
  it('are the same tiles, in the same order, with the same drivers, on the screen, in the report, the GeoPackage and targets.csv', () => {
    const stored = p.db.prepare("SELECT params, metrics FROM runs WHERE step = 'predict' ORDER BY id DESC LIMIT 1").get() as { params: string; metrics: string };
    expect(JSON.parse(stored.params)).not.toHaveProperty('threshold');
    expect(JSON.parse(stored.metrics)).not.toHaveProperty('elements');
    // The upgrade fills the threshold from the run's result, so every reader sees the one the prediction ran with.
    expect(latestRun(p, 'predict')!.params.threshold).toBe(THRESHOLD);

    const screen = targetList(p)!.tiles;
    expect(screen.threshold).toBe(THRESHOLD);
    expect(screen.targets.length).toBeGreaterThan(0);
    const selected = loadSelection(p).filter((r) => r.selected).map((r) => r.element);
    expect(selected.length).toBeGreaterThan(0);
    for (const t of screen.targets) {
      expect(t.probability).toBeGreaterThanOrEqual(THRESHOLD);
      expect(t.drivers.length).toBeGreaterThan(0);
      for (const d of t.drivers) expect(selected).toContain(d.element);
    }
    const tiles = screen.targets.map((t) => t.tile);
    const drivers = screen.targets.map((t) => t.drivers.map((d) => d.element).join(' '));

    expect(collectReportData(p, {}).targets.map((t) => t.tile)).toEqual(tiles);

    // The layer as an old file holds it is rebuilt from the same query.
    p.db.prepare("DELETE FROM gis_layer_sources WHERE layer = 'targets'").run();
    expect(refreshGisLayers(p, ['prediction']).built).toEqual(['targets']);
    const layer = p.db.prepare('SELECT tile, drivers FROM targets ORDER BY rank').all() as { tile: number; drivers: string }[];
    expect(layer.map((r) => r.tile)).toEqual(tiles);
    expect(layer.map((r) => r.drivers.split(', ').map((d) => d.split(' ')[0]).join(' '))).toEqual(drivers);

    const csv = readFileSync(path.join(dir, 'export', 'tile_targets.csv'), 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split(','));
    expect(csv.map((c) => Number(c[1]))).toEqual(tiles);
    expect(csv.map((c) => c[9]!.split(' ').map((d) => d.split(':')[0]).join(' '))).toEqual(drivers);
  });
});
