import { beforeAll, describe, expect, it } from 'vitest';
import { chooseDatasetDefaults, defaultsAsConfig, type DatasetDefaults } from '../../src-main/core/dataset/defaults';
import { bufferViolations, buildSpatialFolds } from '../../src-main/core/dataset/folds';
import { sampleWindowsDetailed } from '../../src-main/core/dataset/windows';
import { medianNearestNeighbourDistance } from '../../src-main/core/grid/spec';
import { ProspectError } from '../../src-main/core/types';
import { katanningArea, xinjiangArea, type Area } from './areas';

const KEYS = ['window', 'crop', 'tiles', 'denseStride', 'folds', 'foldBuffer', 'slideRadius', 'negativeMinDistance'] as const;

/** Samples windows and builds folds exactly as the dataset step would with these values, and checks them. */
function checkOnArea(a: Area, d: DatasetDefaults): void {
  for (const k of KEYS) expect(d[k].reason.length, k).toBeGreaterThan(40);
  const cfg = defaultsAsConfig(d).dataset;
  const w = cfg.windowSize;
  // The dataset step's own arithmetic gives back the chosen cells.
  expect(Math.floor(w * cfg.slideFraction)).toBe(d.slideRadius.value);
  expect(Math.round(w * cfg.negativeMinDistanceWindows)).toBe(d.negativeMinDistance.value);
  expect(cfg.cropSize).toBeLessThanOrEqual(w);
  expect(cfg.folds).not.toBeNull();

  const cell = a.spec.cellX;
  const spacing = a.samples ? medianNearestNeighbourDistance(a.samples.x, a.samples.y) : cell;
  expect(d.window.metres).toBeGreaterThanOrEqual(4 * spacing - 1e-6);
  expect(d.window.metres).toBeGreaterThanOrEqual(d.evidence.variogram.halfSillLag - 1e-6);
  expect(d.foldBuffer.value).toBeGreaterThanOrEqual(Math.floor(d.evidence.variogram.halfSillLag / cell));

  const s = sampleWindowsDetailed(a.spec, a.mask, a.deposits, {
    size: w, nPositive: 212, nNegative: 225, slideRadius: Math.floor(w * cfg.slideFraction),
    negativeMinDistance: Math.round(w * cfg.negativeMinDistanceWindows), seed: 42,
  });
  const f = buildSpatialFolds(s.windows, { k: cfg.folds!, buffer: cfg.foldBuffer, deposits: a.deposits, seed: 42 });
  expect(f.problems.filter((p) => p.severity === 'error')).toEqual([]);
  for (let i = 0; i < f.k; i++) {
    expect(f.positivesPerFold[i], `ore windows in fold ${i + 1}`).toBeGreaterThan(0);
    expect(f.negativesPerFold[i], `background windows in fold ${i + 1}`).toBeGreaterThan(0);
    expect(f.depositsPerFold[i]).toBeGreaterThan(0);
  }
  expect(f.dropped).toBeLessThanOrEqual(s.windows.length / 2);
  expect(bufferViolations(s.windows, f)).toEqual([]);
  // The check the defaults report is the fold set the dataset step will build.
  expect(f.positivesPerFold).toEqual(d.check.positivesPerFold);
  expect(f.dropped).toBe(d.check.dropped);
}

describe('chooseDatasetDefaults on Xinjiang (289 x 117 imported 1 km grids, 10 deposits)', () => {
  let a: Area;
  beforeAll(async () => {
    a = await xinjiangArea();
  });

  it('quick: windows far below a quarter of the area, every fold with ore and background, a minority dropped', () => {
    const d = chooseDatasetDefaults({ spec: a.spec, mask: a.mask, bands: a.bands, elements: a.elements, deposits: a.deposits, intent: 'quick' });
    checkOnArea(a, d);
    expect(d.evidence.sampleSpacing.source).toBe('cell size');
    // The fixed preset's 32-cell window was a quarter of the area's 117-cell height.
    expect(d.window.value).toBeLessThan(117 / 4);
    expect(d.folds.value).toBeGreaterThanOrEqual(3);
    expect(d.tiles.value.cols).toBe(12);
    expect(d.tiles.value.rows).toBeLessThan(12);
    // Reproducible for a seed.
    expect(chooseDatasetDefaults({ spec: a.spec, mask: a.mask, bands: a.bands, deposits: a.deposits, intent: 'quick' }).window.value).toBe(d.window.value);
  });

  it('paper: the ResNet input sets the lower bound and the folds still hold both classes', () => {
    const d = chooseDatasetDefaults({ spec: a.spec, mask: a.mask, bands: a.bands, elements: a.elements, deposits: a.deposits, intent: 'paper' });
    checkOnArea(a, d);
    expect(d.crop.value).toBeGreaterThanOrEqual(32);
  });

  it('the old fixed quick settings fail the same checks (the problems are reported, not hidden)', () => {
    const s = sampleWindowsDetailed(a.spec, a.mask, a.deposits, { size: 32, nPositive: 212, nNegative: 225, slideRadius: 11, negativeMinDistance: 32, seed: 42 });
    const f = buildSpatialFolds(s.windows, { k: 5, buffer: 32, deposits: a.deposits, seed: 42 });
    expect(f.problems.some((p) => p.severity === 'error')).toBe(true);
  });
});

describe('chooseDatasetDefaults on Katanning (stream sediments gridded by IDW, 32 Au sites)', () => {
  it('quick and paper: every fold with ore and background, a minority dropped', async () => {
    const a = await katanningArea();
    for (const intent of ['quick', 'paper'] as const) {
      const d = chooseDatasetDefaults({ spec: a.spec, mask: a.mask, bands: a.bands, elements: a.elements, deposits: a.deposits, samples: a.samples, intent });
      checkOnArea(a, d);
      expect(d.evidence.sampleSpacing.source).toBe('samples');
      expect(d.folds.value).toBeGreaterThanOrEqual(3);
    }
  }, 60_000);
});

describe('chooseDatasetDefaults on synthetic layouts', () => {
  const W = 240, H = 200, cell = 100;
  const spec = { crs: 'EPSG:32645', xmin: 0, ymax: H * cell, cellX: cell, cellY: cell, width: W, height: H };
  /** A smooth field of correlation length ~L cells: box-filtered seeded noise. */
  function field(L: number, seed: number): Float32Array {
    let s = seed >>> 0;
    const rnd = () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 4294967296) - 0.5;
    const noise = Float64Array.from({ length: W * H }, rnd);
    const out = new Float32Array(W * H);
    const h = Math.floor(L / 2);
    for (let r = 0; r < H; r++) {
      for (let c = 0; c < W; c++) {
        let sum = 0, n = 0;
        for (let i = Math.max(0, r - h); i <= Math.min(H - 1, r + h); i++) for (let j = Math.max(0, c - h); j <= Math.min(W - 1, c + h); j++) (sum += noise[i * W + j]), n++;
        out[r * W + c] = sum / n;
      }
    }
    return out;
  }
  const band = field(12, 5);

  it('a chain of deposits closer than window + buffer is cut at its gaps, with the loss stated', () => {
    // Eight deposits 12 cells apart along a corridor: one cluster at any window + buffer over 12 cells.
    const deposits = Array.from({ length: 8 }, (_, i) => ({ row: 100, col: 60 + 12 * i, id: `c${i}` }));
    const d = chooseDatasetDefaults({ spec, mask: null, bands: [band], deposits, intent: 'quick' });
    expect(d.evidence.clusters).toBe(1);
    expect(d.folds.value).toBeGreaterThanOrEqual(2);
    expect(d.folds.reason).toMatch(/cut at their widest gaps/);
    expect(d.check.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('one deposit: no folds, and says why', () => {
    const d = chooseDatasetDefaults({ spec, mask: null, bands: [band], deposits: [{ row: 100, col: 120, id: 'only' }], intent: 'quick' });
    expect(d.folds.value).toBeNull();
    expect(d.folds.reason).toMatch(/at least 2 clusters/);
    expect(d.check.problems[0].severity).toBe('error');
  });

  it('refuses a grid in degrees and an empty deposit list with a clear error', () => {
    const geo = { ...spec, crs: 'EPSG:4326', cellX: 0.01, cellY: 0.01 };
    expect(() => chooseDatasetDefaults({ spec: geo, mask: null, bands: [band], deposits: [{ row: 1, col: 1 }], intent: 'quick' }))
      .toThrow(ProspectError);
    try {
      chooseDatasetDefaults({ spec, mask: null, bands: [band], deposits: [], intent: 'quick' });
      expect.unreachable();
    } catch (e) {
      expect((e as ProspectError).code).toBe('NO_DEPOSITS');
    }
  });
});
