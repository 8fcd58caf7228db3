import { describe, expect, it } from 'vitest';
import { MemoryCheckpointStore } from '../../src-main/core/training/checkpoint';
import { startTrainingJob } from '../../src-main/core/training/job';
import type { EngineConfig } from '../../src-main/core/training/types';
import type { Progress } from '../../src-main/core/types';
import { syntheticWindows } from './fixtures';

const data = syntheticWindows(20, 32, 3);
const config: EngineConfig = { arch: 'smallcnn', inputSize: 32, epochs: 2, batchSize: 8, lr: 0.05, seed: 1, backend: 'wasm' };

describe('startTrainingJob (worker thread)', () => {
  it('trains in a worker, streams progress, hands checkpoints to this thread and returns the model', async () => {
    const store = new MemoryCheckpointStore();
    const job = startTrainingJob(data, config, { checkpoints: store });
    const progress: Progress[] = [];
    job.onProgress((p) => progress.push(p));
    // The caller's event loop stays free while the worker trains.
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const r = await job.result;
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(3);
    expect(r.backend.name).toBe('wasm');
    expect(r.history.length).toBe(2);
    expect(r.artifacts.weights.length).toBeGreaterThan(1000);
    expect(progress.some((p) => p.metrics?.images_s !== undefined)).toBe(true);
    expect(store.saves).toBe(2);
    expect(store.last?.epoch).toBe(2);
  });

  it('cancel() stops the worker at once and rejects with ABORTED', async () => {
    const job = startTrainingJob(data, { ...config, epochs: 50 });
    job.result.catch(() => undefined);
    await Promise.race([new Promise<void>((res) => job.onProgress(() => res())), job.result]);
    const t = performance.now();
    job.cancel();
    await expect(job.result).rejects.toMatchObject({ code: 'ABORTED' });
    expect(performance.now() - t).toBeLessThan(500);
  });

  it('a bad configuration rejects with the trainer’s message', async () => {
    const job = startTrainingJob(data, { ...config, inputSize: 64 });
    await expect(job.result).rejects.toMatchObject({ code: 'BAD_TRAIN_CONFIG' });
  });
});
