// Per-user private folders and files written aside: nothing another local user plants in the shared temporary folder
// is run, used as a work folder, or written through.
import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { privateDir, userTempDir } from '../../src-main/core/util/private-dir';
import { writeWhole } from '../../src-main/core/util/write-whole';
import { startWorker } from '../../src-main/core/util/workers';
import { addRecent, readRecent } from '../../src-main/node/recent';

const base = mkdtempSync(join(tmpdir(), 'private-dir-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const isRoot = process.getuid?.() === 0;

describe('privateDir', () => {
  it('makes a folder of mode 0700 owned by this user, and takes it again', () => {
    const d = privateDir(join(base, 'mine'));
    expect(statSync(d).mode & 0o777).toBe(0o700);
    expect(statSync(d).uid).toBe(process.getuid!());
    expect(privateDir(d)).toBe(d);
    const t = userTempDir();
    expect(t).toBe(join(tmpdir(), `prospect-${process.getuid!()}`));
    expect(statSync(t).mode & 0o077).toBe(0);
  });
  it('refuses a link, a folder open to others and (as root) a folder of another user, with a clear error', () => {
    const target = join(base, 'target');
    mkdirSync(target, { mode: 0o700 });
    symlinkSync(target, join(base, 'link'));
    expect(() => privateDir(join(base, 'link'))).toThrow(/symbolic link/);
    mkdirSync(join(base, 'open'));
    chmodSync(join(base, 'open'), 0o777);
    expect(() => privateDir(join(base, 'open'))).toThrow(/mode 777; it must be 700/);
    writeFileSync(join(base, 'afile'), 'x');
    expect(() => privateDir(join(base, 'afile'))).toThrow(/not a folder/);
    if (isRoot) {
      mkdirSync(join(base, 'theirs'), { mode: 0o700 });
      chownSync(join(base, 'theirs'), 65534, 65534);
      expect(() => privateDir(join(base, 'theirs'))).toThrow(/belongs to user id 65534/);
    }
    try {
      privateDir(join(base, 'link'));
    } catch (e) {
      expect(e).toMatchObject({ code: 'UNSAFE_FOLDER', details: { file: join(base, 'link') } });
    }
  });
});

describe('files written aside', () => {
  it('writeWhole never writes through a link planted at a guessable name, and replaces a link at the target itself', () => {
    const victim = join(base, 'victim.txt');
    writeFileSync(victim, 'precious');
    const file = join(base, 'out.json');
    symlinkSync(victim, `${file}.tmp`);
    symlinkSync(victim, file);
    writeWhole(file, 'new', { mode: 0o600 });
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(lstatSync(file).isSymbolicLink()).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
  it('the recent-projects list is not written through a planted recent-projects.json.tmp link', () => {
    const dir = join(base, 'work');
    mkdirSync(dir);
    const victim = join(base, 'victim2.txt');
    writeFileSync(victim, 'precious');
    const recent = join(dir, 'recent-projects.json');
    symlinkSync(victim, `${recent}.tmp`);
    addRecent(recent, { path: '/a.prospect', name: 'A' });
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(readRecent(recent).map((r) => r.path)).toEqual(['/a.prospect']);
  });
});

describe('worker bundle cache', () => {
  it('does not run a bundle planted in the shared temporary folder, nor one a manifest names outside its own cache', async () => {
    const marker = join(base, 'planted-ran');
    const planted = join(tmpdir(), `prospect-worker-planted-${process.pid}.mjs`);
    writeFileSync(planted, `import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(marker)}, 'ran');\n`);
    const poolModule = resolve(import.meta.dirname, '../../src-main/core/grid/tiff-pool.ts');
    const tsFile = resolve(import.meta.dirname, '../../src-main/core/grid/tiff-encode.worker.ts');
    const hash = createHash('sha256').update(tsFile).digest('hex').slice(0, 16);
    // Where the cache lived before (any user may write there), and a manifest in our own cache naming a file outside it.
    const shared = join(tmpdir(), `prospect-worker-${hash}.json`);
    writeFileSync(shared, JSON.stringify({ file: planted, inputs: [] }));
    const own = join(userTempDir(), 'workers');
    mkdirSync(own, { recursive: true, mode: 0o700 });
    writeFileSync(join(own, `worker-${hash}.json`), JSON.stringify({ file: planted, inputs: [] }));
    try {
      const w = startWorker(pathToFileURL(poolModule).href, 'tiff-encode.worker', { bundle: true });
      await new Promise<void>((ok) => {
        w.once('online', () => ok());
        w.once('error', () => ok());
      });
      await new Promise((r) => setTimeout(r, 300));
      await w.terminate();
      expect(existsSync(marker)).toBe(false);
    } finally {
      rmSync(shared, { force: true });
      rmSync(planted, { force: true });
    }
  }, 60_000);
});
