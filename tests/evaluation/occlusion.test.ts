import { beforeAll, describe, expect, it } from 'vitest';
import { occlusionDrivers, trainingBackground, windowsForArea } from '../../src-main/core/evaluation/occlusion';
import { tileMeans } from '../../src-main/core/evaluation/targets';
import { extractWindows, type Window } from '../../src-main/core/dataset/windows';
import { selectBackend } from '../../src-main/core/training/backend';
import { predictProbabilities } from '../../src-main/core/training/predict';
import { trainModel } from '../../src-main/core/training/train';
import type { GridSpec, GridStack } from '../../src-main/core/types';
import { createRng } from '../../src-main/core/util/random';

const N = 96;
const spec: GridSpec = { crs: 'EPSG:32645', xmin: 0, ymax: 0, cellX: 100, cellY: 100, width: N, height: N };
const S = 16;

/**
 * Three z-scored elements on noise: ore sits under Au anomalies; As has bumps of its own, unrelated to ore, one of
 * them (stronger than any Au anomaly) on top of an ore site, so the highest mean z there is As, not Au.
 */
function area() {
  const rng = createRng(17);
  const bands = [0, 1, 2].map(() => Float32Array.from({ length: N * N }, () => 0.4 * rng.normal()));
  const bump = (b: Float32Array, r0: number, c0: number, amp: number) => {
    for (let r = 0; r < N; r++) for (let c = 0; c < N; c++) b[r * N + c] += amp * Math.exp(-((r - r0) ** 2 + (c - c0) ** 2) / (2 * 9));
  };
  const ore = [[14, 14], [14, 48], [14, 80], [48, 14], [48, 80], [80, 14], [80, 48], [80, 80], [30, 64], [64, 30]];
  for (const [r, c] of ore) bump(bands[1], r, c, 2.5);
  for (const [r, c] of [[48, 48], [30, 30], [64, 64], [14, 80]]) bump(bands[0], r, c, 4);
  bands[2][5] = NaN; // a nodata cell must stay nodata
  const stack: GridStack = { spec, elements: ['As', 'Au', 'Cu'], bands };
  const windows: Window[] = [];
  for (const [r, c] of ore) {
    for (let k = 0; k < 6; k++) windows.push({ row: r - 8 + rng.int(5) - 2, col: c - 8 + rng.int(5) - 2, size: S, label: 1, kind: 'slid-positive' });
  }
  while (windows.length < 130) {
    const row = rng.int(N - S + 1);
    const col = rng.int(N - S + 1);
    if (ore.some(([r, c]) => Math.max(Math.abs(r - (row + 8)), Math.abs(c - (col + 8))) < 14)) continue;
    windows.push({ row, col, size: S, label: 0, kind: 'random-negative' });
  }
  return { stack, windows, ore };
}

describe('occlusionDrivers with a real tfjs model', () => {
  const { stack, windows, ore } = area();
  let scorer: (x: Float32Array, n: number) => Promise<Float32Array>;

  beforeAll(async () => {
    const backend = await selectBackend('wasm');
    const x = extractWindows(stack, windows, stack.elements);
    const labels = Uint8Array.from(windows, (w) => w.label);
    const idx = windows.map((_, i) => i);
    const trained = await trainModel(
      { x, n: windows.length, size: S, channels: 3, labels, trainIdx: idx, valIdx: [] },
      { arch: 'smallcnn', inputSize: S, epochs: 12, batchSize: 10, lr: 0.05, seed: 3, classWeights: 'balanced', workers: 1 },
      { backendChoice: backend, workers: 1 },
    );
    const model = trained.model;
    scorer = (xb, n) => predictProbabilities(model, xb, n, S, 3, { inputSize: S, batch: 32 });
  }, 240_000);

  it('names the element the model responds to first, where the highest mean z-score names another', async () => {
    const background = trainingBackground(stack, windows, stack.elements);
    background.forEach((b) => expect(Math.abs(b)).toBeLessThan(0.5));
    // Targets: the ore site under the strong As bump, and two plain ones; each a few windows around its centre.
    const targets = [[14, 80], [48, 14], [80, 48]].map(([r, c], k) => ({
      id: `t${k + 1}`,
      windows: [[0, 0], [2, -2], [-2, 2]].map(([dr, dc]) => ({ row: r - 8 + dr, col: c - 8 + dc, size: S, label: 0 as const, kind: 'random-negative' as const })),
    }));
    const progress: number[] = [];
    const res = await occlusionDrivers(stack, stack.elements, targets, scorer, { background, onProgress: (p) => progress.push(p.done) });
    expect(progress).toEqual([1, 2, 3]);
    for (const t of res) {
      expect(t.baseScore, t.target).toBeGreaterThan(0.5);
      expect(t.drivers[0].element, t.target).toBe('Au');
      expect(t.drivers[0].drop, t.target).toBeGreaterThan(0.3);
      expect(t.drivers[0].drop).toBeCloseTo(t.baseScore - t.drivers[0].occludedScore, 12);
      expect(t.drivers.map((d) => d.element).sort()).toEqual(['As', 'Au', 'Cu']);
    }
    // The old driver rule (highest mean z over the target) names As at t1.
    const means = tileMeans(stack, stack.elements, { row0: 14 - 8, col0: 80 - 8, rows: S, cols: S });
    expect(means[0]).toBeGreaterThan(means[1]);
    expect(ore).toContainEqual([14, 80]);
  });

  it('picks spaced windows on an area\'s best cells, inside the grid', () => {
    const labels = new Int32Array(N * N);
    const score = new Float32Array(N * N);
    for (let r = 40; r < 60; r++) for (let c = 0; c < 20; c++) (labels[r * N + c] = 3), (score[r * N + c] = r + c / 100);
    const ws = windowsForArea(spec, null, labels, 3, score, S, { max: 4 });
    expect(ws).toHaveLength(4);
    for (const w of ws) expect(w.col).toBeGreaterThanOrEqual(0);
    expect(ws[0]).toMatchObject({ row: 59 - 8, col: 19 - 8 });
    for (let a = 0; a < ws.length; a++) for (let b = a + 1; b < ws.length; b++) {
      expect(Math.max(Math.abs(ws[a].row - ws[b].row), Math.abs(ws[a].col - ws[b].col))).toBeGreaterThanOrEqual(4);
    }
  });
});
