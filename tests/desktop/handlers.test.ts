// The main-side handler table over the real core and a real job host: complete, validating, and working.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Events, Invokes } from '../../src-preload/contract';
import type { OutcomeOf } from '../../src-main/core/results';
import { dispatch, type AnyHandlerTable } from '../../src-main/common/dispatch';
import type { JobPort, JobReply } from '../../src-main/common/job-protocol';
import { createHandlers } from '../../src-main/node/handlers';
import { createJobRunner, type JobRunner } from '../../src-main/node/job-runner';
import { rootGrants } from '../../src-main/node/path-grants';
import { alphaOfThreshold } from '../../src-main/core/selection/significance';
import { tempDir, repoRoot } from '../helpers/cli';

function forkHost(): JobPort {
  const child = fork(join(repoRoot, 'src-main/node/job-host.ts'), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  return {
    postMessage: (m) => child.send(m),
    onMessage: (cb) => child.on('message', (m) => cb(m as JobReply)),
    onExit: (cb) => child.on('exit', (code) => cb(code)),
    kill: () => void child.kill('SIGKILL'),
  };
}

/** Every channel named in the contract, read from its source so a new channel cannot be forgotten here. */
function contractChannels(): string[] {
  const src = readFileSync(join(repoRoot, 'src-preload/contract.ts'), 'utf8');
  const body = src.slice(src.indexOf('export interface Invokes {'), src.indexOf('}\n', src.indexOf('export interface Invokes {')));
  return [...body.matchAll(/^\s+'([a-zA-Z.]+)':/gm)].map((m) => m[1]);
}

let jobs: JobRunner;
let table: AnyHandlerTable;
const events: { event: keyof Events; payload: unknown }[] = [];
const dir = tempDir('handlers-');

beforeAll(() => {
  jobs = createJobRunner(forkHost);
  table = createHandlers({ jobs, emit: (event, payload) => events.push({ event, payload }), grants: rootGrants([dir]) }) as unknown as AnyHandlerTable;
});
afterAll(() => jobs.dispose());

const call = <K extends keyof Invokes>(ch: K, req: Invokes[K]['req']) => dispatch(table, ch, req) as Promise<Invokes[K]['res'] | { ok: false; error: { code: string } }>;

describe('handler table', () => {
  it('has a handler for every contract channel', () => {
    const channels = contractChannels();
    expect(channels.length).toBeGreaterThan(10);
    expect(Object.keys(table).sort()).toEqual([...channels].sort());
  });

  it('rejects a malformed request on every channel as a BAD_REQUEST value', async () => {
    for (const ch of Object.keys(table)) {
      for (const bad of [null, 42, 'x', [], { unexpected: 1 }]) {
        const r = (await dispatch(table, ch, bad)) as { ok: boolean; error: { code: string; message: string } };
        expect(r, `${ch} with ${JSON.stringify(bad)}`).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
        expect(r.error.message).toContain(ch);
      }
    }
    expect(await dispatch(table, 'data.samples', { project: '/x.prospect', offset: -1, limit: 10 })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await dispatch(table, 'step.run', { project: '/x', step: 'rm -rf', preset: 'quick', jobId: 'j' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('runs the pipeline through the job host, relaying progress events, and reads results back', async () => {
    const demo = (await call('demo.generate', { dir: join(dir, 'data'), seed: 3, small: true })) as Invokes['demo.generate']['res'];
    expect(demo.deposits).toBeGreaterThan(0);
    const path = join(dir, 'area.prospect');
    const created = (await call('project.create', { path, name: 'Area' })) as Invokes['project.create']['res'];
    expect(created.missing.length).toBeGreaterThan(0);
    await call('import.samples', { project: path, file: demo.samplesFile, crs: demo.crs });
    await call('import.deposits', { project: path, file: demo.depositsFile, crs: demo.crs });
    const grid = (await call('step.run', { project: path, step: 'grid', preset: 'quick', jobId: 'grid-1' })) as Invokes['step.run']['res'];
    expect(grid.runIds.length).toBe(1);
    expect(events.some((e) => e.event === 'job.progress' && (e.payload as { jobId: string }).jobId === 'grid-1')).toBe(true);
    expect(events.some((e) => e.event === 'job.done' && (e.payload as { jobId: string; ok: boolean }).ok)).toBe(true);
    const selectRun = (await call('step.run', { project: path, step: 'select', preset: 'quick', jobId: 'select-1' })) as Invokes['step.run']['res'];

    const summary = (await call('project.summary', { path })) as Invokes['project.summary']['res'];
    expect(summary.steps.find((s) => s.step === 'select')?.done).toBe(true);
    const sel = (await call('data.selection', { project: path })) as Invokes['data.selection']['res'];
    expect(sel.filter((r) => r.selected).map((r) => r.element).sort()).toEqual([...demo.pathfinders].sort());
    // The quick preset selects on the shift-and-rotation null (keeps the deposits' clustering), at 2.58's level.
    const outcome = selectRun.last as OutcomeOf<'select'>;
    expect(outcome.summary.criterion).toBe('shift');
    expect(outcome.summary.rows).toHaveLength(sel.length);
    for (const r of outcome.summary.rows!) {
      expect(r.criterion).toBe('shift');
      expect(r.selected, r.element).toBe(r.direction === 'enrichment' && r.pShift! <= alphaOfThreshold(2.58));
      expect(sel.find((x) => x.element === r.element)?.selected).toBe(r.selected);
    }
    const roc = (await call('data.roc', { project: path })) as Invokes['data.roc']['res'];
    expect(roc).toHaveLength(sel.length);
    for (const c of roc) {
      let area = 0;
      for (let i = 1; i < c.points.length; i++) area += (c.points[i][0] - c.points[i - 1][0]) * (c.points[i][1] + c.points[i - 1][1]) / 2;
      // The empirical staircase encloses the Mann-Whitney AUC of the table (continuous grids have no ties).
      expect(area).toBeCloseTo(c.auc, 6);
    }
    const level = (await call('data.gridLevel', { project: path, element: 'Au', maxSize: 64, as: 'z' })) as Invokes['data.gridLevel']['res'];
    expect(level.width).toBeLessThanOrEqual(64);
    expect(level.values).toBeInstanceOf(Float32Array);
    expect(level.max).toBeGreaterThan(level.min);
    const preview = (await call('data.samples', { project: path, offset: 0, limit: 5 })) as Invokes['data.samples']['res'];
    expect(preview.rows).toHaveLength(5);
    expect(preview.total).toBe(demo.samples);
  }, 240_000);

  it('turns core errors into values that name the file', async () => {
    const r = (await call('project.open', { path: join(dir, 'missing.prospect') })) as { ok: false; error: { code: string; message: string } };
    expect(r).toMatchObject({ ok: false, error: { code: 'PROJECT_MISSING' } });
    expect(r.error.message).toContain('missing.prospect');
  });

  it('cancels a running job by its id, and the project keeps no half-written model', async () => {
    const path = join(dir, 'area.prospect');
    const early = (await call('step.run', { project: path, step: 'train', preset: 'quick', jobId: 'train-0' })) as { ok: false; error: { code: string } };
    expect(early).toMatchObject({ ok: false, error: { code: 'NO_DATASET' } });
    await call('step.run', { project: path, step: 'dataset', preset: 'quick', jobId: 'dataset-1', overrides: { dataset: { windowSize: 16, cropSize: 14, nPositive: 40, nNegative: 40, folds: 3 } } });
    const run = call('step.run', { project: path, step: 'train', preset: 'quick', jobId: 'train-1', overrides: { train: { epochs: 500 } } });
    const t0 = Date.now();
    while (!events.some((e) => e.event === 'job.progress' && (e.payload as { jobId: string; step: string }).jobId === 'train-1' && (e.payload as { step: string }).step === 'train')) {
      if (Date.now() - t0 > 120_000) throw new Error('no training progress');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await call('job.cancel', { jobId: 'train-1' })).toEqual({ cancelled: true });
    expect(await run).toMatchObject({ ok: false, error: { code: 'ABORTED' } });
    expect(await call('job.cancel', { jobId: 'nothing' })).toEqual({ cancelled: false });
    const summary = (await call('project.summary', { path })) as Invokes['project.summary']['res'];
    expect(summary.steps.find((s) => s.step === 'train')?.done).toBe(false);
  }, 180_000);
});
