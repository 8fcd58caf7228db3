// The CLI runs from its own esbuild build of the sources (bin/cli-build.mjs): a run after any input file changed
// builds again, an unchanged tree reuses the build, and without a build (PROSPECT_NO_BUILD) it runs through tsx.
// In a private checkout: changing a source's time there leaves the CLI of the tests running beside this one alone.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { privateCheckout } from '../helpers/checkout';

let root: string;
let pointer: string;
let touched: string;

beforeAll(() => {
  root = privateCheckout('prospect-cli-build-');
  pointer = path.join(root, 'node_modules/.cache/prospect-cli/current.json');
  touched = path.join(root, 'src-main/cli/commands/info.ts');
});

function help(env: NodeJS.ProcessEnv = process.env): string {
  const r = spawnSync(process.execPath, ['bin/prospect.mjs', 'help'], { cwd: root, encoding: 'utf8', env, timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/^usage: prospect <command>/);
  return (JSON.parse(readFileSync(pointer, 'utf8')) as { dir: string }).dir;
}

function inputs(dir: string): [string, number, number][] {
  return (JSON.parse(readFileSync(path.join(root, 'node_modules/.cache/prospect-cli', dir, 'inputs.json'), 'utf8')) as { inputs: [string, number, number][] }).inputs;
}

/** The file's modification time on a whole second, so that setting it back later is exact (a Date holds ms only). */
function wholeSecond(file: string): { atime: Date; mtime: Date } {
  const { atime, mtimeMs } = statSync(file);
  const mtime = new Date(Math.floor(mtimeMs / 1000) * 1000);
  utimesSync(file, atime, mtime);
  return { atime, mtime };
}

describe('the CLI build', () => {
  it('lists every source it was built from, builds again when one changes, and reuses a build of the same sources', () => {
    const { atime, mtime } = wholeSecond(touched);
    const first = help();
    const listed = inputs(first).map(([f]) => f);
    expect(listed).toContain('src-main/cli/index.ts');
    expect(listed).toContain('src-main/cli/commands/info.ts');
    // The sources, and the build recipe itself: a change to how the CLI is built builds it again.
    expect(listed).toContain('bin/cli-build.mjs');
    expect(listed.filter((f) => f !== 'bin/cli-build.mjs').every((f) => f.startsWith('src-main/') && f.endsWith('.ts'))).toBe(true);
    expect(help()).toBe(first);

    utimesSync(touched, atime, new Date(mtime.getTime() + 5000));
    const changed = help();
    expect(changed).not.toBe(first);
    expect(inputs(changed).find(([f]) => f === 'src-main/cli/commands/info.ts')![2]).toBe(statSync(touched).mtimeMs);
    utimesSync(touched, atime, mtime);
    // The sources are as they were: the first build is current again.
    expect(help()).toBe(first);
  });

  it('runs through tsx when asked not to use a build, even with a stale one in place', () => {
    const { atime, mtime } = wholeSecond(touched);
    utimesSync(touched, atime, new Date(mtime.getTime() + 7000));
    const before = readFileSync(pointer, 'utf8');
    const after = help({ ...process.env, PROSPECT_NO_BUILD: '1' });
    expect(JSON.stringify({ dir: after })).toBe(before);
    utimesSync(touched, atime, mtime);
  });
});
