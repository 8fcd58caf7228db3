// The wasm backend's start (training/wasm-threads.ts): once per thread, shared by concurrent and later callers, and
// bounded: a start that does not answer in time is given up for the next backend, and cannot take the engine over
// when it ends later. Each case in a fresh process, since the start is once per process.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli';

const script = path.join(repoRoot, 'tests/training/scripts/wasm-start.ts');
const run = (mode: string) =>
  JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', script, mode], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 }).trim().split('\n').pop()!);

describe('starting the wasm backend', () => {
  it('gives up a start that does not answer in time, goes on to cpu with the reason, and keeps cpu afterwards', () => {
    const r = run('timeout');
    expect(r.name).toBe('cpu');
    expect(r.reasons.join(' ')).toMatch(/tfjs-backend-wasm did not initialise: the threaded wasm backend did not initialise \(no answer within 1 ms\)/);
    expect(r.activeAfter).toBe('cpu');
    expect(r.sum).toBe(3);
  });

  it('starts once for concurrent and later calls, with the first call\'s threads, and becomes active again after cpu', () => {
    const r = run('shared');
    expect(r.names).toEqual(['wasm', 'wasm', 'wasm']);
    expect(r.threads).toEqual([2, 2, 2]);
    expect(r.activeAfter).toBe('wasm');
    expect(r.sum).toBe(3);
  });
});
