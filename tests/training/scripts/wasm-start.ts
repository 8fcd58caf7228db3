// Child process of wasm-start.test.ts (the backend's start is once per process). Modes:
// - `timeout` gives each start 1 ms, then checks the engine after the abandoned starts would have finished;
// - `silent-workers` gives the pthread workers a script that keeps them alive without ever reporting in: the threaded
//   start is given up for the single-threaded one, and the process must still exit on its own (no process.exit);
// - `slow-writes` holds every write of the start's scripts 50 ms between truncating the file and writing it (a busy
//   disk, a preempted process): a worker that read a script while it was being written again would never report in;
// - `shared` starts it from two calls at once and again after another backend was active.
// Prints one JSON line.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../src-main/core/training/backend';

const mode = process.argv[2];
const realWrite = fs.writeFileSync;
const ours = (file: fs.PathOrFileDescriptor) => typeof file === 'string' && file.includes('prospect-wasm-');
function patchWrites(write: (file: string, data: string) => void): void {
  fs.writeFileSync = ((file: fs.PathOrFileDescriptor, data: string, ...rest: []) =>
    ours(file) ? write(file as string, data) : realWrite(file, data, ...rest)) as typeof fs.writeFileSync;
  syncBuiltinESMExports();
}
const engineAfter = async (ms: number) => {
  // Long enough for an abandoned start to end (they take well under a second here): it must not take the engine over.
  await new Promise((r) => setTimeout(r, ms));
  return { activeAfter: tf.getBackend(), sum: tf.add(tf.scalar(1), tf.scalar(2)).dataSync()[0] };
};

if (mode === 'timeout') {
  const choice = await selectBackend('wasm', { wasmThreads: 2, wasmStartTimeoutMs: 1 });
  console.log(JSON.stringify({ name: choice.name, reasons: choice.reasons, ...(await engineAfter(5000)) }));
} else if (mode === 'silent-workers') {
  patchWrites((file, data) => realWrite(file, data.includes('importScripts(') ? 'setInterval(() => {}, 1 << 30);' : data));
  const choice = await selectBackend('wasm', { wasmThreads: 2, wasmStartTimeoutMs: 3000 });
  console.log(JSON.stringify({ name: choice.name, threads: choice.threads, reasons: choice.reasons, ...(await engineAfter(2000)) }));
} else if (mode === 'slow-writes') {
  let writes = 0;
  patchWrites((file, data) => {
    writes++;
    fs.closeSync(fs.openSync(file, 'w'));
    const until = Date.now() + 50;
    while (Date.now() < until);
    realWrite(file, data);
  });
  const choice = await selectBackend('wasm', { wasmThreads: 2, wasmStartTimeoutMs: 20_000 });
  console.log(JSON.stringify({ name: choice.name, threads: choice.threads, reasons: choice.reasons, writes, ...(await engineAfter(0)) }));
} else {
  const [a, b] = await Promise.all([selectBackend('wasm', { wasmThreads: 2 }), selectBackend('wasm', { wasmThreads: 3 })]);
  await tf.setBackend('cpu');
  const c = await selectBackend('wasm', { wasmThreads: 1 });
  const sum = tf.add(tf.scalar(1), tf.scalar(2)).dataSync()[0];
  console.log(JSON.stringify({ threads: [a.threads, b.threads, c.threads], names: [a.name, b.name, c.name], activeAfter: tf.getBackend(), sum }));
}
// The `timeout` start is abandoned before it made its pool: leave explicitly rather than wait for it to end.
if (mode !== 'silent-workers') process.exit(0);
