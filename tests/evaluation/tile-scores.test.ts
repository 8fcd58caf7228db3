// The tile figures the app shows come from the core: confusion, scores, success curve and the ranked list.
import { describe, expect, it } from 'vitest';
import { scoreBinary } from '../../src-main/core/evaluation/binary-scores';
import { rankTargets } from '../../src-main/core/evaluation/targets';
import type { TileResult } from '../../src-main/core/results';
import { tileSuccessCurve } from '../../src-main/core/app/steps/evaluate-step';
import type { GridStack } from '../../src-main/core/types';

function tile(number: number, label: number, prob: number | null): TileResult {
  return {
    number, tileRow: 0, tileCol: number - 1, row0: 0, col0: (number - 1) * 2, rows: 2, cols: 2,
    extent: { xmin: 0, ymin: 0, xmax: 1000, ymax: 1000 }, validFraction: prob === null ? 0 : 1, label, prob,
    predicted: prob === null ? null : prob >= 0.5 ? 1 : 0, deposits: [],
  };
}

describe('tile scores from the core', () => {
  const tiles = [tile(1, 1, 0.9), tile(2, 0, 0.8), tile(3, 1, 0.3), tile(4, 0, 0.1), tile(5, 1, null)];
  const valid = tiles.filter((t) => t.prob !== null);

  it('counts the confusion matrix and scores', () => {
    const s = scoreBinary(valid.map((t) => t.label), valid.map((t) => t.prob!), 0.5);
    // [[tn, fp], [fn, tp]]
    expect(s.confusion).toEqual([[1, 1], [1, 1]]);
    expect(s.accuracy).toBe(0.5);
    expect(s.macroF1).toBe(0.5);
  });

  it('ranks targets and builds the success-rate curve', () => {
    const stack: GridStack = { spec: { crs: 'EPSG:32645', xmin: 0, ymax: 1000, cellX: 100, cellY: 100, width: 10, height: 2 }, elements: [], bands: [] };
    expect(rankTargets(tiles, stack, [], { threshold: 0 }).map((t) => t.tile)).toEqual([1, 2, 3, 4]);
    expect(rankTargets(tiles, stack, [], { threshold: 0.5 }).map((t) => t.tile)).toEqual([1, 2]);
    expect(tileSuccessCurve(tiles)).toEqual([[0, 0], [0.25, 0.5], [0.5, 0.5], [0.75, 1], [1, 1]]);
  });
});
