import { Worker, type WorkerOptions } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Starts a worker_threads worker from a module next to the caller, whether we run from TypeScript sources
 * (CLI and tests, through tsx) or from the bundled JavaScript (electron-vite). `baseUrl` is the caller's
 * import.meta.url; `name` the worker module's name without extension.
 */
export function startWorker(baseUrl: string, name: string, options: WorkerOptions = {}): Worker {
  const js = fileURLToPath(new URL(`./${name}.js`, baseUrl));
  if (existsSync(js)) return new Worker(js, options);
  // From sources: Node 20 ignores `--import tsx` in a worker's execArgv ("Unknown file extension .ts"), so the
  // worker registers tsx itself before importing the module.
  const tsUrl = new URL(`./${name}.ts`, baseUrl).href;
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(tsUrl)}); })` +
    `.catch((e) => { setImmediate(() => { throw e; }); });`;
  return new Worker(boot, { ...options, eval: true });
}
