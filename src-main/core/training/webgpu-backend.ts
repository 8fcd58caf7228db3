import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

/*
 * tfjs on WebGPU in Node through Dawn (npm `webgpu`: dawn.node, prebuilt for Linux, Windows and macOS inside the
 * package). Dawn picks Vulkan, Metal or D3D12; without a GPU driver it may offer a software adapter (SwiftShader's
 * Vulkan, e.g. the one Debian's chromium ships, named by VK_ICD_FILENAMES), which is correct but hundreds of times
 * slower than a GPU: it is used only when webgpu is asked for by name.
 *
 * The backend is registered here rather than by @tensorflow/tfjs-backend-webgpu's own factory, which asks
 * navigator.gpu for a 'high-performance' adapter and takes whatever comes back (the software one included).
 */

import type { AdapterInfo } from './types';
import { answerWithin } from '../util/deadline';

export type { AdapterInfo };

export interface WebgpuStart {
  ok: boolean;
  adapter?: AdapterInfo;
  why?: string;
}

type GpuLike = { requestAdapter(o?: object): Promise<AdapterLike | null> };
interface AdapterLike {
  info: { vendor: string; architecture: string; device: string; description: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
  features: Set<string>;
  limits: Record<string, number>;
  requestDevice(d: object): Promise<unknown>;
}

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|software|microsoft basic render|warp/i;

function describe(a: AdapterLike): AdapterInfo {
  const i = a.info;
  const text = `${i.vendor} ${i.architecture} ${i.device} ${i.description}`;
  return {
    vendor: i.vendor || 'unknown vendor',
    architecture: i.architecture || 'unknown architecture',
    description: i.description || i.device || 'no description',
    software: !!(i.isFallbackAdapter || a.isFallbackAdapter) || SOFTWARE.test(text),
    maxBufferSize: a.limits.maxBufferSize,
    maxStorageBufferBindingSize: a.limits.maxStorageBufferBindingSize,
  };
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 200);
}

/*
 * Dawn answers adapter and device requests through its own event processing; a broken driver or loader can leave
 * such a request unanswered for ever, and the automatic choice must then fall through to wasm instead of waiting.
 */
const REQUEST_TIMEOUT_MS = 30_000;

async function within<T>(promise: Promise<T>, what: string, ms = REQUEST_TIMEOUT_MS): Promise<T> {
  const r = await answerWithin(promise, ms);
  if (!r.answered) throw new Error(`${what} got no answer within ${ms / 1000} s`);
  return r.value;
}

let gpu: GpuLike | null = null;
let active: AdapterInfo | null = null;

async function loadDawn(): Promise<GpuLike> {
  if (gpu) return gpu;
  // Through a variable, so that bundlers leave the native package to Node's resolver.
  const name = 'webgpu';
  const { create, globals } = (await import(/* @vite-ignore */ name)) as { create(flags: string[]): GpuLike; globals: Record<string, unknown> };
  // tfjs-backend-webgpu uses the WebGPU constants (GPUBufferUsage, ...) as globals.
  for (const [k, v] of Object.entries(globals)) if (!(k in globalThis)) (globalThis as Record<string, unknown>)[k] = v;
  gpu = create([]);
  // WebGPUBackend checks navigator.gpu when it is constructed. Node 20 has no navigator; Node 21+ has one without gpu.
  const g = globalThis as { navigator?: object };
  if (!g.navigator) g.navigator = {};
  Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
  return gpu;
}

/** The best adapter Dawn offers: a hardware one (high-performance first), else the software one. */
async function chooseAdapter(g: GpuLike): Promise<AdapterLike | null> {
  const seen: AdapterLike[] = [];
  for (const powerPreference of ['high-performance', 'low-power'] as const) {
    const a = await within(g.requestAdapter({ powerPreference }), `Dawn's ${powerPreference} adapter request`);
    if (!a) continue;
    if (!describe(a).software) return a;
    seen.push(a);
  }
  return seen[0] ?? null;
}

async function requestDevice(a: AdapterLike): Promise<unknown> {
  const l = a.limits;
  // The limits tfjs-backend-webgpu's own factory asks for: the adapter's maxima, not WebGPU's defaults.
  const requiredLimits = {
    maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
    maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
    maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
    maxBufferSize: l.maxBufferSize,
    maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
    maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
  };
  const requiredFeatures = a.features.has('timestamp-query') ? ['timestamp-query'] : [];
  return within(a.requestDevice({ requiredFeatures, requiredLimits }), 'the WebGPU device request');
}

/**
 * Activates tfjs's webgpu backend on Dawn's best adapter. A software adapter is refused unless `allowSoftware`
 * (webgpu asked for by name). The reason for a refusal names what to install or set.
 */
export async function startWebgpuBackend(allowSoftware: boolean): Promise<WebgpuStart> {
  if (tf.findBackend('webgpu') && active) {
    if (active.software && !allowSoftware) return { ok: false, why: softwareWhy(active) };
    return (await tf.setBackend('webgpu')) ? { ok: true, adapter: active } : { ok: false, why: 'the webgpu backend did not initialise' };
  }
  // Dawn's Vulkan loader wants a runtime folder and prints an error line per call without one.
  if (!process.env.XDG_RUNTIME_DIR) {
    const dir = join(tmpdir(), `prospect-xdg-${process.getuid?.() ?? 'user'}`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    process.env.XDG_RUNTIME_DIR = dir;
  }
  let g: GpuLike;
  try {
    g = await loadDawn();
  } catch (e) {
    return { ok: false, why: `Dawn (npm webgpu) could not be loaded: ${firstLine(e)}` };
  }
  let adapter: AdapterLike | null;
  try {
    adapter = await chooseAdapter(g);
  } catch (e) {
    return { ok: false, why: `Dawn found no usable GPU adapter: ${firstLine(e)}` };
  }
  if (!adapter) {
    const hint = process.platform === 'linux' ? ' (on Linux: a Vulkan driver and libvulkan.so.1; without a GPU, VK_ICD_FILENAMES can name SwiftShader\'s)' : '';
    return { ok: false, why: `Dawn found no GPU adapter${hint}` };
  }
  const info = describe(adapter);
  if (info.software && !allowSoftware) return { ok: false, why: softwareWhy(info) };
  try {
    const { WebGPUBackend } = (await import('@tensorflow/tfjs-backend-webgpu')) as unknown as {
      WebGPUBackend: new (device: unknown, info?: unknown) => tf.KernelBackend;
    };
    const device = await requestDevice(adapter);
    // The package registers its own factory when it finds navigator.gpu; ours replaces it.
    if ('webgpu' in (tf.engine() as unknown as { registryFactory: object }).registryFactory) tf.removeBackend('webgpu');
    tf.registerBackend('webgpu', () => new WebGPUBackend(device, adapter.info), 0);
    if (!(await tf.setBackend('webgpu'))) return { ok: false, why: `the webgpu backend did not initialise on ${info.description}` };
  } catch (e) {
    return { ok: false, why: `the webgpu backend failed on ${info.description}: ${firstLine(e)}` };
  }
  active = info;
  return { ok: true, adapter: info };
}

function softwareWhy(a: AdapterInfo): string {
  return `webgpu not used: the only adapter is a software one (${a.description}); ask for --backend webgpu to use it anyway`;
}

/** The adapter of the webgpu backend started in this thread, if any. */
export function webgpuAdapter(): AdapterInfo | null {
  return active;
}
