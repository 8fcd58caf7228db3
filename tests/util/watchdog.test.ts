// The test set-ups' stall watchdog: a run that stops reporting fails with its last stages and is cancelled; one that
// keeps reporting is left alone however long it takes.
import { describe, expect, it } from 'vitest';
import { watched } from '../helpers/watchdog';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('watched', () => {
  it('fails a stalled run with its last reports and aborts it', async () => {
    let aborted = false;
    const run = watched('stall check', async (w) => {
      w.signal.addEventListener('abort', () => (aborted = true));
      for (let i = 1; i <= 3; i++) w.onProgress({ step: 'train', done: i, total: 10, message: 'epoch' });
      w.onProgress({ step: 'predict', done: 1, total: 4 });
      await new Promise(() => undefined);
    }, 1500);
    await expect(run).rejects.toThrow(/stall check: no progress for \d+ s .*train 3\/10 "epoch" \| predict 1\/4/);
    expect(aborted).toBe(true);
  });

  it('lets a slow run that keeps reporting finish', async () => {
    const v = await watched('slow run', async (w) => {
      for (let i = 0; i < 5; i++) (await sleep(600), w.onProgress({ step: 'grid', done: i, total: 5 }));
      return 42;
    }, 1500);
    expect(v).toBe(42);
  });
});
