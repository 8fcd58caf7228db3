// Training and inference images/s of the tfjs trainer against PyTorch CPU (2 threads) in the same run.
// usage: npm run bench -- train [case ...] [--steps N]   cases: resnet50-64-b8 resnet18-64-b8 resnet50-224-b8
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Architecture } from '../src-main/core/models/registry';
import { selectBackend } from '../src-main/core/training/backend';
import { predictProbabilities } from '../src-main/core/training/predict';
import { trainModel } from '../src-main/core/training/train';
import type { TrainData } from '../src-main/core/training/types';

const CASES: Record<string, { arch: Architecture; size: number; batch: number; microBatch: number }> = {
  'resnet50-64-b8': { arch: 'resnet50', size: 64, batch: 8, microBatch: 8 },
  'resnet18-64-b8': { arch: 'resnet18', size: 64, batch: 8, microBatch: 8 },
  // The 4 GiB wasm heap: micro-batch 4 aborts in this trainer (im2col + accumulated gradients), 2 fits.
  'resnet50-224-b8': { arch: 'resnet50', size: 224, batch: 8, microBatch: 2 },
};
const CHANNELS = 3;

function windows(n: number, size: number): TrainData {
  const x = new Float32Array(n * size * size * CHANNELS);
  let s = 1;
  for (let i = 0; i < x.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    x[i] = s / 4294967296 - 0.5;
  }
  const labels = Uint8Array.from({ length: n }, (_, i) => i % 2);
  return { x, n, size, channels: CHANNELS, labels, trainIdx: Array.from({ length: n }, (_, i) => i), valIdx: [] };
}

export default async function bench(args: string[]): Promise<void> {
  const stepsAt = args.indexOf('--steps');
  const steps = stepsAt >= 0 ? Number(args[stepsAt + 1]) : 2;
  const names = args.filter((a, i) => !a.startsWith('--') && (stepsAt < 0 || i !== stepsAt + 1));
  const chosen = names.length ? names : Object.keys(CASES);
  const backend = await selectBackend('auto');
  const torchScript = fileURLToPath(new URL('./torch_train.py', import.meta.url));
  for (const name of chosen) {
    const c = CASES[name];
    if (!c) throw new Error(`unknown case ${name}: ${Object.keys(CASES).join(', ')}`);
    const data = windows(c.batch * steps, c.size);
    // Epoch 1 warms up (XNNPACK operator creation); epoch 2 is timed.
    const r = await trainModel(
      data,
      { arch: c.arch, inputSize: c.size, epochs: 2, batchSize: c.batch, microBatch: c.microBatch, lr: 0.01, seed: 1, augment: { flips: false, randomCrop: false } },
      { backendChoice: backend },
    );
    const tfjsTrain = r.history[1].imagesPerSecond;
    await predictProbabilities(r.model, data.x.subarray(0, c.batch * c.size * c.size * CHANNELS), c.batch, c.size, CHANNELS, { batch: c.batch });
    const t = performance.now();
    await predictProbabilities(r.model, data.x, data.n, c.size, CHANNELS, { batch: c.batch });
    const tfjsInfer = data.n / ((performance.now() - t) / 1000);
    r.model.dispose();
    const torch = JSON.parse(
      execFileSync('/usr/bin/python3', [torchScript, c.arch, String(c.size), String(c.batch), String(CHANNELS), String(steps)], { encoding: 'utf8' }).trim().split('\n').pop() as string,
    );
    console.log(
      JSON.stringify({
        case: name,
        backend: backend.name,
        micro_batch: c.microBatch,
        tfjs_img_s: +tfjsTrain.toFixed(3),
        torch_img_s: +torch.train_img_s.toFixed(3),
        ratio: +(tfjsTrain / torch.train_img_s).toFixed(4),
        tfjs_infer_img_s: +tfjsInfer.toFixed(3),
        torch_infer_img_s: +torch.infer_img_s.toFixed(3),
        infer_ratio: +(tfjsInfer / torch.infer_img_s).toFixed(4),
        torch_threads: torch.threads,
      }),
    );
  }
}
