// Training and inference images/s of the tfjs trainer on 1 and on N data-parallel workers, against PyTorch CPU
// (2 threads) in the same run.
// usage: npm run bench -- train [case ...] [--steps N] [--workers 1,2] [--repeat R]
// With --repeat R the worker counts are run R times, interleaved, and the best epoch of each is reported: other
// processes on a shared machine only ever slow a run down, so the maximum is the least disturbed figure.
//   cases: smallcnn-28-b32 resnet18-64-b8 resnet50-64-b8 resnet50-64-b32 resnet50-224-b8 quick-preset (default: all)
// quick-preset times a whole run of the quick preset's training (350 windows, 12 epochs, validation included,
// helper start included) with 1 worker and with the automatic choice; it has no PyTorch baseline.
import { execFileSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Architecture } from '../src-main/core/models/registry';
import { forwardMacs } from '../src-main/core/models/macs';
import { buildModel } from '../src-main/core/models/registry';
import { selectBackend } from '../src-main/core/training/backend';
import { predictProbabilities } from '../src-main/core/training/predict';
import { trainModel } from '../src-main/core/training/train';
import { chooseWorkers } from '../src-main/core/training/worker-count';
import type { TrainData } from '../src-main/core/training/types';

interface Case {
  arch: Architecture;
  /** Window side; the network sees `crop` (a random crop when smaller, as the quick preset does). */
  size: number;
  crop: number;
  channels: number;
  batch: number;
  microBatch: number;
  /** Optimiser steps per timed epoch unless --steps is given. */
  steps: number;
}

const CASES: Record<string, Case> = {
  // The quick preset's shape: smallcnn, 28-px crops of 32-px windows, 6 channels, batch 32.
  'smallcnn-28-b32': { arch: 'smallcnn', size: 32, crop: 28, channels: 6, batch: 32, microBatch: 32, steps: 4 },
  'resnet18-64-b8': { arch: 'resnet18', size: 64, crop: 64, channels: 3, batch: 8, microBatch: 8, steps: 2 },
  'resnet50-64-b8': { arch: 'resnet50', size: 64, crop: 64, channels: 3, batch: 8, microBatch: 8, steps: 2 },
  // The paper's batch: shards of 16 keep the late layers' matrix products efficient.
  'resnet50-64-b32': { arch: 'resnet50', size: 64, crop: 64, channels: 3, batch: 32, microBatch: 32, steps: 1 },
  // Micro-batch 4 per replica: it aborted the 4 GiB wasm heap before the low-memory backward pass.
  'resnet50-224-b8': { arch: 'resnet50', size: 224, crop: 224, channels: 3, batch: 8, microBatch: 4, steps: 1 },
};

function windows(n: number, size: number, channels: number): TrainData {
  const x = new Float32Array(n * size * size * channels);
  let s = 1;
  for (let i = 0; i < x.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    x[i] = s / 4294967296 - 0.5;
  }
  const labels = Uint8Array.from({ length: n }, (_, i) => i % 2);
  return { x, n, size, channels, labels, trainIdx: Array.from({ length: n }, (_, i) => i), valIdx: [] };
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

export default async function bench(args: string[]): Promise<void> {
  const stepsArg = option(args, '--steps');
  const workerCounts = (option(args, '--workers') ?? `1,${availableParallelism()}`).split(',').map(Number);
  const repeat = Number(option(args, '--repeat') ?? 1);
  const values = new Set(['--steps', '--workers', '--repeat'].map((o) => option(args, o)));
  const names = args.filter((a, i) => !a.startsWith('--') && !(values.has(a) && args[i - 1]?.startsWith('--')));
  const chosen = names.length ? names : [...Object.keys(CASES), 'quick-preset'];
  const backend = await selectBackend('auto');
  const torchScript = fileURLToPath(new URL('./torch_train.py', import.meta.url));
  for (const name of chosen) {
    if (name === 'quick-preset') {
      await quickPreset(backend, repeat);
      continue;
    }
    const c = CASES[name];
    if (!c) throw new Error(`unknown case ${name}: ${Object.keys(CASES).join(', ')}`);
    const steps = stepsArg ? Number(stepsArg) : c.steps;
    const data = windows(c.batch * steps, c.size, c.channels);
    const config = {
      arch: c.arch, inputSize: c.crop, epochs: 2, batchSize: c.batch, microBatch: c.microBatch, lr: 0.01, seed: 1,
      augment: { flips: true, randomCrop: c.crop < c.size },
    };
    const tfjs: Record<string, number | string> = {};
    let inferImgS = 0;
    let auto = 0;
    const load0 = loadavg()[0];
    for (let rep = 0; rep < repeat; rep++) for (const workers of workerCounts) {
      // Epoch 1 warms up (helper start, XNNPACK operator creation); epoch 2 is timed.
      const r = await trainModel(data, { ...config, workers }, { backendChoice: backend });
      const key = `tfjs_w${workers}_img_s`;
      const ips = +r.history[1].imagesPerSecond.toFixed(3);
      if (ips > ((tfjs[key] as number | undefined) ?? 0)) {
        tfjs[key] = ips;
        const p = r.timing.parallel;
        // Per optimiser step over the whole run (both epochs): this thread's shard, its wait for helpers, and sync.
        if (p) tfjs[`w${workers}_ms_per_round`] = `own ${(1000 * p.ownSeconds / p.rounds).toFixed(1)} wait ${(1000 * p.waitSeconds / p.rounds).toFixed(1)} sync ${(1000 * p.syncSeconds / p.rounds).toFixed(1)}`;
      }
      if (!inferImgS) {
        const px = c.size * c.size * c.channels;
        await predictProbabilities(r.model, data.x.subarray(0, c.batch * px), c.batch, c.size, c.channels, { batch: c.batch });
        const t = performance.now();
        await predictProbabilities(r.model, data.x, data.n, c.size, c.channels, { batch: c.batch });
        inferImgS = data.n / ((performance.now() - t) / 1000);
      }
      r.model.dispose();
    }
    {
      // What 'auto' picks for a paper-sized run of this shape (350 training windows, 120 epochs).
      const m = buildModel(c.arch, { inputSize: c.crop, channels: c.channels, seed: 1 });
      const cores = availableParallelism();
      auto = chooseWorkers('auto', backend.name, { macsPerImage: forwardMacs(m), imagesPerRound: Math.min(c.batch, c.microBatch * cores), imagesPerRun: 350 * 120 }, cores).workers;
      m.dispose();
    }
    const torch = JSON.parse(
      execFileSync('/usr/bin/python3', [torchScript, c.arch, String(c.crop), String(c.batch), String(c.channels), String(Math.max(steps, 2))], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .pop() as string,
    );
    const w1 = tfjs[`tfjs_w${workerCounts[0]}_img_s`] as number;
    const wN = tfjs[`tfjs_w${workerCounts[workerCounts.length - 1]}_img_s`] as number;
    console.log(
      JSON.stringify({
        case: name,
        backend: backend.name,
        micro_batch: c.microBatch,
        ...tfjs,
        speedup: +(wN / w1).toFixed(3),
        auto_workers_paper_run: auto,
        torch_img_s: +torch.train_img_s.toFixed(3),
        ratio: +(wN / torch.train_img_s).toFixed(4),
        ratio_w1: +(w1 / torch.train_img_s).toFixed(4),
        tfjs_infer_img_s: +inferImgS.toFixed(3),
        torch_infer_img_s: +torch.infer_img_s.toFixed(3),
        infer_ratio: +(inferImgS / torch.infer_img_s).toFixed(4),
        torch_threads: torch.threads,
        repeat,
        load_avg_1m: [+load0.toFixed(2), +loadavg()[0].toFixed(2)],
      }),
    );
  }
}

async function quickPreset(backend: Awaited<ReturnType<typeof selectBackend>>, repeat: number): Promise<void> {
  const data = windows(350, 32, 6);
  const idx = Array.from({ length: 350 }, (_, i) => i);
  data.trainIdx = idx.filter((i) => i % 5 !== 0);
  data.valIdx = idx.filter((i) => i % 5 === 0);
  const config = {
    arch: 'smallcnn' as const, inputSize: 28, epochs: 12, batchSize: 32, lr: 0.01, lrStep: { every: 30, factor: 0.5 }, seed: 42,
    augment: { flips: true, randomCrop: true },
  };
  const best: Record<string, number> = {};
  let auto = 0;
  const load0 = loadavg()[0];
  for (let rep = 0; rep < repeat; rep++) {
    for (const workers of [1, 'auto'] as const) {
      const r = await trainModel(data, { ...config, workers }, { backendChoice: backend });
      if (workers === 'auto') auto = r.workers;
      const key = `w${workers}_seconds`;
      best[key] = Math.min(best[key] ?? Infinity, +r.timing.totalSeconds.toFixed(2));
      r.model.dispose();
    }
  }
  console.log(JSON.stringify({
    case: 'quick-preset', backend: backend.name, ...best, auto_workers: auto,
    speedup: +(best.w1_seconds / best.wauto_seconds).toFixed(3), repeat, load_avg_1m: [+load0.toFixed(2), +loadavg()[0].toFixed(2)],
  }));
}
