// The CLI runs from the build `npm run prepare` makes (which `npm ci` runs), workers included, with neither tsx nor
// esbuild available to the run: tsx is a devDependency only. A run whose build is stale and cannot be rebuilt says so
// and runs nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDir, repoRoot, tempDir } from '../helpers/cli';

const cache = path.join(repoRoot, 'node_modules/.cache/prospect-cli');
const hook = path.join(repoRoot, 'tests/cli/no-tsx-hook.mjs');
const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;

/** bin/prospect.mjs with the tsx fallback forbidden and tsx / esbuild unresolvable, in every thread it starts from a file. */
function bare(args: string[]) {
  return spawnSync(process.execPath, ['--import', hook, 'bin/prospect.mjs', ...args], {
    cwd: repoRoot, encoding: 'utf8', timeout: 300_000, env: { ...process.env, PROSPECT_NO_TSX: '1', PROSPECT_NO_BUILD: '' },
  });
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
  });

  it('runs help and a grid with worker threads from the prepared build alone', () => {
    const prep = spawnSync('npm', ['run', 'prepare'], { cwd: repoRoot, encoding: 'utf8', timeout: 300_000 });
    expect(prep.status, prep.stderr).toBe(0);
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
    const starts = [...code.matchAll(/(?<!function )startWorker\(\s*("[^"]*"|[^,)]*)/g)].map((m) => m[1]);
    expect(starts.length).toBeGreaterThanOrEqual(4);
    for (const s of starts) expect(s.startsWith(JSON.stringify(new URL(`file://${build}/`).href).slice(0, -1)), s).toBe(true);

    const help = bare(['help']);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^usage: prospect <command>/);

    // Over a million cells: IDW helpers where the machine has a second core, and the GeoTIFF encoder pool always.
    const out = tempDir('prepared-grid-');
    const r = bare(['grid', '--samples', path.join(dataDir, 'kola-chorizon/kola_chorizon_fullcoords.csv'), '--x', 'XCOO', '--y', 'YCOO',
      '--crs', 'EPSG:32635', '--elements', 'Cu,Pb', '--size', '1100x1000', '--out', out, '--json']);
    expect(r.status, r.stderr.slice(-2000)).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['Cu.tif', 'Pb.tif']);
    expect(pointed()).toBe(dir); // nothing was built for these runs
  }, 600_000);

  it('refuses to run a stale build when it cannot build, and says why', () => {
    const touched = path.join(repoRoot, 'src-main/cli/output.ts');
    const { atime, mtimeMs } = statSync(touched);
    const mtime = new Date(Math.floor(mtimeMs / 1000) * 1000);
    utimesSync(touched, atime, mtime);
    try {
      utimesSync(touched, atime, new Date(mtime.getTime() + 9000));
      const r = bare(['help']);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/error: (no build of the CLI is current with its sources|the CLI could not be built).*npm run prepare/);
    } finally {
      utimesSync(touched, atime, mtime);
    }
  }, 120_000);
});
