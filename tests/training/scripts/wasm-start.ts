// Child process of wasm-start.test.ts (the backend's start is once per process): `timeout` gives the threaded start
// 1 ms, then checks the engine after the abandoned start would have finished; `shared` starts it from two calls at
// once and again after another backend was active. Prints one JSON line.
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../src-main/core/training/backend';

const mode = process.argv[2];
if (mode === 'timeout') {
  const choice = await selectBackend('wasm', { wasmThreads: 2, wasmStartTimeoutMs: 1 });
  // Long enough for the abandoned start to end (it takes well under a second here): it must not take the engine over.
  await new Promise((r) => setTimeout(r, 5000));
  const sum = tf.add(tf.scalar(1), tf.scalar(2)).dataSync()[0];
  console.log(JSON.stringify({ name: choice.name, reasons: choice.reasons, activeAfter: tf.getBackend(), sum }));
} else {
  const [a, b] = await Promise.all([selectBackend('wasm', { wasmThreads: 2 }), selectBackend('wasm', { wasmThreads: 3 })]);
  await tf.setBackend('cpu');
  const c = await selectBackend('wasm', { wasmThreads: 1 });
  const sum = tf.add(tf.scalar(1), tf.scalar(2)).dataSync()[0];
  console.log(JSON.stringify({ threads: [a.threads, b.threads, c.threads], names: [a.name, b.name, c.name], activeAfter: tf.getBackend(), sum }));
}
// The pthread workers of an abandoned start are not unref'd: leave explicitly.
process.exit(0);
