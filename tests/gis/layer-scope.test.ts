// Each import and step rebuilds only the GeoPackage layers its own results change: a deposit import rewrites the
// deposit layer and leaves the samples, every element's grid and z-score layers as they were, byte for byte.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYERS_CHANGED_BY, layerGroup, refreshGisLayers } from '../../src-main/core/app/gis-layers';
import { runPipeline } from '../../src-main/core/app/pipeline';
import { importDepositsStep, importSamplesStep } from '../../src-main/core/app/steps/import-step';
import { resolveConfig } from '../../src-main/core/config';
import { generateDemo } from '../../src-main/core/demo/generate';
import { Project } from '../../src-main/core/store/project';
import { registeredLayers } from '../../src-main/core/store/gpkg/tables';
import { tempDir } from '../helpers/cli';

const MARK = '2001-01-01T00:00:00.000Z';
let p: Project;
let second: string;
let crs: string;

/** A layer as the file holds it: its rows, its gpkg_contents entry, its styles and the record of its source. */
function layerState(table: string): string {
  const h = createHash('sha256');
  for (const r of p.db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).iterate()) h.update(JSON.stringify(r));
  h.update(JSON.stringify(p.db.prepare('SELECT * FROM gpkg_contents WHERE table_name = ?').get(table)));
  h.update(JSON.stringify(p.db.prepare('SELECT styleName, styleQML FROM layer_styles WHERE f_table_name = ?').all(table)));
  h.update(JSON.stringify(p.db.prepare('SELECT source FROM gis_layer_sources WHERE layer = ?').get(table)));
  return h.digest('hex');
}

beforeAll(async () => {
  const dir = tempDir('layer-scope-');
  const demo = generateDemo(path.join(dir, 'data'), { samples: 900, sizeKm: 12, deposits: 10 });
  crs = demo.crs;
  // The deposits in two files: the second import is the one under test.
  const lines = readFileSync(demo.depositsFile, 'utf8').trimEnd().split('\n');
  const first = path.join(dir, 'deposits-1.csv');
  second = path.join(dir, 'deposits-2.csv');
  writeFileSync(first, [lines[0], ...lines.slice(1, -2)].join('\n') + '\n');
  writeFileSync(second, [lines[0], ...lines.slice(-2)].join('\n') + '\n');
  p = Project.create(path.join(dir, 'area.prospect'), { name: 'layer scope' });
  await importSamplesStep(p, demo.samplesFile, { x: 'X', y: 'Y', crs });
  await importDepositsStep(p, first, { x: 'X', y: 'Y', crs, nameColumn: 'NAME' });
  await runPipeline(p, resolveConfig('quick', { grid: { cellSize: 200 } }), { steps: ['grid', 'select'] });
}, 300_000);
afterAll(() => p?.close());

describe('GeoPackage layers refreshed by the step that changes them', () => {
  it('a deposit import rewrites the deposit layer and leaves every other layer untouched', async () => {
    const layers = registeredLayers(p);
    expect(layers).toContain('sample_points');
    expect(layers.filter((t) => t.startsWith('grid_')).length).toBeGreaterThan(3);
    expect(layers.some((t) => t.startsWith('zscore_'))).toBe(true);
    // Mark every layer, and record the samples layer and one grid as stale: a refresh of their group would rebuild
    // them (and so drop the mark), which the deposit import must not do.
    p.db.prepare('UPDATE gpkg_contents SET last_change = ?').run(MARK);
    const grid = layers.find((t) => t.startsWith('grid_'))!;
    p.db.prepare("UPDATE gis_layer_sources SET source = 'stale' WHERE layer IN (?, ?)").run('sample_points', grid);
    const before = new Map(layers.map((t) => [t, layerState(t)]));
    const depositsBefore = (p.db.prepare('SELECT count(*) AS n FROM deposit_points').get() as { n: number }).n;

    await importDepositsStep(p, second, { x: 'X', y: 'Y', crs, nameColumn: 'NAME' });

    expect(registeredLayers(p)).toEqual(layers);
    for (const t of layers.filter((x) => x !== 'deposit_points')) expect(layerState(t), t).toBe(before.get(t));
    expect(layerState('deposit_points')).not.toBe(before.get('deposit_points'));
    expect((p.db.prepare('SELECT count(*) AS n FROM deposit_points').get() as { n: number }).n).toBe(depositsBefore + 2);
    expect(p.db.prepare('SELECT last_change FROM gpkg_contents WHERE table_name = ?').get('deposit_points')).not.toEqual({ last_change: MARK });
    // The stale records were real: a refresh of every group (what `export --gpkg` runs) rebuilds exactly those two.
    expect(refreshGisLayers(p).built.sort()).toEqual([grid, 'sample_points'].sort());
  });

  it('names a group for every layer the file holds, and the groups each step changes', () => {
    for (const t of registeredLayers(p)) expect(layerGroup(t), t).not.toBeNull();
    expect(LAYERS_CHANGED_BY['deposits-import']).toEqual(['deposits']);
    expect(LAYERS_CHANGED_BY.train).toEqual([]);
  });
});
