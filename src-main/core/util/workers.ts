import { Worker, type WorkerOptions } from 'node:worker_threads';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeWhole } from './write-whole';
import { userTempSubdir } from './private-dir';

const bundled = new Map<string, string>();

/**
 * A bundle written earlier for `tsFile` whose input files all still have the size and time it was built from. Only a
 * bundle in our own cache folder counts: the manifest names a file, and it must be one we wrote.
 */
function cachedBundle(manifest: string, cache: string): string | null {
  try {
    const { file, inputs } = JSON.parse(readFileSync(manifest, 'utf8')) as { file: string; inputs: [string, number, number][] };
    if (typeof file !== 'string' || dirname(file) !== cache || !Array.isArray(inputs)) return null;
    for (const [input, size, mtimeMs] of inputs) {
      const st = statSync(input);
      if (st.size !== size || st.mtimeMs !== mtimeMs) return null;
    }
    return existsSync(file) ? file : null;
  } catch {
    return null;
  }
}

/**
 * The worker module and the modules it imports as one JavaScript file (esbuild, the compiler tsx itself runs on),
 * in this user's private cache folder (prospect-<uid>/workers under the temporary folder, mode 0700 and owned by this
 * user: in the shared temporary folder itself another user could plant a bundle that the next job would run), named
 * by its content. A manifest beside it lists the files it was built from with
 * their sizes and times: while they are unchanged, a process takes the bundle without running esbuild (~60 ms of
 * this thread for each worker module).
 */
function bundleWorker(tsFile: string): string {
  let file = bundled.get(tsFile);
  if (file) return file;
  const cache = userTempSubdir('workers');
  const manifest = join(cache, `worker-${createHash('sha256').update(tsFile).digest('hex').slice(0, 16)}.json`);
  file = cachedBundle(manifest, cache) ?? undefined;
  if (!file) {
    const esbuild = createRequire(fileURLToPath(import.meta.resolve('tsx/esm/api')))('esbuild') as typeof import('esbuild');
    const r = esbuild.buildSync({
      entryPoints: [tsFile], bundle: true, platform: 'node', format: 'esm', packages: 'external', write: false, metafile: true, absWorkingDir: dirname(tsFile),
    });
    const text = r.outputFiles[0].text;
    file = join(cache, `worker-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.mjs`);
    if (!existsSync(file)) writeWhole(file, text);
    const inputs = Object.keys(r.metafile.inputs).map((f) => {
      const abs = resolve(dirname(tsFile), f);
      const st = statSync(abs);
      return [abs, st.size, st.mtimeMs];
    });
    writeWhole(manifest, JSON.stringify({ file, inputs }));
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
