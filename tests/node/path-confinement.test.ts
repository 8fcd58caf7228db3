// Every path a request names is confined before its handler runs, as a property of the handler table: each route
// declares its path fields, and the table confines them. Walked over the real tables (the core's and the shell's), so a
// new channel with a path-like field that declares none, or declares one the table does not confine, fails here.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dispatch, type AnyHandlerTable } from '../../src-main/common/dispatch';
import { createHandlers, handlerRoutes } from '../../src-main/node/handlers';
import { createShellHandlers, shellRoutes } from '../../src-main/node/shell-handlers';
import { createJobRunner } from '../../src-main/node/job-runner';
import { forkChildJobHost } from '../../src-main/node/child-job-host';
import { pickedGrants, rootGrants, type PathGrants } from '../../src-main/node/path-grants';
import type { Route } from '../../src-main/node/routes';
import type { AllInvokes } from '../../src-preload/contract';
import { str } from '../../src-main/node/validate';

const base = realpathSync(mkdtempSync(join(tmpdir(), 'confine-')));
const root = join(base, 'root');
const outside = join(base, 'outside');
for (const d of [join(root, 'sub'), outside]) mkdirSync(d, { recursive: true });
writeFileSync(join(outside, 'data.csv'), 'x,y\n1,2\n');
writeFileSync(join(root, 'in.csv'), 'x,y\n1,2\n');
symlinkSync(outside, join(root, 'escape'));
// A link inside the root that points at a name outside it that does not exist yet: writing there would create it.
symlinkSync(join(outside, 'later.prospect'), join(root, 'dangling.prospect'));
const jobs = createJobRunner(forkChildJobHost);
afterAll(() => {
  jobs.dispose();
  rmSync(base, { recursive: true, force: true });
});

/** A field whose name says it holds a file or folder path. */
const PATH_LIKE = /(path|file|dir|folder|project|root)$/i;

type AnyRoute = Route<Record<string, unknown>, unknown>;
const shellCap = { platform: 'web-bridge' as const, version: '0', workDir: root, recentFile: join(base, 'recent.json'), browseRoot: root };
const routes = (): Record<string, AnyRoute> => ({
  ...(handlerRoutes({ jobs, emit: () => {} }) as unknown as Record<string, AnyRoute>),
  ...(shellRoutes(shellCap) as unknown as Record<string, AnyRoute>),
});
const table = (grants: PathGrants): AnyHandlerTable => ({
  ...(createHandlers({ jobs, emit: () => {}, grants }) as unknown as AnyHandlerTable),
  ...(createShellHandlers({ ...shellCap, grants }) as unknown as AnyHandlerTable),
});

/** Path-like fields a route takes without declaring them as paths: what the confinement would miss. */
function undeclaredPaths(all: Record<string, AnyRoute>): string[] {
  return Object.entries(all).flatMap(([ch, r]) => Object.keys(r.fields).filter((f) => PATH_LIKE.test(f) && !Object.hasOwn(r.paths, f)).map((f) => `${ch}.${f}`));
}

/** The non-path fields of a valid request per channel (where it has required ones): enough to pass validation. */
const VALID: { [K in keyof AllInvokes]?: Partial<Record<keyof AllInvokes[K]['req'], unknown>> } = {
  'project.create': { name: 'P' },
  'demo.generate': { small: true },
  'import.samples': { crs: 'EPSG:32750' },
  'import.deposits': {},
  'data.inspectTable': { kind: 'samples' },
  'import.grids': {},
  'step.run': { step: 'export', preset: 'quick', jobId: 'confine' },
  'data.samples': { offset: 0, limit: 1 },
  'data.gridLevel': { element: 'Cu', maxSize: 16, as: 'raw' },
  'data.map': { kind: 'dense', maxSize: 16 },
  'data.geo': { extent: { xmin: 0, ymin: 0, xmax: 1, ymax: 1 }, n: 2 },
  'data.sampleClasses': { element: 'Cu' },
  'data.elementDistribution': { element: 'Cu' },
  'data.basemap': { maxSize: 16 },
  'data.run': { step: 'grid' },
  'recent.add': { name: 'P' },
  'fs.list': {},
};
/** A path inside the root for each kind of use. */
const INSIDE = { project: join(root, 'area.prospect'), read: join(root, 'in.csv'), write: join(root, 'out.prospect'), folder: join(root, 'sub') };
/** Ways out of the root: another folder, '..' through the root, a link in the root that leads out. */
const OUT = [join(outside, 'x.csv'), '/etc/passwd', join(root, '..', 'outside', 'data.csv'), join(root, 'escape', 'data.csv'), join(root, 'sub', '..', '..', 'outside')];

describe('path confinement over the real handler tables', () => {
  it('every path-like request field is declared as a path (a new handler that forgets fails here)', () => {
    const all = routes();
    expect(Object.keys(all).length).toBeGreaterThan(20);
    expect(undeclaredPaths(all)).toEqual([]);
    // The check itself catches a route that takes a file without declaring it.
    const forgetful: AnyRoute = { fields: { file: str }, paths: {}, run: async () => null };
    expect(undeclaredPaths({ ...all, 'data.forgetful': forgetful })).toEqual(['data.forgetful.file']);
  });

  it('refuses, for every declared path field of every channel, a path outside the root: elsewhere, through .., through a link', async () => {
    const all = routes();
    const t = table(rootGrants([root]));
    let checked = 0;
    for (const [channel, r] of Object.entries(all)) {
      const paths = Object.entries(r.paths) as [string, keyof typeof INSIDE][];
      if (paths.length === 0) continue;
      // Channels with only path fields need nothing else; a BAD_REQUEST below means VALID lacks this channel's fields.
      const valid = VALID[channel as keyof AllInvokes] ?? {};
      for (const [field] of paths) {
        for (const out of OUT) {
          const req: Record<string, unknown> = { ...valid };
          for (const [f, use] of paths) req[f] = INSIDE[use];
          req[field] = out;
          const res = await dispatch(t, channel, req);
          expect(res, `${channel}.${field} = ${out} (a BAD_REQUEST: add the channel's other fields to VALID)`).toMatchObject({ ok: false, error: { code: 'OUTSIDE_ROOT', details: { channel, column: field } } });
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(existsSync(join(outside, 'x.csv'))).toBe(false);
  }, 60_000);

  it('refuses a link inside the root that points to a missing file outside it (writing would follow it)', async () => {
    const t = table(rootGrants([root]));
    const r = await dispatch(t, 'project.create', { path: join(root, 'dangling.prospect'), name: 'P' });
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_PATH' } });
    expect(existsSync(join(outside, 'later.prospect'))).toBe(false);
  });

  it('in Electron, allows only what was picked in a dialog, under a picked folder, or remembered for the project', async () => {
    const remember = join(base, 'granted.json');
    const g = pickedGrants({ file: remember });
    const t = table(g);
    const project = join(root, 'picked.prospect');
    const refusedBefore = await dispatch(t, 'project.create', { path: project, name: 'P' });
    expect(refusedBefore).toMatchObject({ ok: false, error: { code: 'OUTSIDE_ROOT', message: expect.stringContaining('Browse') } });
    g.grantFile(project); // the save dialog
    expect(await dispatch(t, 'project.create', { path: project, name: 'P' })).toMatchObject({ path: project });
    // A file the renderer names without a pick is refused; once picked (while the project is open), it is allowed.
    expect(await dispatch(t, 'data.inspectTable', { file: join(root, 'in.csv'), kind: 'samples' })).toMatchObject({ ok: false, error: { code: 'OUTSIDE_ROOT' } });
    g.grantFile(join(root, 'in.csv'));
    g.grantFolder(join(root, 'sub'));
    expect(await dispatch(t, 'fs.list', { dir: join(root, 'sub') })).not.toMatchObject({ ok: false, error: { code: 'OUTSIDE_ROOT' } });
    expect(await dispatch(t, 'demo.generate', { dir: join(root, 'sub', '..', '..', 'outside'), small: true })).toMatchObject({ ok: false, error: { code: 'OUTSIDE_ROOT' } });
    // Next session: the project is on the recent list; what was picked for it is remembered for it, and only for it.
    const next = pickedGrants({ file: remember, isRecent: (p) => p === project });
    const t2 = table(next);
    expect(await dispatch(t2, 'data.basemap', { project, file: join(root, 'in.csv'), maxSize: 16 })).not.toMatchObject({ error: { code: 'OUTSIDE_ROOT' } });
    expect(await dispatch(t2, 'data.inspectTable', { file: join(root, 'in.csv'), kind: 'samples' })).toMatchObject({ ok: false, error: { code: 'OUTSIDE_ROOT' } });
    expect(await dispatch(t2, 'project.open', { path: join(root, 'other.prospect') })).toMatchObject({ ok: false, error: { code: 'OUTSIDE_ROOT' } });
  }, 60_000);
});
