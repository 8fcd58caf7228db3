// The app's views of a real small project: target areas in field order with their score kind, the prediction maps
// shrunk for the screen, lon/lat from the project's CRS (checked against GDAL) and samples classed by percentiles
// (checked against numpy).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../src-main/core/app/pipeline';
import { geoLattice, gridLevel, mapLevel, sampleClasses, targetList } from '../../src-main/core/app/queries';
import { findPrediction, loadMap } from '../../src-main/core/store/predictions-repo';
import type { Project } from '../../src-main/core/store/project';
import { latestRun } from '../../src-main/core/store/runs-repo';
import { loadSamplePoints } from '../../src-main/core/store/samples-repo';
import type { DeliveredTargets } from '../../src-main/core/targets-types';
import type { PipelineConfig } from '../../src-main/core/config';
import { smallDemoProject } from '../evaluation/cv-fixture';
import { watched } from '../helpers/watchdog';

let p: Project;
let dir: string;
let config: PipelineConfig;
let beforeEvaluate: ReturnType<typeof targetList>;

beforeAll(async () => {
  const made = await smallDemoProject(['grid', 'select', 'dataset', 'train', 'predict'], { evaluate: { epochs: 2 } });
  ({ p, dir, config } = made);
  beforeEvaluate = targetList(p);
  await watched('evaluate and export', (w) => runPipeline(p, config, { steps: ['evaluate', 'export'], outDir: path.join(dir, 'export'), ...w }));
}, 600_000);
afterAll(() => p?.close());

describe('target list', () => {
  it('before an evaluation: the tile targets, no areas, and what to run', () => {
    expect(beforeEvaluate).not.toBeNull();
    expect(beforeEvaluate!.areas).toEqual([]);
    expect(beforeEvaluate!.scoreKind).toBeNull();
    expect(beforeEvaluate!.missing).toMatch(/run the evaluate step/);
    expect(beforeEvaluate!.tiles.targets.length).toBeGreaterThan(0);
  });

  it('after it: the delivered areas greenfield first, in the order targets.csv lists them, with the score kind', () => {
    const view = targetList(p)!;
    const delivered = (latestRun(p, 'evaluate')!.metrics as { targets: DeliveredTargets }).targets;
    expect(view.missing).toBeNull();
    expect(view.evaluateRunId).toBe(latestRun(p, 'evaluate')!.id);
    expect(view.scoreKind).toBe(delivered.scoreKind);
    expect(view.threshold).toBe(delivered.threshold);
    expect(view.targetShare).toBe(delivered.targetShare);
    expect(view.calibration!.reason.length).toBeGreaterThan(10);
    // The areas below the minimum area (field-targets.ts) are left out, as in targets.csv.
    expect(view.areas.length).toBeLessThanOrEqual(delivered.areas.length);
    expect(view.areas.length).toBeGreaterThan(0);
    const rank = { greenfield: 0, extension: 1, known: 2 };
    for (let i = 1; i < view.areas.length; i++) {
      const a = view.areas[i - 1]!, b = view.areas[i]!;
      expect(rank[a.class] < rank[b.class] || (rank[a.class] === rank[b.class] && a.peakScore >= b.peakScore)).toBe(true);
    }
    const csv = readFileSync(path.join(dir, 'export', 'targets.csv'), 'utf8').trim().split('\n');
    const header = csv[0]!.split(',');
    expect(header).toContain(delivered.scoreKind === 'probability' ? 'peak_probability' : 'peak_score');
    const idCol = header.indexOf('area_id');
    expect(csv.slice(1).map((l) => Number(l.split(',')[idCol]))).toEqual(view.areas.map((a) => a.id));
    const tileCsv = readFileSync(path.join(dir, 'export', 'tile_targets.csv'), 'utf8').trim().split('\n').slice(1);
    expect(tileCsv.map((l) => Number(l.split(',')[1]))).toEqual(view.tiles.targets.map((t) => t.tile));
  });
});

describe('prediction maps', () => {
  it('returns the stored maps as they are when they fit, and shrinks them otherwise', () => {
    const pred = findPrediction(p)!;
    const runId = latestRun(p, 'evaluate')!.id;
    const { width: W, height: H } = pred.spec;
    const dense = mapLevel(p, 'dense', 4096);
    expect(dense.runId).toBe(pred.runId);
    expect(Array.from(dense.values)).toEqual(Array.from(pred.dense!));
    for (const kind of ['calibrated', 'uncertainty', 'sampling-support', 'target-classes'] as const) {
      const full = mapLevel(p, kind, 4096);
      expect(full.runId).toBe(runId);
      expect(Array.from(full.values)).toEqual(Array.from(loadMap(p, runId, kind)!));
    }
    expect(mapLevel(p, 'sampling-support', 32).unit).toMatch(/^metres to the k-th nearest sample \(k = 3\)$/);
    const small = mapLevel(p, 'target-classes', 32);
    expect(Math.max(small.width, small.height)).toBeLessThanOrEqual(32);
    expect(small.width).toBe(Math.ceil(W / Math.ceil(Math.max(W, H) / 32)));
    const codes = new Set(Array.from(small.values).filter((v) => !Number.isNaN(v)));
    for (const c of codes) expect([0, 1, 2, 3]).toContain(c);
    const cal = mapLevel(p, 'calibrated', 32);
    expect(cal.unit).toMatch(/P\(ore\)|score/);
    expect(cal.max).toBeGreaterThan(cal.min);
  });

  it('delivers an uncertainty map that says whose spread it is, whichever map was delivered', () => {
    const m = latestRun(p, 'evaluate')!.metrics as { targets: DeliveredTargets; verdict: { targetsFrom?: string } | null };
    const runId = latestRun(p, 'evaluate')!.id;
    const sd = loadMap(p, runId, 'uncertainty')!;
    expect(sd).not.toBeNull();
    const from = m.targets.map!.model;
    expect(m.verdict?.targetsFrom).toBe(from);
    // A simple map's spread is that of its fold refits; the CNN's that of the deployed model and its fold models.
    expect(m.targets.uncertainty).toMatch(from.startsWith('cnn:') ? /deployed model's map and the \d+ cross-validation fold models' maps/
      : new RegExp(`of the \\d+ cross-validation fold refits of the ${m.targets.map!.label.replace(/[()]/g, '\\$&')} map`));
    const valid = Array.from(sd).filter((v) => !Number.isNaN(v));
    expect(valid.length).toBeGreaterThan(0);
    for (const v of valid) expect(v).toBeGreaterThanOrEqual(0);
    // A spread of 0 everywhere is said, not passed off as a measured uncertainty.
    if (Math.max(...valid) === 0) expect(m.targets.uncertainty).toMatch(/identical on every cell/);
    else expect(m.targets.uncertainty).not.toMatch(/identical/);
  });

  it('stores the sampling support as the distance to the 3rd nearest sample, and flags thin targets by it', () => {
    const runId = latestRun(p, 'evaluate')!.id;
    const pred = findPrediction(p)!;
    const spec = pred.spec;
    const support = loadMap(p, runId, 'sampling-support')!;
    const pts = loadSamplePoints(p);
    // Brute force at every 37th valid cell.
    let checked = 0;
    for (let i = 0; i < support.length; i += 37) {
      if (Number.isNaN(support[i])) continue;
      const cx = spec.xmin + ((i % spec.width) + 0.5) * spec.cellX, cy = spec.ymax - (Math.floor(i / spec.width) + 0.5) * spec.cellY;
      const d = Array.from(pts.x, (x, j) => Math.hypot(x - cx, pts.y[j] - cy)).sort((a, b) => a - b);
      expect(support[i]).toBeCloseTo(d[2]!, 0);
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
    const delivered = (latestRun(p, 'evaluate')!.metrics as { targets: DeliveredTargets }).targets;
    expect(delivered.samplingSupport).toMatch(/k-th nearest sample \(k = 3\).*sample spacing \(\d+ m/);
    for (const a of delivered.areas) {
      const s = a.support!;
      const at = support[a.peak.row * spec.width + a.peak.col]!;
      expect(s.kthSampleM).toBe(Math.round(at));
      expect(s.support).toBe(at > s.spacingM + 0.5 ? 'thin' : at <= s.spacingM - 0.5 ? 'ok' : s.support);
    }
    const csv = readFileSync(path.join(dir, 'export', 'targets.csv'), 'utf8').trim().split('\n');
    const header = csv[0]!.split(',');
    const col = header.indexOf('support');
    expect(col).toBeGreaterThan(0);
    for (const l of csv.slice(1)) expect(['thin', 'ok']).toContain(l.split(',')[col]);
  });

  it('keeps the element grids on the same downsampling', () => {
    const l = gridLevel(p, 'Au', 64, 'z');
    expect(l.element).toBe('Au');
    expect(Math.max(l.width, l.height)).toBeLessThanOrEqual(64);
    expect(l.values).toBeInstanceOf(Float32Array);
  });
});

describe('lon/lat lattice', () => {
  it('matches gdaltransform at every node', () => {
    const pred = findPrediction(p)!;
    const s = pred.spec;
    const extent = { xmin: s.xmin, ymin: s.ymax - s.height * s.cellY, xmax: s.xmin + s.width * s.cellX, ymax: s.ymax };
    const g = geoLattice(p, extent, 5)!;
    expect(g.lon.length).toBe(25);
    const input = Array.from({ length: 25 }, (_, k) => {
      const i = k % 5, j = Math.floor(k / 5);
      return `${extent.xmin + (i * (extent.xmax - extent.xmin)) / 4} ${extent.ymin + (j * (extent.ymax - extent.ymin)) / 4}`;
    }).join('\n');
    const out = execFileSync('gdaltransform', ['-s_srs', s.crs, '-t_srs', 'EPSG:4326', '-output_xy'], { input, encoding: 'utf8' }).trim().split('\n');
    out.forEach((line, k) => {
      // GDAL's EPSG:4326 axis order is lat, lon unless told otherwise; -output_xy keeps the traditional lon, lat.
      const [lon, lat] = line.trim().split(/\s+/).map(Number);
      expect(Math.abs(g.lon[k]! - lon!)).toBeLessThan(1e-7);
      expect(Math.abs(g.lat[k]! - lat!)).toBeLessThan(1e-7);
    });
  });
});

describe('sample classes', () => {
  it('classes every sample by the element\'s percentiles as numpy computes them', () => {
    const c = sampleClasses(p, 'Au');
    const pts = loadSamplePoints(p);
    expect(c.x.length).toBe(pts.x.length);
    const vals = Array.from(c.values).filter(Number.isFinite);
    const np = JSON.parse(execFileSync('/usr/bin/python3', ['-c',
      'import json,sys,numpy as np; v=np.array(json.load(sys.stdin)); print(json.dumps(np.percentile(v,[25,50,75,90,95,98]).tolist()))'],
    { input: JSON.stringify(vals), encoding: 'utf8' })) as number[];
    c.breaks.forEach((b, i) => expect(b).toBeCloseTo(np[i]!, 9));
    for (let i = 0; i < c.values.length; i++) {
      const v = c.values[i]!;
      if (!Number.isFinite(v)) expect(c.classes[i]).toBe(255);
      else expect(c.classes[i]).toBe(c.breaks.filter((b) => v >= b).length);
    }
    const top = Array.from(c.classes).filter((k) => k === 6).length;
    expect(top / vals.length).toBeGreaterThan(0.01);
    expect(top / vals.length).toBeLessThan(0.04);
    expect(() => sampleClasses(p, 'Xx')).toThrow(/Xx/);
  });
});
