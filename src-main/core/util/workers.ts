import { Worker, type WorkerOptions } from 'node:worker_threads';
import { createHash } from 'node:crypto';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bundled = new Map<string, string>();

/**
 * The worker module and the modules it imports as one JavaScript file (esbuild, the compiler tsx itself runs on),
 * bundled once per process and written under the temporary folder named by its content (a changed source gets a
 * new file).
 */
function bundleWorker(tsFile: string): string {
  let file = bundled.get(tsFile);
  if (file) return file;
  const esbuild = createRequire(fileURLToPath(import.meta.resolve('tsx/esm/api')))('esbuild') as typeof import('esbuild');
  const { outputFiles } = esbuild.buildSync({ entryPoints: [tsFile], bundle: true, platform: 'node', format: 'esm', packages: 'external', write: false });
  const text = outputFiles[0].text;
  file = join(tmpdir(), `prospect-worker-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.mjs`);
  if (!existsSync(file)) {
    // Written aside and renamed into place, so a process starting the same worker never reads a half-written file.
    const part = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    writeFileSync(part, text);
    renameSync(part, file);
  }
  bundled.set(tsFile, file);
  return file;
}

/**
 * Starts a worker_threads worker from a module next to the caller, whether we run from TypeScript sources
 * (CLI and tests, through tsx) or from the bundled JavaScript (electron-vite). `baseUrl` is the caller's
 * import.meta.url; `name` the worker module's name without extension.
 */
export function startWorker(baseUrl: string, name: string, options: WorkerOptions & { bundle?: boolean } = {}): Worker {
  const { bundle, ...wo } = options;
  const js = fileURLToPath(new URL(`./${name}.js`, baseUrl));
  if (existsSync(js)) return new Worker(js, wo);
  // From sources, a worker of a few small modules that never use import.meta.url starts bundled: no tsx loader thread
  // and no per-module transpiling in every worker (~0.3 s of start-up and ~0.5 CPU-s each).
  if (bundle) return new Worker(bundleWorker(fileURLToPath(new URL(`./${name}.ts`, baseUrl))), wo);
  // From sources: Node 20 ignores `--import tsx` in a worker's execArgv ("Unknown file extension .ts"), so the
  // worker registers tsx itself before importing the module.
  const tsUrl = new URL(`./${name}.ts`, baseUrl).href;
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(tsUrl)}); })` +
    `.catch((e) => { setImmediate(() => { throw e; }); });`;
  return new Worker(boot, { ...wo, eval: true });
}
