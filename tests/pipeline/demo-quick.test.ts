// The whole method end to end, through the real CLI, on the built-in demo area with the `quick` preset.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fromFile } from 'geotiff';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectSummary } from '../../src-main/core/app/pipeline';
import { Project } from '../../src-main/core/store/project';
import { latestRun } from '../../src-main/core/store/runs-repo';
import type { TileResult } from '../../src-main/core/results';
import { gdalinfo, prospect, tempDir, type CliResult } from '../helpers/cli';

let dir: string;
let run: CliResult;
let result: Record<string, any>;

beforeAll(() => {
  dir = tempDir('prospect-demo-');
  run = prospect(['demo', '--out', dir, '--json'], { timeoutMs: 900_000 });
  result = run.json as Record<string, any>;
}, 900_000);

describe('prospect demo --json (quick preset)', () => {
  it('finishes and prints one JSON object as the last stdout line, naming every file it wrote', () => {
    expect(run.code, run.stderr.slice(-2000)).toBe(0);
    expect(result.ok).toBe(true);
    expect(result.preset).toBe('quick');
    for (const f of result.files as string[]) expect(existsSync(f), f).toBe(true);
    expect(result.files).toEqual(expect.arrayContaining([path.join(dir, 'target_classes.tif'), path.join(dir, 'probability.tif'), path.join(dir, 'targets.csv')]));
    // Progress is for people, on stderr.
    expect(run.stderr).toMatch(/\[train\]/);
  });

  it("selects exactly the generator's pathfinder elements", () => {
    const select = (result.steps as any[]).find((s) => s.step === 'select');
    expect(new Set(select.summary.selected)).toEqual(new Set(result.demo.pathfinders));
    const rows = select.summary.rows as { element: string; zauc: number; zaucNull: number; pShift: number; direction: string; criterion: string; selected: boolean }[];
    expect(rows).toHaveLength(16);
    // The quick preset's criterion is the shift-and-rotation null: selected exactly when its p is within 2.58's level.
    expect(select.summary).toMatchObject({ criterion: 'shift', threshold: 2.58, holm: false });
    for (const r of rows) {
      expect(r.criterion).toBe('shift');
      expect(r.selected, r.element).toBe(r.direction === 'enrichment' && r.pShift <= 0.0099);
    }
    // The demo survey is one campaign with every element measured: nothing gated, nothing levelled.
    const grid = (result.steps as any[]).find((s) => s.step === 'grid').summary;
    expect(grid.excluded).toEqual([]);
    expect(grid.levelling).toBeNull();
  });

  it('names the training backend', () => {
    const train = (result.steps as any[]).find((s) => s.step === 'train');
    expect(['tensorflow', 'wasm', 'cpu']).toContain(train.summary.backend);
    expect(train.summary.history.length).toBeGreaterThan(0);
  });

  it('computes the tile metrics from the tile labels of 144 tiles numbered row by row', () => {
    const p = Project.open(path.join(dir, 'demo.prospect'), { readonly: true });
    try {
      const pred = latestRun(p, 'predict')!;
      const tiles = JSON.parse((p.db.prepare("SELECT tiles FROM predictions WHERE run_id = ? AND kind = 'tiles'").get(pred.id) as { tiles: string }).tiles) as TileResult[];
      expect(tiles.map((t) => t.number)).toEqual(Array.from({ length: 144 }, (_, i) => i + 1));
      expect(tiles[13]).toMatchObject({ tileRow: 1, tileCol: 1 });
      const scored = tiles.filter((t) => t.predicted !== null);
      const cm = [[0, 0], [0, 0]];
      for (const t of scored) cm[t.label][t.predicted!]++;
      const evaluate = latestRun(p, 'evaluate')!.metrics as any;
      expect(evaluate.paper.confusion).toEqual(cm);
      expect(evaluate.paper.accuracy).toBeCloseTo((cm[0][0] + cm[1][1]) / scored.length, 12);
      // Labels come from the deposits: every tile holding a deposit is labelled 1.
      expect(tiles.filter((t) => t.deposits.length > 0).every((t) => t.label === 1)).toBe(true);
      expect(tiles.filter((t) => t.label === 1).length).toBeGreaterThan(0);
      expect(evaluate.paper.label).toMatch(/NOT held out/);
    } finally {
      p.close();
    }
  });

  it('exports GeoTIFFs that GDAL reads with the CRS, transform, nodata and values written', async () => {
    const grid = (result.steps as any[]).find((s) => s.step === 'grid').summary;
    for (const name of ['target_classes.tif', 'tile_classes.tif', 'probability.tif', 'tile_probability.tif', 'uncertainty.tif', 'sampling_support.tif']) {
      const info = gdalinfo(path.join(dir, name)) as any;
      expect(info.size).toEqual([grid.width, grid.height]);
      expect(info.coordinateSystem.wkt).toMatch(/UTM zone 45N/);
      expect(info.coordinateSystem.wkt).toMatch(/ID\["EPSG",32645\]\]$/);
      expect(info.geoTransform[0]).toBeCloseTo(grid.extent[0], 6);
      expect(info.geoTransform[1]).toBeCloseTo(grid.cellX, 9);
      expect(info.geoTransform[3]).toBeCloseTo(grid.extent[3], 6);
      expect(info.geoTransform[5]).toBeCloseTo(-grid.cellY, 9);
    }
    for (const name of ['target_classes.tif', 'tile_classes.tif']) {
      const cls = gdalinfo(path.join(dir, name)) as any;
      expect(cls.bands[0].type).toBe('Byte');
      expect(cls.bands[0].noDataValue).toBe(255);
      expect(cls.bands[0].colorTable.entries.length).toBeGreaterThanOrEqual(4);
    }
    // The uncertainty says whose spread it is; the sampling support is in metres, its rule in the metadata.
    const sd = gdalinfo(path.join(dir, 'uncertainty.tif')) as any;
    expect(sd.metadata[''].UNCERTAINTY).toMatch(/^Standard deviation, per cell, of the .*(deployed model's map and the \d+ cross-validation fold models' maps|\d+ cross-validation fold refits of the .* map)/);
    const support = gdalinfo(path.join(dir, 'sampling_support.tif')) as any;
    expect(support.bands[0].type).toBe('Float32');
    expect(support.bands[0].unit).toBe('metre');
    expect(support.bands[0].description).toBe('distance to the k-th nearest sample (k = 3)');
    expect(support.metadata[''].SAMPLING_SUPPORT).toMatch(/k-th nearest sample \(k = 3\).*'thin'/);
    expect(support.bands[0].noDataValue).toBe(-9999);
    expect(readFileSync(path.join(dir, 'sampling_support.qml'), 'utf8')).toMatch(/label="\d+ m \(lowest in this layer\)"/);
    const prob = gdalinfo(path.join(dir, 'probability.tif')) as any;
    expect(prob.bands[0].type).toBe('Float32');
    expect(prob.bands[0].noDataValue).toBe(-9999);

    // Values: each tile's class in the map matches the tile table.
    const p = Project.open(path.join(dir, 'demo.prospect'), { readonly: true });
    const pred = latestRun(p, 'predict')!;
    const tiles = JSON.parse((p.db.prepare("SELECT tiles FROM predictions WHERE run_id = ? AND kind = 'tiles'").get(pred.id) as { tiles: string }).tiles) as TileResult[];
    p.close();
    const img = await (await fromFile(path.join(dir, 'tile_classes.tif'))).getImage();
    const [band] = (await img.readRasters()) as unknown as Uint8Array[];
    for (const t of tiles) {
      const v = band[(t.row0 + 1) * grid.width + t.col0 + 1];
      const expected = t.predicted === null ? 255 : t.predicted === 1 ? (t.label ? 1 : 2) : t.label ? 3 : 0;
      expect(v, `tile ${t.number}`).toBe(expected);
    }
    const tp = await (await fromFile(path.join(dir, 'tile_probability.tif'))).getImage();
    const [pb] = (await tp.readRasters()) as unknown as Float32Array[];
    for (const t of tiles) if (t.prob !== null) expect(pb[t.row0 * grid.width + t.col0]).toBeCloseTo(t.prob, 6);
  });

  it('keeps everything in the project file: reopening shows every step done', () => {
    const p = Project.open(path.join(dir, 'demo.prospect'));
    try {
      const s = projectSummary(p);
      expect(s.samples.kept).toBe(result.demo.samples);
      expect(s.deposits).toBe(result.demo.deposits);
      expect(s.gridElements).toHaveLength(16);
      expect(s.steps.every((st) => st.done)).toBe(true);
      expect(p.integrityCheck()).toBe('ok');
      const models = p.db.prepare('SELECT count(*) AS n FROM models').get() as { n: number };
      expect(models.n).toBe(1);
      const runs = p.db.prepare("SELECT step, seed, params FROM runs WHERE step = 'train'").get() as { seed: number; params: string };
      expect(runs.seed).toBe(42);
      expect(JSON.parse(runs.params).arch).toBe('smallcnn');
    } finally {
      p.close();
    }
  });
});
