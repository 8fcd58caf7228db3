// Choosing the demo scenario from outside: the CLI's --scenario and the 'demo.generate' channel accept only the
// listed scenarios, name the field when refused, and generate the zoned area through the real job host.
import { fork } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Invokes } from '../../src-preload/contract';
import { dispatch, type AnyHandlerTable } from '../../src-main/common/dispatch';
import type { JobPort, JobReply } from '../../src-main/common/job-protocol';
import { SMALL_DEMO } from '../../src-main/core/demo/scenarios';
import { createHandlers } from '../../src-main/node/handlers';
import { createJobRunner, type JobRunner } from '../../src-main/node/job-runner';
import { rootGrants } from '../../src-main/node/path-grants';
import { prospect, repoRoot, tempDir } from '../helpers/cli';

function forkHost(): JobPort {
  const child = fork(join(repoRoot, 'src-main/node/job-host.ts'), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  return {
    postMessage: (m) => child.send(m),
    onMessage: (cb) => child.on('message', (m) => cb(m as JobReply)),
    onExit: (cb) => child.on('exit', (code) => cb(code)),
    kill: () => void child.kill('SIGKILL'),
  };
}

const dir = tempDir('scenario-');
let jobs: JobRunner;
let table: AnyHandlerTable;

beforeAll(() => {
  jobs = createJobRunner(forkHost);
  table = createHandlers({ jobs, emit: () => {}, grants: rootGrants([dir]) }) as unknown as AnyHandlerTable;
});
afterAll(() => jobs.dispose());

describe('demo scenario requests', () => {
  it('refuses an unknown scenario on the channel, naming the field, and writes nothing', async () => {
    const r = (await dispatch(table, 'demo.generate', { dir: join(dir, 'bad'), scenario: 'spiral', small: true })) as { ok: boolean; error: { code: string; message: string } };
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(r.error.message).toContain('scenario');
    expect(existsSync(join(dir, 'bad'))).toBe(false);
  });

  it('generates the zoned area through the job host, and the isotropic one by default', async () => {
    const z = (await dispatch(table, 'demo.generate', { dir: join(dir, 'zoned'), scenario: 'zoned', small: true, seed: 9 })) as Invokes['demo.generate']['res'];
    // At most the recipe's count: a small square with 3.5 km between deposits may not hold them all.
    expect(z.deposits).toBeGreaterThan(SMALL_DEMO.deposits / 2);
    expect(z.deposits).toBeLessThanOrEqual(SMALL_DEMO.deposits);
    expect(z.pathfinders).toEqual(['Au', 'Cu', 'As', 'Sb', 'Hg', 'Bi']);
    expect(existsSync(join(dir, 'zoned', 'truth.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'zoned', 'recipe.json'), 'utf8')).scenario).toBe('zoned');
    const iso = (await dispatch(table, 'demo.generate', { dir: join(dir, 'iso'), small: true, seed: 9 })) as Invokes['demo.generate']['res'];
    expect(existsSync(join(dir, 'iso', 'truth.json'))).toBe(false);
    expect(iso.pathfinders).toContain('Ag');
  });

  it('refuses an unknown --scenario on the CLI before doing any work', () => {
    const out = join(dir, 'cli');
    const r = prospect(['demo', '--scenario', 'spiral', '--out', out], { timeoutMs: 120_000 });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--scenario must be isotropic, zoned; got 'spiral'/);
    expect(existsSync(join(out, 'demo.prospect'))).toBe(false);
  });
});
