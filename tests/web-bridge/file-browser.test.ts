// The browser build's file dialog: the real 'fs.list' shell handler over a real folder tree with links out of it.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createShellHandlers } from '../../src-main/node/shell-handlers';
import { pickedGrants, rootGrants } from '../../src-main/node/path-grants';
import { dispatch, type AnyHandlerTable } from '../../src-main/common/dispatch';
import type { FileListing } from '../../src-preload/contract';

const base = realpathSync(mkdtempSync(join(tmpdir(), 'fs-list-')));
const root = join(base, 'root');
const outside = join(base, 'outside');
for (const d of [root, outside, join(root, 'survey', 'raw'), join(root, 'maps'), join(root, '.cache')]) mkdirSync(d, { recursive: true });
for (const f of ['survey/stream.csv', 'survey/Assays.XLSX', 'survey/notes.docx', 'survey/deposits.geojson', 'survey/.hidden.csv',
  'area.prospect', 'area.gpkg', 'maps/dem.tif', 'maps/base.mbtiles', 'maps/readme.md', 'b10.csv', 'b2.csv']) {
  writeFileSync(join(root, f), 'x');
}
writeFileSync(join(outside, 'secret.csv'), 'x');
symlinkSync(outside, join(root, 'escape'));
symlinkSync(join(outside, 'secret.csv'), join(root, 'secret-link.csv'));
symlinkSync(join(root, 'survey'), join(root, 'survey-link'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const table = createShellHandlers({ platform: 'web-bridge', version: '0', workDir: join(root, 'survey'), recentFile: join(base, 'recent.json'), browseRoot: root, grants: rootGrants([root]) }) as unknown as AnyHandlerTable;
async function list(req: unknown): Promise<FileListing> {
  const r = (await dispatch(table, 'fs.list', req)) as FileListing & { ok?: false; error?: unknown };
  if (r.ok === false) throw new Error(JSON.stringify(r.error));
  return r;
}
const names = (l: FileListing) => l.entries.map((e) => `${e.kind === 'dir' ? 'd' : 'f'}:${e.name}`);

describe("'fs.list' (the browser build's file dialog)", () => {
  it('starts in the work folder and lists folders first, then the files a kind accepts; hidden ones hidden', async () => {
    const l = await list({ kinds: ['samples'] });
    expect(l.root).toBe(root);
    expect(l.dir).toBe(join(root, 'survey'));
    expect(l.parent).toBe(root);
    expect(names(l)).toEqual(['d:raw', 'f:Assays.XLSX', 'f:stream.csv']);
    const csv = l.entries.find((e) => e.name === 'stream.csv')!;
    expect(csv).toMatchObject({ path: join(root, 'survey', 'stream.csv'), size: 1 });
    expect(Number.isNaN(Date.parse(csv.mtime!))).toBe(false);
    expect(names(await list({ dir: join(root, 'survey'), kinds: ['deposits'] }))).toEqual(['d:raw', 'f:Assays.XLSX', 'f:deposits.geojson', 'f:stream.csv']);
  });
  it('filters by kind at the root, with numeric name order; links inside the root are followed', async () => {
    expect(names(await list({ dir: root, kinds: ['project'] }))).toEqual(['d:maps', 'd:survey', 'd:survey-link', 'f:area.gpkg', 'f:area.prospect']);
    expect(names(await list({ dir: root, kinds: ['folder'] }))).toEqual(['d:maps', 'd:survey', 'd:survey-link']);
    expect(names(await list({ dir: root, kinds: ['samples'] }))).toEqual(['d:maps', 'd:survey', 'd:survey-link', 'f:area.gpkg', 'f:b2.csv', 'f:b10.csv']);
    expect(names(await list({ dir: join(root, 'maps'), kinds: ['basemap'] }))).toEqual(['f:base.mbtiles', 'f:dem.tif']);
    const viaLink = await list({ dir: join(root, 'survey-link'), kinds: ['samples'] });
    expect(viaLink.dir).toBe(join(root, 'survey'));
  });
  it('has no parent at the root and refuses ../ and links that lead out of it', async () => {
    expect((await list({ dir: root })).parent).toBeNull();
    for (const dir of [join(root, '..'), join(root, 'survey', '..', '..', 'outside'), join(root, 'escape'), outside, '/', '../outside']) {
      const r = await dispatch(table, 'fs.list', { dir });
      expect(r, dir).toMatchObject({ ok: false, error: { code: 'OUTSIDE_ROOT' } });
      expect((r as { error: { message: string } }).error.message).toContain(root);
    }
    // The links out of the root are not even listed.
    expect(names(await list({ dir: root }))).not.toContain('d:escape');
    expect(names(await list({ dir: root }))).not.toContain('f:secret-link.csv');
  });
  it('answers bad requests and missing folders with clear errors; Electron (no root) has no browser', async () => {
    expect(await dispatch(table, 'fs.list', { dir: join(root, 'nope') })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringContaining('nope') } });
    expect(await dispatch(table, 'fs.list', { dir: join(root, 'area.prospect') })).toMatchObject({ ok: false, error: { code: 'NOT_A_FOLDER' } });
    for (const req of [null, { dir: 3 }, { dir: '' }, { kinds: ['exe'] }, { kinds: 'samples' }]) {
      expect(await dispatch(table, 'fs.list', req)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    const electron = createShellHandlers({ platform: 'electron', version: '0', workDir: root, recentFile: join(base, 'r.json'), grants: pickedGrants({}) }) as unknown as AnyHandlerTable;
    expect(await dispatch(electron, 'fs.list', {})).toMatchObject({ ok: false, error: { code: 'NO_BROWSER' } });
  });
  it('falls back to the root when the work folder lies outside it', async () => {
    const t = createShellHandlers({ platform: 'web-bridge', version: '0', workDir: outside, recentFile: join(base, 'r2.json'), browseRoot: root, grants: rootGrants([root]) }) as unknown as AnyHandlerTable;
    expect(await dispatch(t, 'fs.list', {})).toMatchObject({ dir: root, parent: null });
  });
});
