import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createShellHandlers } from '../../src-main/node/shell-handlers';
import { rootGrants } from '../../src-main/node/path-grants';
import { addRecent, readRecent } from '../../src-main/node/recent';
import { dispatch, type AnyHandlerTable } from '../../src-main/common/dispatch';
import { parseInvoke } from '../../src-main/web-bridge/protocol';
import { createJobRunner } from '../../src-main/node/job-runner';
import { fork } from 'node:child_process';
import type { JobPort, JobReply } from '../../src-main/common/job-protocol';

const dir = mkdtempSync(join(tmpdir(), 'shell-'));

describe('shell channels', () => {
  const table = createShellHandlers({ platform: 'web-bridge', version: '0', workDir: dir, recentFile: join(dir, 'recent.json'), grants: rootGrants([dir]) }) as unknown as AnyHandlerTable;
  it('answers app.info and keeps recent projects, newest first, without duplicates', async () => {
    const [a, b] = [join(dir, 'a.prospect'), join(dir, 'b.prospect')];
    await dispatch(table, 'recent.add', { path: a, name: 'A' });
    await dispatch(table, 'recent.add', { path: b, name: 'B' });
    await dispatch(table, 'recent.add', { path: a, name: 'A' });
    const info = (await dispatch(table, 'app.info', {})) as { recent: { path: string }[]; nativeDialogs: boolean };
    expect(info.recent.map((r) => r.path)).toEqual([a, b]);
    expect(info.nativeDialogs).toBe(false);
  });
  it('rejects malformed requests and unknown channels as error values', async () => {
    for (const [ch, req] of [['recent.add', { path: 3 }], ['dialog.chooseFile', { kind: 'x' }], ['app.info', null], ['dialog.saveProject', { defaultName: 1 }]] as const) {
      expect(await dispatch(table, ch, req)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    expect(await dispatch(table, 'dialog.openProject', {})).toMatchObject({ ok: false, error: { code: 'NO_DIALOG' } });
    expect(await dispatch(table, '__proto__', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(parseInvoke('{"id":"x","channel":"a"}')).toBeNull();
    expect(parseInvoke('not json')).toBeNull();
  });
  it('ignores a corrupt recent file', () => {
    const f = join(dir, 'bad.json');
    addRecent(f, { path: '/x', name: 'x' });
    expect(readRecent(f)).toHaveLength(1);
    expect(readRecent(join(dir, 'missing.json'))).toEqual([]);
  });
});

describe('job runner', () => {
  function forkHost(): JobPort {
    const child = fork(join(import.meta.dirname, '../../src-main/node/job-host.ts'), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    return {
      postMessage: (m) => child.send(m),
      onMessage: (cb) => child.on('message', (m) => cb(m as JobReply)),
      onExit: (cb) => child.on('exit', (code) => cb(code)),
      kill: () => void child.kill('SIGKILL'),
    };
  }
  it('runs a job in a child process with progress, and reports a crash clearly', async () => {
    let port: JobPort | null = null;
    const runner = createJobRunner(() => (port = forkHost()));
    const seen: string[] = [];
    expect(await runner.run('echo', { a: 1 }, { onProgress: (p) => seen.push(p.step) })).toEqual({ a: 1 });
    expect(seen).toEqual(['echo']);
    await expect(runner.run('nope', {})).rejects.toMatchObject({ code: 'UNKNOWN_JOB' });
    const ctl = new AbortController();
    const cancelled = runner.run('wait', 20_000, { signal: ctl.signal });
    ctl.abort();
    await expect(cancelled).rejects.toMatchObject({ code: 'ABORTED' });
    const pending = runner.run('wait', 20_000);
    port!.kill();
    await expect(pending).rejects.toMatchObject({ code: 'JOB_CRASHED' });
    await expect(pending).rejects.toThrow(/stopped unexpectedly.*run the step again/);
    // A new job starts a fresh process.
    expect(await runner.run('echo', 5)).toBe(5);
    runner.dispose();
  }, 30_000);
});
