// The wasm backend's start (training/wasm-threads.ts): once per thread, shared by concurrent and later callers, and
// bounded: a threaded start that does not answer in time is given up for the single-threaded one, that one for the
// next backend, and neither can take the engine over when it ends later; the pthread workers' scripts are never read
// half-written. Each case in a fresh process, since the start is once per process.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli';

const script = path.join(repoRoot, 'tests/training/scripts/wasm-start.ts');
const run = (mode: string) =>
  JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', script, mode], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 }).trim().split('\n').pop()!);

describe('starting the wasm backend', () => {
  it('gives up starts that do not answer in time, threaded then single, goes on to cpu with the reasons, and keeps cpu afterwards', () => {
    const r = run('timeout');
    expect(r.name).toBe('cpu');
    expect(r.reasons.join(' ')).toMatch(
      /tfjs-backend-wasm did not initialise: the threaded wasm backend did not initialise \(no answer within 1 ms\); nor did the single-threaded one \(no answer within 1 ms\)/,
    );
    expect(r.activeAfter).toBe('cpu');
    expect(r.sum).toBe(3);
  });

  it('falls back to one thread when the pthread workers never report in, ends them, and the abandoned start does not take over later', () => {
    // run() fails should the child not exit on its own (a live worker of the abandoned start would keep it).
    const r = run('silent-workers');
    expect(r.name).toBe('wasm');
    expect(r.threads).toBe(1);
    expect(r.reasons.join(' ')).toMatch(/one XNNPACK thread: the threaded wasm backend did not initialise \(no answer within 3 s\)/);
    expect(r.activeAfter).toBe('wasm');
    expect(r.sum).toBe(3);
  });

  it('starts its threads when every write of a script is slow (no worker reads a script while it is written again)', () => {
    const r = run('slow-writes');
    expect(r).toMatchObject({ name: 'wasm', threads: 2, activeAfter: 'wasm', sum: 3 });
    // The factory and one worker script, each written once.
    expect(r.writes).toBe(2);
    expect(r.reasons).toEqual(["'wasm' was asked for, so faster backends were not tried"]);
  });

  it('starts once for concurrent and later calls, with the first call\'s threads, and becomes active again after cpu', () => {
    const r = run('shared');
    expect(r.names).toEqual(['wasm', 'wasm', 'wasm']);
    expect(r.threads).toEqual([2, 2, 2]);
    expect(r.activeAfter).toBe('wasm');
    expect(r.sum).toBe(3);
  });
});
