// The CLI's own build of its TypeScript sources. Through tsx every run compiles each module it loads (~0.2 s of CPU
// before any work, a third of the whole start-up of `prospect grid`); instead the CLI runs from an esbuild build kept
// under node_modules/.cache, made again when any file it was built from changed (size or modification time, from the
// build's own list of inputs). Chunks are split at the CLI's lazy imports, so a command still loads only what it uses.
// Any failure here (no esbuild, a read-only folder, a syntax error) falls back to tsx, which then reports the error.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cache = join(root, 'node_modules/.cache/prospect-cli');
const pointer = join(cache, 'current.json');
const entry = join(root, 'src-main/cli/index.ts');

/** The build named by current.json when every input is as it was built from, else null. */
function current() {
  try {
    const { dir } = JSON.parse(readFileSync(pointer, 'utf8'));
    const { inputs } = JSON.parse(readFileSync(join(cache, dir, 'inputs.json'), 'utf8'));
    for (const [file, size, mtimeMs] of inputs) {
      const s = statSync(join(root, file));
      if (s.size !== size || s.mtimeMs !== mtimeMs) return null;
    }
    return join(cache, dir, 'cli.mjs');
  } catch {
    return null;
  }
}

/**
 * Builds into a folder named by the inputs' sizes and times, then points current.json at it (each step a rename, so a
 * process starting meanwhile sees the old build or the new one whole). Old builds stay: a long run may still load
 * lazy chunks from the one it started with.
 */
async function build() {
  const esbuild = createRequire(fileURLToPath(import.meta.resolve('tsx/esm/api')))('esbuild');
  const tmp = join(cache, `tmp-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const r = await esbuild.build({
    entryPoints: { cli: entry }, outdir: tmp, absWorkingDir: root, bundle: true, splitting: true, format: 'esm', platform: 'node',
    packages: 'external', outExtension: { '.js': '.mjs' }, metafile: true, logLevel: 'silent',
    plugins: [{
      name: 'source-locations',
      setup(b) {
        // Modules find files beside their sources (workers, resources): they keep their own location in the bundle.
        b.onLoad({ filter: /\.ts$/ }, (a) => {
          const text = readFileSync(a.path, 'utf8')
            .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(a.path).href))
            .replaceAll('import.meta.dirname', JSON.stringify(dirname(a.path)));
          return { contents: text, loader: 'ts' };
        });
      },
    }],
  });
  const inputs = Object.keys(r.metafile.inputs).map((f) => {
    const file = relative(root, resolve(root, f));
    const s = statSync(join(root, file));
    return [file, s.size, s.mtimeMs];
  });
  const dir = createHash('sha256').update(JSON.stringify(inputs)).digest('hex').slice(0, 16);
  writeFileSync(join(tmp, 'inputs.json'), JSON.stringify({ inputs }));
  try {
    renameSync(tmp, join(cache, dir));
  } catch {
    rmSync(tmp, { recursive: true, force: true }); // another process built the same inputs first
  }
  const next = `${pointer}.${process.pid}`;
  writeFileSync(next, JSON.stringify({ dir }));
  renameSync(next, pointer);
  return join(cache, dir, 'cli.mjs');
}

/** The URL of the CLI module to import: the cached build, a new one, or the TypeScript entry for tsx. */
export async function cliModule() {
  let built = current();
  if (!built && !process.env.PROSPECT_NO_BUILD) {
    try {
      mkdirSync(cache, { recursive: true });
      built = await build();
    } catch {
      built = null;
    }
  }
  if (built) return pathToFileURL(built).href;
  const { register } = await import('tsx/esm/api');
  register();
  return pathToFileURL(entry).href;
}
