// util/workers.ts passes `--import tsx` in execArgv, which Node 20.20 ignores for workers ("Unknown file extension
// .ts"). Until that is fixed there, from sources we register tsx inside the worker itself (as grid/ does).
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startWorker } from '../util/workers';

export function startTrainingWorker(baseUrl: string, name: string, options: WorkerOptions = {}): Worker {
  if (existsSync(fileURLToPath(new URL(`./${name}.js`, baseUrl)))) return startWorker(baseUrl, name, options);
  const tsUrl = new URL(`./${name}.ts`, baseUrl).href;
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const boot =
    `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(tsUrl)}); })` +
    `.catch((e) => { setImmediate(() => { throw e; }); });`;
  return new Worker(boot, { ...options, eval: true });
}
