import * as tf from '@tensorflow/tfjs';
import { existsSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { ProspectError } from '../types';
import { startWasmBackend } from './wasm-threads';
import { startWebgpuBackend, type AdapterInfo } from './webgpu-backend';
import type { BackendChoice as BackendName } from '../vocabulary';

/** Which backend to train on, as the configuration names it (the vocabulary's BACKENDS). */
export type BackendPreference = BackendName;
export type { AdapterInfo } from './webgpu-backend';

export interface BackendChoice {
  /** tfjs backend name now active: 'tensorflow' (tfjs-node or -gpu), 'webgpu', 'wasm' or 'cpu'. */
  name: string;
  /** Which package provides it, e.g. '@tensorflow/tfjs-node-gpu'. */
  provider: string;
  /** Why each faster backend was not used (empty when the fastest one was). */
  reasons: string[];
  /** Threads one kernel may use: XNNPACK's pool on wasm, 1 on the pure-JS cpu backend, 0 = the library decides (tfjs-node). */
  threads: number;
  /** The GPU adapter (webgpu only): vendor, architecture, description, software or not, buffer limits. */
  adapter?: AdapterInfo;
}

export interface BackendOptions {
  /**
   * XNNPACK threads of the wasm backend (default: every core). It is fixed when wasm first starts in a thread; a later
   * call gets the running backend and its count.
   */
  wasmThreads?: number;
  /** How long the wasm backend's first start in a thread may take before the next backend is tried (default 60 s). */
  wasmStartTimeoutMs?: number;
}

const ORDER: Exclude<BackendPreference, 'auto'>[] = ['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'];

function cudaUsable(): string | null {
  if (process.env.CUDA_VISIBLE_DEVICES === '-1' || process.env.CUDA_VISIBLE_DEVICES === '') return 'CUDA_VISIBLE_DEVICES hides every GPU';
  if (!existsSync('/proc/driver/nvidia/version') && process.platform === 'linux') return 'no NVIDIA driver (/proc/driver/nvidia/version is missing)';
  if (process.platform === 'darwin') return 'CUDA does not exist on macOS';
  return null;
}

/**
 * Why the automatic choice need not load Dawn at all, or null. On Linux a hardware Vulkan driver needs a device node
 * (/dev/dri/renderD* for Mesa's drivers, /dev/nvidia* for NVIDIA's, /dev/dxg under WSL); without one, Dawn could only
 * offer a software adapter, which 'auto' refuses anyway, and loading it costs start-up time in every training and
 * prediction. A Vulkan driver named in the environment is always tried.
 */
function noGpuDevice(): string | null {
  if (process.platform !== 'linux') return null;
  if (process.env.VK_ICD_FILENAMES || process.env.VK_DRIVER_FILES || process.env.VK_ADD_DRIVER_FILES) return null;
  let dri: string[] = [];
  let dev: string[] = [];
  try {
    dri = readdirSync('/dev/dri');
  } catch { /* no DRM devices */ }
  try {
    dev = readdirSync('/dev');
  } catch { /* no /dev to read: let Dawn look */
    return null;
  }
  if (dri.some((n) => n.startsWith('renderD')) || dev.some((n) => /^nvidia\d+$/.test(n) || n === 'dxg')) return null;
  return 'no GPU device (/dev/dri/renderD*, /dev/nvidia*, /dev/dxg) and no Vulkan driver named in VK_ICD_FILENAMES';
}

function message(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.split('\n')[0].slice(0, 200);
}

// Package names go through a variable so that bundlers and tsc do not try to resolve the optional packages.
async function importOptional(name: string): Promise<void> {
  await import(/* @vite-ignore */ name);
}

/** tfjs-node and tfjs-node-gpu both register the 'tensorflow' backend; either may be absent (optional packages). */
async function loadTensorflow(provider: string): Promise<{ ok: boolean; why?: string; provider: string }> {
  try {
    await importOptional(provider);
    if (await tf.setBackend('tensorflow')) return { ok: true, provider };
    return { ok: false, why: `${provider} loaded but its backend did not initialise`, provider };
  } catch (e) {
    return { ok: false, why: `${provider} is not usable: ${message(e)}`, provider };
  }
}

interface Attempt {
  ok: boolean;
  why?: string;
  provider: string;
  threads?: number;
  note?: string;
  adapter?: AdapterInfo;
}

async function tryOne(kind: Exclude<BackendPreference, 'auto'>, options: BackendOptions, asked: boolean): Promise<Attempt> {
  switch (kind) {
    case 'tensorflow-gpu': {
      const provider = '@tensorflow/tfjs-node-gpu';
      const noCuda = cudaUsable();
      if (noCuda) return { ok: false, why: `${provider} not tried: ${noCuda}`, provider };
      return loadTensorflow(provider);
    }
    case 'webgpu': {
      const provider = '@tensorflow/tfjs-backend-webgpu on Dawn (npm webgpu)';
      const noGpu = asked ? null : noGpuDevice();
      if (noGpu) return { ok: false, why: `webgpu not tried: ${noGpu}`, provider };
      // A software adapter only when webgpu was asked for by name: it is far slower than wasm.
      const started = await startWebgpuBackend(asked);
      return started.ok ? { ok: true, provider, adapter: started.adapter, threads: 1 } : { ok: false, why: started.why, provider };
    }
    case 'tensorflow':
      return loadTensorflow('@tensorflow/tfjs-node');
    case 'wasm': {
      const provider = '@tensorflow/tfjs-backend-wasm';
      try {
        const wasm = await import('@tensorflow/tfjs-backend-wasm');
        // One start per thread, shared by later calls (their thread count is the first's). Not tf.findBackend('wasm')
        // to ask: on a backend not yet started it starts one (unthreaded) as a side effect, racing this start.
        const started = await startWasmBackend(wasm, options.wasmThreads ?? availableParallelism(), options.wasmStartTimeoutMs);
        if (!started.ok) return { ok: false, why: `${provider} did not initialise${started.why ? `: ${started.why}` : ''}`, provider };
        // Another backend may have been made active since the start: make wasm the active one again.
        if (!(await tf.setBackend('wasm'))) return { ok: false, why: `${provider} did not initialise`, provider };
        const threads = wasm.getThreadsCount();
        // wasm lacks some gradient kernels and has a slow one: register ours before any training.
        const { registerWasmTrainingKernels } = await import('./wasm-kernels');
        registerWasmTrainingKernels();
        return { ok: true, provider, threads, note: started.why };
      } catch (e) {
        return { ok: false, why: `${provider} is not usable: ${message(e)}`, provider };
      }
    }
    case 'cpu': {
      const provider = '@tensorflow/tfjs-backend-cpu';
      const ok = await tf.setBackend('cpu');
      return ok ? { ok, provider } : { ok, why: 'the pure-JS cpu backend did not initialise', provider };
    }
  }
}

/**
 * Activates the fastest usable tfjs backend: tfjs-node-gpu (only with a usable CUDA), webgpu (Dawn on Vulkan, Metal
 * or D3D12; a hardware adapter, or the software one when webgpu is asked for), tfjs-node, wasm, then the pure-JS cpu
 * backend. With a preference other than 'auto', starts the search there.
 */
export async function selectBackend(prefer: BackendPreference = 'auto', options: BackendOptions = {}): Promise<BackendChoice> {
  const start = prefer === 'auto' ? 0 : ORDER.indexOf(prefer);
  if (start < 0) throw new ProspectError(`Unknown backend '${prefer}': use auto, ${ORDER.join(', ')}.`, 'BAD_BACKEND');
  const reasons: string[] = [];
  if (start > 0) reasons.push(`'${prefer}' was asked for, so faster backends were not tried`);
  for (const kind of ORDER.slice(start)) {
    const r = await tryOne(kind, options, kind === prefer);
    if (r.ok) {
      await tf.ready();
      const name = tf.getBackend();
      if (r.note) reasons.push(r.note);
      return { name, provider: r.provider, reasons, threads: r.threads ?? (name === 'cpu' ? 1 : 0), ...(r.adapter ? { adapter: r.adapter } : {}) };
    }
    reasons.push(r.why ?? `${kind} failed`);
  }
  throw new ProspectError(`No TensorFlow.js backend could be started: ${reasons.join('; ')}`, 'NO_BACKEND');
}
