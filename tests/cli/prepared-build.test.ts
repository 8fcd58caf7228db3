// The CLI runs from the build `npm run prepare` makes (which `npm ci` runs), workers included, with neither tsx nor
// esbuild available to the run: tsx is a devDependency only. A run whose build is stale and cannot be rebuilt says so
// and runs nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../src-main/core/demo/generate';
import { dataDir, repoRoot, tempDir } from '../helpers/cli';
import { privateCheckout, withoutPackages } from '../helpers/checkout';

const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
let root: string;
let cache: string;

beforeAll(() => {
  root = privateCheckout('prospect-prepared-');
  cache = path.join(root, 'node_modules/.cache/prospect-cli');
});

/** bin/prospect.mjs in the checkout, where tsx and esbuild are gone once the build is prepared. */
function bare(args: string[]) {
  const env = { ...process.env };
  delete env.PROSPECT_NO_BUILD;
  return spawnSync(process.execPath, ['bin/prospect.mjs', ...args], { cwd: root, encoding: 'utf8', timeout: 300_000, env });
}

const pointed = () => (JSON.parse(readFileSync(path.join(cache, 'current.json'), 'utf8')) as { dir: string }).dir;

function workerSources(dir = path.join(repoRoot, 'src-main')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? workerSources(p) : e.name.endsWith('.worker.ts') ? [path.relative(repoRoot, p).split(path.sep).join('/')] : [];
  });
}

describe('the prepared CLI build', () => {
  it('keeps tsx and esbuild out of the runtime dependencies and builds at prepare', () => {
    expect(Object.keys(pkg.dependencies)).not.toContain('tsx');
    expect(Object.keys(pkg.dependencies)).not.toContain('esbuild');
    expect(Object.keys(pkg.devDependencies)).toEqual(expect.arrayContaining(['tsx', 'esbuild']));
    expect(pkg.scripts.prepare).toBe('node bin/cli-build.mjs');
    // The lock agrees: an install without devDependencies leaves both out.
    const lock = JSON.parse(readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; dependencies?: object }> };
    expect(Object.keys(lock.packages[''].dependencies ?? {})).not.toContain('tsx');
    expect(lock.packages['node_modules/tsx'].dev).toBe(true);
    expect(lock.packages['node_modules/esbuild'].dev).toBe(true);
  });

  it('runs help, a grid and a training, each with its worker threads, from the prepared build with tsx and esbuild not installed', () => {
    const prep = spawnSync('npm', ['run', 'prepare'], { cwd: root, encoding: 'utf8', timeout: 300_000 });
    expect(prep.status, prep.stderr).toBe(0);
    withoutPackages(root, ['tsx', 'esbuild', '@esbuild']);
    const dir = pointed();
    const build = path.join(cache, dir);
    const inputs = (JSON.parse(readFileSync(path.join(build, 'inputs.json'), 'utf8')) as { inputs: [string, number, number][] }).inputs.map(([f]) => f);
    const workers = workerSources();
    expect(workers.length).toBeGreaterThanOrEqual(4);
    expect(inputs).toEqual(expect.arrayContaining(['bin/cli-build.mjs', 'src-main/cli/index.ts', ...workers]));
    // Each worker module is built at its source path, where the module that starts it looks for it.
    for (const w of workers) expect(existsSync(path.join(build, w.replace(/\.ts$/, '.js'))), w).toBe(true);
    const code = readdirSync(build, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(path.join(build, f), 'utf8')).join('\n');
    // Every call starts a built worker: its base is inside the build and `name.js` lies beside it.
    const starts = [...code.matchAll(/(?<!function )startWorker\(\s*("[^"]*"|[^,)]*),\s*("[^"]*"|[^,)]*)/g)].map((m) => [m[1], m[2]]);
    expect(starts.length).toBeGreaterThanOrEqual(4);
    for (const [base, name] of starts) {
      expect(base.startsWith(JSON.stringify(pathToFileURL(build).href + '/').slice(0, -1)), base).toBe(true);
      expect(existsSync(fileURLToPath(new URL(`./${JSON.parse(name) as string}.js`, JSON.parse(base) as string))), `${base} ${name}`).toBe(true);
    }

    const help = bare(['help']);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^usage: prospect <command>/);

    // Over a million cells: IDW helpers where the machine has a second core, and the GeoTIFF encoder pool always.
    const out = tempDir('prepared-grid-');
    const r = bare(['grid', '--samples', path.join(dataDir, 'kola-chorizon/kola_chorizon_fullcoords.csv'), '--x', 'XCOO', '--y', 'YCOO',
      '--crs', 'EPSG:32635', '--elements', 'Cu,Pb', '--size', '1100x1000', '--out', out, '--json']);
    expect(r.status, r.stderr.slice(-2000)).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['.prospect-export.json', 'Cu.tif', 'Pb.tif']);

    // Training runs in a worker thread (train.worker) too.
    const demo = generateDemo(path.join(out, 'data'), { samples: 800, sizeKm: 12, deposits: 10, seed: 3 });
    const p = path.join(out, 'area.prospect');
    const xy = ['--x', 'X', '--y', 'Y', '--crs', demo.crs, '--quiet'];
    for (const step of [
      ['import', '--project', p, '--samples', demo.samplesFile, ...xy],
      ['import', '--project', p, '--deposits', demo.depositsFile, ...xy],
      ['run', '--project', p, '--steps', 'grid,select,dataset', '--cell', '100', '--window', '16', '--crop', '14', '--positives', '30',
        '--negatives', '30', '--folds', '3', '--seed', '5', '--quiet'],
      ['train', '--project', p, '--arch', 'smallcnn', '--epochs', '1', '--batch', '16', '--seed', '5', '--quiet'],
    ]) {
      const s = bare(step);
      expect(s.status, `${step[0]}: ${s.stderr.slice(-2000)}`).toBe(0);
    }
    expect(pointed()).toBe(dir); // nothing was built for these runs
  }, 600_000);

  it('refuses to run a stale build when it cannot build, and says why', () => {
    withoutPackages(root, ['tsx', 'esbuild', '@esbuild']);
    const touched = path.join(root, 'src-main/cli/output.ts');
    const { atime, mtimeMs } = statSync(touched);
    const mtime = new Date(Math.floor(mtimeMs / 1000) * 1000);
    utimesSync(touched, atime, mtime);
    try {
      utimesSync(touched, atime, new Date(mtime.getTime() + 9000));
      const r = bare(['help']);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe('error: no build of the CLI is current with its sources and esbuild (a devDependency) is not installed to ' +
        'make one; run `npm ci` (or `npm run prepare` where esbuild is installed) to build it.\n');
      // `npm run prepare` there fails in the same words rather than leave a stale build in place.
      const prep = spawnSync(process.execPath, ['bin/cli-build.mjs'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
      expect(prep.status).toBe(1);
      expect(prep.stderr).toMatch(/^error: no build of the CLI is current .* install the devDependencies \(`npm ci`\) to build it\.\n$/);
    } finally {
      utimesSync(touched, atime, mtime);
    }
  }, 120_000);
});
