#!/usr/bin/env node
// The CLI's own build of its TypeScript sources, so that running it needs no TypeScript tool: made by `npm run
// prepare` (which `npm ci` runs) under node_modules/.cache/prospect-cli, and made again on the next run when any file
// it was built from changed (size or modification time, from the build's own list of inputs), so a run never uses
// code older than its sources. Chunks are split at the CLI's lazy imports, so a command still loads only what it
// uses. The worker modules (`*.worker.ts`) are entries of the same build, each at its source path inside the build
// folder, and every `startWorker(import.meta.url, ...)` is pointed there: a worker starts from built JavaScript too.
//
// esbuild is a devDependency: an install without it (`--omit=dev`) runs a build shipped or prepared earlier, and
// says so in words when that build is missing or stale. Where a build cannot be made in a development checkout (a
// syntax error, a read-only folder) the CLI falls back to tsx, which reports the error; PROSPECT_NO_TSX=1 forbids
// that fallback (the test that the prepared build runs alone), PROSPECT_NO_BUILD=1 forces it.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cache = join(root, 'node_modules/.cache/prospect-cli');
const pointer = join(cache, 'current.json');
const entry = join(root, 'src-main/cli/index.ts');
const self = relative(root, fileURLToPath(import.meta.url)).split(sep).join('/');
/** Stands for the build folder's URL in the output until the folder's name (a hash of the inputs) is known. */
const PLACEHOLDER = '__PROSPECT_CLI_BUILD_DIR__';

/** The build named by current.json when every input is as it was built from, else null. */
export function currentBuild() {
  try {
    const { dir } = JSON.parse(readFileSync(pointer, 'utf8'));
    const { inputs } = JSON.parse(readFileSync(join(cache, dir, 'inputs.json'), 'utf8'));
    // A build lists this recipe among its inputs; one made by an older recipe that did not is not trusted.
    if (!inputs.some(([file]) => file === self)) return null;
    for (const [file, size, mtimeMs] of inputs) {
      const s = statSync(join(root, file));
      if (s.size !== size || s.mtimeMs !== mtimeMs) return null;
    }
    return join(cache, dir, 'cli.js');
  } catch {
    return null;
  }
}

/** Every `*.worker.ts` under src-main, keyed by its path without extension (its place in the build folder). */
function workerEntries(dir = join(root, 'src-main')) {
  const out = {};
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) Object.assign(out, workerEntries(p));
    else if (e.name.endsWith('.worker.ts')) out[relative(root, p).split(sep).join('/').replace(/\.ts$/, '')] = p;
  }
  return out;
}

/**
 * Builds in memory, writes into a folder named by the inputs' sizes and times, then points current.json at it
 * (each step a rename, so a process starting meanwhile sees the old build or the new one whole). Old builds stay: a
 * long run may still load lazy chunks from the one it started with.
 */
export async function build() {
  const esbuild = await import('esbuild');
  const r = await esbuild.build({
    entryPoints: { cli: entry, ...workerEntries() }, outdir: join(cache, 'out'), write: false, absWorkingDir: root,
    bundle: true, splitting: true, format: 'esm', platform: 'node', packages: 'external', chunkNames: 'chunks/[name]-[hash]',
    metafile: true, logLevel: 'silent',
    plugins: [{
      name: 'source-locations',
      setup(b) {
        // Modules find files beside their sources (resources): they keep their own location in the bundle. A worker
        // is found beside the module that starts it in the build folder, where its entry was written.
        b.onLoad({ filter: /\.ts$/ }, (a) => {
          const rel = relative(root, a.path).split(sep).join('/');
          const text = readFileSync(a.path, 'utf8')
            .replace(/\bstartWorker\(\s*import\.meta\.url\b/g, `startWorker(${JSON.stringify(`${PLACEHOLDER}/${rel}`)}`)
            .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(a.path).href))
            .replaceAll('import.meta.dirname', JSON.stringify(dirname(a.path)));
          return { contents: text, loader: 'ts' };
        });
      },
    }],
  });
  const inputs = [...Object.keys(r.metafile.inputs), self].map((f) => {
    const file = relative(root, resolve(root, f)).split(sep).join('/');
    const s = statSync(join(root, file));
    return [file, s.size, s.mtimeMs];
  });
  const dir = createHash('sha256').update(JSON.stringify(inputs)).digest('hex').slice(0, 16);
  const final = join(cache, dir);
  // The URL as it sits inside a JSON string in the output.
  const url = JSON.stringify(pathToFileURL(final).href).slice(1, -1);
  const tmp = join(cache, `tmp-${process.pid}-${Math.random().toString(36).slice(2)}`);
  for (const f of r.outputFiles) {
    const to = join(tmp, relative(join(cache, 'out'), f.path));
    mkdirSync(dirname(to), { recursive: true });
    writeFileSync(to, f.text.replaceAll(PLACEHOLDER, url));
  }
  writeFileSync(join(tmp, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(tmp, 'inputs.json'), JSON.stringify({ inputs }));
  try {
    renameSync(tmp, final);
  } catch {
    rmSync(tmp, { recursive: true, force: true }); // another process built the same inputs first
  }
  const next = `${pointer}.${process.pid}`;
  writeFileSync(next, JSON.stringify({ dir }));
  renameSync(next, pointer);
  return join(final, 'cli.js');
}

function whyNot(e) {
  return e?.code === 'ERR_MODULE_NOT_FOUND' && /esbuild/.test(e.message)
    ? 'no build of the CLI is current with its sources and esbuild (a devDependency) is not installed to make one'
    : `the CLI could not be built: ${e?.errors?.[0]?.text ?? e?.message ?? e}`;
}

/** The URL of the CLI module to import: the current build, a new one, or the TypeScript entry for tsx. */
export async function cliModule() {
  let built = currentBuild();
  let why = 'no build of the CLI is current with its sources';
  if (!built && !process.env.PROSPECT_NO_BUILD) {
    try {
      mkdirSync(cache, { recursive: true });
      built = await build();
    } catch (e) {
      why = whyNot(e);
      built = null;
    }
  }
  if (built) return pathToFileURL(built).href;
  const fail = (how) => {
    process.stderr.write(`error: ${why}; ${how}.\n`);
    process.exit(1);
  };
  if (process.env.PROSPECT_NO_TSX) fail('tsx is not to be used (PROSPECT_NO_TSX): run `npm run prepare` to build it');
  let api;
  try {
    api = await import('tsx/esm/api');
  } catch {
    fail('run `npm ci` (or `npm run prepare` where esbuild is installed) to build it');
  }
  api.register();
  return pathToFileURL(entry).href;
}

// `node bin/cli-build.mjs` (the `prepare` script): the build made or checked now, not on the first run. Without
// esbuild it passes only where a current build is already in place (a shipped one).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let built = currentBuild();
  try {
    if (!built) {
      mkdirSync(cache, { recursive: true });
      built = await build();
    }
    process.stdout.write(`prospect CLI build: ${relative(root, dirname(built))}\n`);
  } catch (e) {
    process.stderr.write(`error: ${whyNot(e)}; install the devDependencies (\`npm ci\`) to build it.\n`);
    process.exitCode = 1;
  }
}
