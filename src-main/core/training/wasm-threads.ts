import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import type { Worker as NodeWorker } from 'node:worker_threads';
import { dirname, join } from 'node:path';
import { answerWithin } from '../util/deadline';
import { writeWhole } from '../util/write-whole';

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
 *    are removed as soon as the backend is up. Each file is written once, whole, under its final name (a temporary
 *    name renamed): Emscripten asks for the worker script's URL once per worker, and a worker already starting that
 *    read the file while it was being written again found it empty, never reported in, and the start hung for ever
 *    (seen in CI on a loaded machine; reproduced by holding the rewrite between truncating and writing).
 * 3. The C++ side caps its pool at emscripten_num_logical_cores() / 2 (it assumes hyper-threads), which Node answers
 *    with os.cpus().length: os.cpus is doubled while the module's static constructors run.
 * The C++ side also caps the pool at 8 threads (the pre-started workers).
 */

const MAX_THREADS = 8;
/** The priority tfjs-backend-wasm registers itself with. */
const WASM_PRIORITY = 2;
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
 * returns the thread count it got. A threaded start that fails, or has not finished within `timeoutMs` (its pthread
 * workers never all reported in), is given up (the backend removed, so that the pending start cannot take over the
 * engine later) for the single-threaded start, with the reason; only when that fails too does the caller go on to
 * the next backend.
 */
export function startWasmBackend(wasm: WasmModule, threads: number, timeoutMs = DEFAULT_START_TIMEOUT_MS): Promise<ThreadedStart> {
  start ??= startOnce(wasm, threads, timeoutMs);
  return start;
}

async function startOnce(wasm: WasmModule, threads: number, timeoutMs: number): Promise<ThreadedStart> {
  const want = Math.max(1, Math.min(MAX_THREADS, Math.floor(threads)));
  if (want === 1) return bounded(tf.setBackend('wasm'), timeoutMs, 1);
  // Kept to register the backend again should the threaded start be given up (that removes it).
  const factory = tf.findBackendFactory('wasm');
  const threaded = await startThreaded(wasm, want, timeoutMs);
  if (threaded.ok) return threaded;
  // One thread is still several times faster than the cpu backend: try it before the caller moves on.
  const why = threaded.why ?? 'the threaded wasm backend did not initialise';
  if (!tf.findBackendFactory('wasm')) tf.registerBackend('wasm', factory, WASM_PRIORITY);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  wasm.setThreadsCount(1);
  const single = await bounded(tf.setBackend('wasm'), timeoutMs, 1);
  return single.ok
    ? { ok: true, threads: 1, why: `one XNNPACK thread: ${why}` }
    : { ok: false, threads: 1, why: `${why}; nor did the single-threaded one${single.why ? ` (${single.why})` : ''}` };
}

async function startThreaded(wasm: WasmModule, want: number, timeoutMs: number): Promise<ThreadedStart> {
  const require = createRequire(import.meta.url);
  const glue = require.resolve('@tensorflow/tfjs-backend-wasm');
  let dir: string;
  try {
    dir = mkdtempSync(join(os.tmpdir(), 'prospect-wasm-'));
  } catch (e) {
    return { ok: false, threads: 1, why: `no temporary folder for the pthread worker scripts (${(e as Error).message})` };
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
      if (text.startsWith(FACTORY_PREFIX)) writeWhole(factoryFile, prelude + text);
    }
  }
  // The worker script's file for each distinct text: written once, then handed out again.
  const workerFiles = new Map<string, string>();
  globalThis.Blob = RecordingBlob as typeof Blob;
  URL.createObjectURL = (blob: Blob): string => {
    const text = texts.get(blob);
    if (text === undefined || !text.includes(WORKER_IMPORT)) {
      if (text !== undefined) workerScriptOk = false;
      return realCreate(blob);
    }
    let file = workerFiles.get(text);
    if (file === undefined) {
      file = join(dir, `worker-${workerFiles.size}.cjs`);
      writeWhole(file, text.replace(WORKER_IMPORT, `if(true){importScripts(${JSON.stringify(factoryFile)})}`));
      workerFiles.set(text, file);
    }
    return file;
  };
  os.cpus = () => {
    const cpus = realCpus.call(os);
    // Report 2 x want logical cores (but never fewer than the machine has): the C++ side halves it.
    const n = Math.max(cpus.length, 2 * want);
    return Array.from({ length: n }, (_, i) => cpus[i % cpus.length]);
  };
  const pool = trackPoolWorkers();
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  wasm.setThreadsCount(want);
  let givenUp = true;
  try {
    const r = await bounded(tf.setBackend('wasm'), timeoutMs, want);
    if (!r.ok) return { ok: false, threads: 1, why: `the threaded wasm backend did not initialise${r.why ? ` (${r.why})` : ''}` };
    givenUp = false;
    const got = wasm.getThreadsCount();
    unrefPthreads();
    return { ok: true, threads: got, why: workerScriptOk ? undefined : 'the worker script was not the one expected' };
  } finally {
    globalThis.Blob = RealBlob;
    URL.createObjectURL = realCreate;
    os.cpus = realCpus;
    pool.stopTracking();
    // A worker that never reported in is still referenced and would keep the process alive; ending every worker of
    // a start given up on also makes sure its module never runs.
    if (givenUp) for (const w of pool.workers) void w.terminate();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The pthread pool's workers as Emscripten creates them: the glue sets `globalThis.Worker` to worker_threads' Worker
 * when the module is made and calls `new Worker` on it, so while tracking, that global hands out a subclass that
 * records each instance. Afterwards the global is the glue's Worker again, for workers the pool adds later.
 */
function trackPoolWorkers(): { workers: NodeWorker[]; stopTracking: () => void } {
  const workers: NodeWorker[] = [];
  const g = globalThis as { Worker?: unknown };
  const before = Object.getOwnPropertyDescriptor(g, 'Worker');
  let glueWorker: typeof NodeWorker | undefined;
  let recording: typeof NodeWorker | undefined;
  Object.defineProperty(g, 'Worker', {
    configurable: true,
    get: () => recording,
    set: (W: typeof NodeWorker) => {
      glueWorker = W;
      recording = class extends W {
        constructor(...args: ConstructorParameters<typeof NodeWorker>) {
          super(...args);
          workers.push(this);
        }
      };
    },
  });
  return {
    workers,
    stopTracking: () => {
      delete g.Worker;
      if (glueWorker) g.Worker = glueWorker;
      else if (before) Object.defineProperty(g, 'Worker', before);
    },
  };
}

/** The backend start, or not ok once timeoutMs pass without an answer (the backend then removed). */
async function bounded(started: Promise<boolean>, timeoutMs: number, threads: number): Promise<ThreadedStart> {
  const r = await answerWithin(started, timeoutMs);
  if (!r.answered) {
    // A pending start of a removed backend is dropped when it ends, instead of becoming the engine's backend.
    tf.removeBackend('wasm');
    return { ok: false, threads: 1, why: `no answer within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}` };
  }
  return r.value ? { ok: true, threads } : { ok: false, threads: 1 };
}
