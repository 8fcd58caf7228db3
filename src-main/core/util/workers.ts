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
  const ts = fileURLToPath(new URL(`./${name}.ts`, baseUrl));
  // Sources: let the worker load TypeScript through tsx, as the main thread does.
  return new Worker(ts, { ...options, execArgv: [...(options.execArgv ?? []), '--import', 'tsx'] });
}
