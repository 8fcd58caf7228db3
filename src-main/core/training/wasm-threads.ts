import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { answerWithin } from '../util/deadline';

/*
 * XNNPACK threads for tfjs-backend-wasm under Node (tfjs issue 3830 switches them off there).
 *
 * The package ships the threaded SIMD build, and its Emscripten glue supports Node's worker_threads; three things
 * stand in the way, and each is bridged only while the backend starts:
 * 1. WASM_HAS_MULTITHREAD_SUPPORT answers false under Node: we set it.
 * 2. The pthread workers are started from blob: URLs (the worker script, and the module factory it imports), which
 *    Node's Worker cannot load. While the backend starts, Blob records its text and URL.createObjectURL writes the
 *    worker script to a temporary .cjs file whose import names a second file holding the factory, with the few
 *    module-scope names the bundler left outside it. Emscripten pre-starts 8 workers during start-up, so the files
 *    are removed as soon as the backend is up.
 * 3. The C++ side caps its pool at emscripten_num_logical_cores() / 2 (it assumes hyper-threads), which Node answers
 *    with os.cpus().length: os.cpus is doubled while the module's static constructors run.
 * The C++ side also caps the pool at 8 threads (the pre-started workers).
 */

const MAX_THREADS = 8;
const WORKER_IMPORT = 'if(typeof e.data.urlOrBlob=="string"){importScripts(e.data.urlOrBlob)}';
const FACTORY_PREFIX = 'var WasmBackendModuleThreadedSimd';

export interface ThreadedStart {
  ok: boolean;
  /** XNNPACK threads in use (1 when threads could not be started). */
  threads: number;
  why?: string;
}

type WasmModule = typeof import('@tensorflow/tfjs-backend-wasm');

interface NodeWorkerLike {
  unref(): void;
}

/**
 * The pool's threads live as long as the backend, and Emscripten refs each running pthread's worker: the process
 * would never exit on its own. They hold no work of their own between kernels, so they must not keep Node alive.
 */
function unrefPthreads(): void {
  const pthread = (tf.findBackend('wasm') as unknown as { wasm?: { PThread?: { runningWorkers: NodeWorkerLike[]; unusedWorkers: NodeWorkerLike[] } } })
    ?.wasm?.PThread;
  for (const w of [...(pthread?.runningWorkers ?? []), ...(pthread?.unusedWorkers ?? [])]) w.unref();
}

/** This thread's one start of the wasm backend: later callers share it (a second start would race the first). */
let start: Promise<ThreadedStart> | null = null;

const DEFAULT_START_TIMEOUT_MS = 60_000;

/**
 * Starts the wasm backend with `threads` XNNPACK threads (1 = the plain single-threaded start), once per thread;
 * returns the thread count it got. A start that has not finished within `timeoutMs` (its pthread workers never all
 * reported in) is given up: the backend is removed, so that the pending start cannot take over the engine later,
 * and the caller goes on to the next backend with the reason.
 */
export function startWasmBackend(wasm: WasmModule, threads: number, timeoutMs = DEFAULT_START_TIMEOUT_MS): Promise<ThreadedStart> {
  start ??= startOnce(wasm, threads, timeoutMs);
  return start;
}

async function startOnce(wasm: WasmModule, threads: number, timeoutMs: number): Promise<ThreadedStart> {
  const want = Math.max(1, Math.min(MAX_THREADS, Math.floor(threads)));
  if (want === 1) return bounded(tf.setBackend('wasm'), timeoutMs, 1);
  const require = createRequire(import.meta.url);
  const glue = require.resolve('@tensorflow/tfjs-backend-wasm');
  let dir: string;
  try {
    dir = mkdtempSync(join(os.tmpdir(), 'prospect-wasm-'));
  } catch (e) {
    const ok = await tf.setBackend('wasm');
    return { ok, threads: 1, why: `one XNNPACK thread: no temporary folder for the pthread worker scripts (${(e as Error).message})` };
  }
  const factoryFile = join(dir, 'factory.cjs');
  const prelude =
    'var commonjsGlobal=globalThis;' +
    "var require$$0=require('fs'),require$$1=require('path'),require$$3=require('perf_hooks'),require$$4=require('os');" +
    `var _scriptDir=${JSON.stringify(glue)};var __filename=_scriptDir,__dirname=${JSON.stringify(dirname(glue))};\n`;
  const texts = new WeakMap<Blob, string>();
  let workerScriptOk = true;
  const RealBlob = globalThis.Blob;
  const realCreate = URL.createObjectURL;
  const realCpus = os.cpus;
  class RecordingBlob extends RealBlob {
    constructor(parts?: BlobPart[], options?: BlobPropertyBag) {
      super(parts, options);
      const text = (parts ?? []).map((p) => (typeof p === 'string' ? p : '')).join('');
      texts.set(this, text);
      if (text.startsWith(FACTORY_PREFIX)) writeFileSync(factoryFile, prelude + text);
    }
  }
  globalThis.Blob = RecordingBlob as typeof Blob;
  URL.createObjectURL = (blob: Blob): string => {
    const text = texts.get(blob);
    if (text === undefined || !text.includes(WORKER_IMPORT)) {
      if (text !== undefined) workerScriptOk = false;
      return realCreate(blob);
    }
    const file = join(dir, 'worker.cjs');
    writeFileSync(file, text.replace(WORKER_IMPORT, `if(true){importScripts(${JSON.stringify(factoryFile)})}`));
    return file;
  };
  os.cpus = () => {
    const cpus = realCpus.call(os);
    // Report 2 x want logical cores (but never fewer than the machine has): the C++ side halves it.
    const n = Math.max(cpus.length, 2 * want);
    return Array.from({ length: n }, (_, i) => cpus[i % cpus.length]);
  };
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  wasm.setThreadsCount(want);
  let timedOut = false;
  try {
    const r = await bounded(tf.setBackend('wasm'), timeoutMs, want);
    timedOut = r.timedOut === true;
    if (!r.ok) return { ok: false, threads: 1, why: `the threaded wasm backend did not initialise${r.why ? ` (${r.why})` : ''}` };
    const got = wasm.getThreadsCount();
    unrefPthreads();
    return { ok: true, threads: got, why: workerScriptOk ? undefined : 'the worker script was not the one expected' };
  } finally {
    globalThis.Blob = RealBlob;
    URL.createObjectURL = realCreate;
    os.cpus = realCpus;
    // Workers of a start given up on may still read their scripts: those go when the process does.
    if (timedOut) process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    else rmSync(dir, { recursive: true, force: true });
  }
}

/** The backend start, or not ok once timeoutMs pass without an answer (the backend then removed). */
async function bounded(started: Promise<boolean>, timeoutMs: number, threads: number): Promise<ThreadedStart & { timedOut?: boolean }> {
  const r = await answerWithin(started, timeoutMs);
  if (!r.answered) {
    // A pending start of a removed backend is dropped when it ends, instead of becoming the engine's backend.
    tf.removeBackend('wasm');
    return { ok: false, threads: 1, timedOut: true, why: `no answer within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}` };
  }
  return r.value ? { ok: true, threads } : { ok: false, threads: 1 };
}
