// The project file is never lost or silently changed: a new project appears only when its first import succeeded, one
// writer at a time (the second told who holds it), and files from a newer version, damaged, or read-only are refused
// with words, nothing written.
import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { importCommand } from '../../src-main/cli/commands/import';
import { parseArgs } from '../../src-main/cli/args';
import { Output } from '../../src-main/cli/output';
import { generateDemo } from '../../src-main/core/demo/generate';
import { Project } from '../../src-main/core/store/project';
import { configureProjectLocks, lockPathFor } from '../../src-main/core/store/project-lock';
import { countSamples } from '../../src-main/core/store/samples-repo';
import type { ProspectError } from '../../src-main/core/types';
import { prospect, prospectAsync, sha256, tempDir } from '../helpers/cli';

let root: string;
let demo: ReturnType<typeof generateDemo>;
/** A large sample table whose very last row is bad: its import fails only after reading everything. */
let slowBad: string;

beforeAll(() => {
  root = tempDir('project-safety-');
  demo = generateDemo(path.join(root, 'data'), { samples: 300, sizeKm: 8, deposits: 4, seed: 5 });
  slowBad = path.join(root, 'slow-bad.csv');
  const lines = ['SAMPLE_ID,X,Y,Cu_ppm,Pb_ppm'];
  // Deterministic, spread over the demo's area (its origin from the recipe's CRS: any projected metres work).
  for (let i = 0; i < 400_000; i++) lines.push(`S${i},${500000 + (i % 997) * 7.3},${4000000 + Math.floor(i / 997) * 11.1},${10 + (i % 89)},${20 + (i % 61)}`);
  lines.push('BAD,500000,4000000,not-a-number,20');
  writeFileSync(slowBad, lines.join('\n') + '\n');
});

function importArgs(project: string, file: string): string[] {
  return ['--project', project, '--samples', file, '--x', 'X', '--y', 'Y', '--crs', 'EPSG:32645'];
}

/** `prospect import` called as the CLI calls it, in this process (two at once share one event loop). */
function importInProcess(project: string, file: string): Promise<unknown> {
  return importCommand(parseArgs(importArgs(project, file)), new Output(true, true), new AbortController().signal);
}

async function until(cond: () => boolean, what: string, ms = 60_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function newProject(name: string): string {
  const file = path.join(tempDir('project-safety-p-'), name);
  const r = prospect(['import', ...importArgs(file, demo.samplesFile)]);
  expect(r.code, r.stderr).toBe(0);
  return file;
}

describe('a new project', () => {
  it('a slow import that fails late does not delete the project a quick import made meanwhile', async () => {
    const dir = tempDir('project-race-');
    const project = path.join(dir, 'area.prospect');
    const slow = importInProcess(project, slowBad).then(() => 'ok', (e: ProspectError) => e);
    // The quick one starts once the slow one has made its file (the project, or its staged copy).
    await until(() => readdirSync(dir).length > 0, 'the slow import to create its file');
    const quick = await importInProcess(project, demo.samplesFile);
    expect((quick as { project: string }).project).toBe(project);
    const failed = await slow;
    expect((failed as ProspectError).code).toBe('NOT_NUMERIC');
    expect(existsSync(project)).toBe(true);
    const p = Project.open(project, { readonly: true });
    try {
      expect(countSamples(p).kept).toBe(300);
    } finally {
      p.close();
    }
    // No temporary file and no lock left behind.
    expect(readdirSync(dir)).toEqual(['area.prospect']);
  }, 180_000);

  it('two imports into one new project at once: one is kept, the other says so and changes nothing of it', async () => {
    const dir = tempDir('project-race2-');
    const project = path.join(dir, 'area.prospect');
    const results = await Promise.all([0, 1].map(() => importInProcess(project, demo.samplesFile).then(() => null, (e: ProspectError) => e)));
    const errors = results.filter((e) => e !== null);
    expect(errors.map((e) => e!.code)).toEqual(['PROJECT_EXISTS']);
    expect(errors[0]!.message).toMatch(/created by another process while this one ran; that project was kept/);
    const p = Project.open(project, { readonly: true });
    try {
      expect(countSamples(p).kept).toBe(300);
      expect(p.db.prepare('SELECT count(*) AS n FROM imports').get()).toEqual({ n: 1 });
    } finally {
      p.close();
    }
    expect(readdirSync(dir)).toEqual(['area.prospect']);
  }, 120_000);
});

describe('one writer at a time', () => {
  it('a CLI writer and another writer refuse each other at once, naming command, pid and time; readers still read', async () => {
    const project = newProject('locked.prospect');
    const lock = lockPathFor(project);
    // A real CLI process writing the project (a long import into it, which fails at its last row, changing nothing).
    const cli = prospectAsync(['import', ...importArgs(project, slowBad)]);
    await until(() => existsSync(lock), 'the CLI to take the lock');
    const before = sha256(project);
    let err: ProspectError | undefined;
    try {
      Project.open(project).close();
    } catch (e) {
      err = e as ProspectError;
    }
    expect(err?.code).toBe('PROJECT_LOCKED');
    expect(err?.message).toMatch(new RegExp(`open in prospect import \\(pid ${cli.child.pid}\\) since \\d\\d:\\d\\d`));
    // A viewer takes no lock.
    const view = Project.open(project, { readonly: true });
    expect(countSamples(view).kept).toBe(300);
    view.close();
    const r = await cli.done;
    expect(r.code).not.toBe(0);
    expect(existsSync(lock)).toBe(false);
    expect(sha256(project)).toBe(before);

    // And the other way round: this process (named as the app names itself) holds it, the CLI is refused.
    configureProjectLocks({ command: 'the Prospect Workstation app' });
    const p = Project.open(project);
    try {
      const s = prospect(['select', '--project', project, '--json']);
      expect(s.code).not.toBe(0);
      const e = (s.json as { error: { code: string; message: string } }).error;
      expect(e.code).toBe('PROJECT_LOCKED');
      expect(e.message).toMatch(new RegExp(`open in the Prospect Workstation app \\(pid ${process.pid}\\) since \\d\\d:\\d\\d`));
      expect(e.message).not.toMatch(/database is locked/);
    } finally {
      p.close();
    }
    expect(existsSync(lock)).toBe(false);
  }, 180_000);

  it('a lock left by a process that is gone is taken over with a note', () => {
    const project = newProject('stale.prospect');
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const pid = Number(gone.stdout);
    writeFileSync(lockPathFor(project), JSON.stringify({ pid, command: 'prospect train', started: new Date().toISOString(), host: hostname(), token: 'x' }));
    const p = Project.open(project);
    try {
      expect(p.notes.join('\n')).toMatch(new RegExp(`took over the lock of prospect train \\(pid ${pid}, since \\d\\d:\\d\\d\\), which is no longer running`));
      expect(JSON.parse(readFileSync(lockPathFor(project), 'utf8')).pid).toBe(process.pid);
    } finally {
      p.close();
    }
    expect(existsSync(lockPathFor(project))).toBe(false);
  }, 60_000);
});

describe('files that must not be written', () => {
  it('a project from a newer schema version is refused naming both versions, nothing written', () => {
    const project = newProject('newer.prospect');
    const db = new Database(project);
    db.prepare("UPDATE meta SET value = '99' WHERE key = 'schema_version'").run();
    db.close();
    const before = sha256(project);
    expect(() => Project.open(project)).toThrow(/newer version of Prospect Workstation \(project schema 99; this version reads up to schema \d+\).*nothing was written/);
    expect(() => Project.open(project, { readonly: true })).toThrow(/project schema 99/);
    const r = prospect(['select', '--project', project, '--json']);
    expect((r.json as { error: { code: string } }).error.code).toBe('PROJECT_TOO_NEW');
    expect(sha256(project)).toBe(before);
  }, 60_000);

  it('a damaged page is reported by prospect info, non-zero exit, nothing written', () => {
    const project = newProject('damaged.prospect');
    // A page of the sample values (a table info does not read): its b-tree header and cell pointers overwritten.
    const db = new Database(project, { readonly: true });
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const root = (db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'sample_values'").get() as { rootpage: number }).rootpage;
    db.close();
    const fd = openSync(project, 'r+');
    const offset = (root - 1) * pageSize;
    const head = Buffer.alloc(1);
    readSync(fd, head, 0, 1, offset);
    expect([0x02, 0x0a]).toContain(head[0]); // an index b-tree page (a WITHOUT ROWID table), interior or leaf
    writeSync(fd, Buffer.alloc(24, 0xa5), 0, 24, offset);
    closeSync(fd);
    const before = sha256(project);
    const r = prospect(['info', '--project', project, '--json']);
    expect(r.code).not.toBe(0);
    const e = (r.json as { error: { code: string; message: string } }).error;
    expect(e.code).toBe('PROJECT_DAMAGED');
    expect(e.message).toMatch(/is damaged .*Nothing was written to it/);
    expect(() => Project.open(project)).toThrow(/is damaged/);
    expect(sha256(project)).toBe(before);
  }, 60_000);

  it('a read-only project says so in words (mode 0444), is still read by viewers, and nothing is written', () => {
    const project = newProject('readonly.prospect');
    chmodSync(project, 0o444);
    const before = sha256(project);
    expect(() => Project.open(project)).toThrow(/readonly\.prospect is read-only \(mode 0444\): nothing can be saved into it/);
    const r = prospect(['select', '--project', project, '--json']);
    expect(r.code).not.toBe(0);
    expect((r.json as { error: { code: string; message: string } }).error.message).toMatch(/is read-only \(mode 0444\)/);
    const info = prospect(['info', '--project', project, '--json']);
    expect(info.code, info.stderr).toBe(0);
    expect(sha256(project)).toBe(before);
    expect(statSync(project).mode & 0o777).toBe(0o444);
    expect(existsSync(lockPathFor(project))).toBe(false);
  }, 60_000);
});
