import { describe, expect, it } from 'vitest';
import type { EpochRecord } from '../../src-main/core/results';
import { trainingWarnings } from '../../src-main/core/training/warnings';

const hist = (val: (number | null)[]): EpochRecord[] => val.map((v, i) => ({
  epoch: i + 1, lr: 0.01, loss: 0.7 - 0.01 * i, accuracy: 0.5 + 0.02 * i, valLoss: v === null ? null : 0.69, valAccuracy: v,
  seconds: 1, imagesPerSecond: 10,
}));

describe('trainingWarnings', () => {
  it('says when validation accuracy stays flat at the ore share: every window called ore', () => {
    // 30 validation windows, 8 ore: always "ore" scores 8/30 = 0.267 (the finding of issue 16: flat at 0.27).
    const w = trainingWarnings(hist([8 / 30, 8 / 30, 8 / 30, 8 / 30]), { n: 30, positives: 8 });
    expect(w).toHaveLength(2);
    expect(w[0]).toMatch(/stayed at 0\.267 for all 4 epochs/);
    expect(w[1]).toMatch(/equals the share of ore windows in the validation fold \(27% of 30\): the model calls every window ore/);
  });

  it('names the barren class when the model calls everything barren, even if it moved earlier', () => {
    const w = trainingWarnings(hist([0.5, 0.6, 22 / 30, 22 / 30, 22 / 30]), { n: 30, positives: 8 });
    expect(w).toEqual([expect.stringMatching(/share of barren windows .*73% of 30.*every window barren/)]);
  });

  it('flags a model worse than always answering the larger class', () => {
    const w = trainingWarnings(hist([0.4, 0.5, 0.55]), { n: 30, positives: 8 });
    expect(w).toEqual([expect.stringMatching(/below always answering the larger class \(73%\)/)]);
  });

  it('is silent on a model that learns, and without validation', () => {
    expect(trainingWarnings(hist([0.6, 0.75, 0.83, 0.9]), { n: 30, positives: 8 })).toEqual([]);
    expect(trainingWarnings(hist([null, null]), { n: 0, positives: 0 })).toEqual([]);
  });
});
