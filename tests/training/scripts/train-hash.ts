// Child process of threads.test.ts: trains a small ResNet on the wasm backend with T XNNPACK threads and W replicas,
// prints the backend's thread count and a hash of the trained weights, then returns without process.exit (the test
// checks that the XNNPACK pool does not keep the process alive).
import { createHash } from 'node:crypto';
import { selectBackend } from '../../../src-main/core/training/backend';
import { trainModel } from '../../../src-main/core/training/train';
import { syntheticWindows } from '../fixtures';

const [threads, workers] = process.argv.slice(2).map(Number);
const backend = await selectBackend('wasm', { wasmThreads: threads });
const data = syntheticWindows(24, 32, 3);
const r = await trainModel(data, { arch: 'resnet18', inputSize: 32, epochs: 2, batchSize: 8, lr: 0.01, seed: 5, workers }, { backendChoice: backend });
const hash = createHash('sha256');
for (const w of r.model.trainableWeights) hash.update(new Uint8Array((w.read().dataSync() as Float32Array).buffer));
console.log(JSON.stringify({ threads: backend.threads, workers: r.workers, loss: r.history[1].loss, hash: hash.digest('hex') }));
r.model.dispose();
