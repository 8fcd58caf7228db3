// The CLI runs from its own esbuild build of the sources (bin/cli-build.mjs): a run after any input file changed
// builds again, an unchanged tree reuses the build, and without a build (PROSPECT_NO_BUILD) it runs through tsx.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli';

const pointer = path.join(repoRoot, 'node_modules/.cache/prospect-cli/current.json');
const touched = path.join(repoRoot, 'src-main/cli/commands/info.ts');

function help(env: NodeJS.ProcessEnv = process.env): string {
  const r = spawnSync(process.execPath, ['bin/prospect.mjs', 'help'], { cwd: repoRoot, encoding: 'utf8', env, timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/^usage: prospect <command>/);
  return (JSON.parse(readFileSync(pointer, 'utf8')) as { dir: string }).dir;
}

function inputs(dir: string): [string, number, number][] {
  return (JSON.parse(readFileSync(path.join(repoRoot, 'node_modules/.cache/prospect-cli', dir, 'inputs.json'), 'utf8')) as { inputs: [string, number, number][] }).inputs;
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

    try {
      utimesSync(touched, atime, new Date(mtime.getTime() + 5000));
      const changed = help();
      expect(changed).not.toBe(first);
      expect(inputs(changed).find(([f]) => f === 'src-main/cli/commands/info.ts')![2]).toBe(statSync(touched).mtimeMs);
    } finally {
      utimesSync(touched, atime, mtime);
    }
    // The sources are as they were: the first build is current again.
    expect(help()).toBe(first);
  });

  it('runs through tsx when asked not to use a build, even with a stale one in place', () => {
    const { atime, mtime } = wholeSecond(touched);
    try {
      utimesSync(touched, atime, new Date(mtime.getTime() + 7000));
      const before = readFileSync(pointer, 'utf8');
      const after = help({ ...process.env, PROSPECT_NO_BUILD: '1' });
      expect(JSON.stringify({ dir: after })).toBe(before);
    } finally {
      utimesSync(touched, atime, mtime);
    }
  });
});
