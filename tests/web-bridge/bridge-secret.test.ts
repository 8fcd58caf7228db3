// The web bridge as a local process would meet it: the real host over HTTP and a real WebSocket on the loopback
// address. Nothing is served and no channel answers without the per-start secret; with it, the requests' paths stay
// under the roots, and a raw '__proto__' override is refused without polluting anything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { startWorkstationBridge, type WorkstationBridge } from '../../src-main/web-bridge/serve';

const base = realpathSync(mkdtempSync(join(tmpdir(), 'bridge-secret-')));
const root = join(base, 'root');
const work = join(base, 'work');
const outside = join(base, 'outside');
const renderer = join(base, 'renderer');
let bridge: WorkstationBridge;
let secret: string;
let origin: string;

beforeAll(async () => {
  for (const d of [root, outside, join(renderer, 'assets')]) mkdirSync(d, { recursive: true });
  // A built renderer is a folder of static files: the smallest one is enough for the host.
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1);');
  const rows = ['sample,X,Y,Cu_ppm'];
  for (let i = 0; i < 30; i++) rows.push(`S${i},${500000 + (i % 6) * 500},${6200000 + Math.floor(i / 6) * 500},${10 + (i * 7) % 23}`);
  writeFileSync(join(root, 'survey.csv'), rows.join('\n') + '\n');
  writeFileSync(join(outside, 'secret.csv'), 'name,password\nroot,hunter2\n');
  symlinkSync(outside, join(root, 'escape'));
  bridge = await startWorkstationBridge({ workDir: work, root, rendererDir: renderer });
  const u = new URL(bridge.url);
  origin = u.origin;
  secret = u.pathname.split('/')[1]!;
}, 60_000);
afterAll(async () => {
  await bridge?.close();
  rmSync(base, { recursive: true, force: true });
});

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(path, origin);
    const req = request({ host: u.hostname, port: u.port, path: u.pathname + u.search, headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens the bridge's socket at `path` with the given headers: resolves the socket, or the refusal's status. */
function connect(path: string, headers: Record<string, string> = { origin }): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://${new URL(origin).host}${path}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(-1));
  });
}

let nextId = 1;
/** Sends one raw text message (not an object: JSON text keeps a '__proto__' key) and waits for its answer. */
function invokeRaw(ws: WebSocket, channel: string, reqJson: string): Promise<{ ok?: false; error?: { code: string; message: string; details?: Record<string, unknown> } } & Record<string, unknown>> {
  const id = nextId++;
  return new Promise((resolve) => {
    const onMessage = (data: Buffer) => {
      const m = JSON.parse(data.toString()) as { id?: number; result?: unknown };
      if (m.id !== id) return;
      ws.off('message', onMessage);
      resolve(m.result as never);
    };
    ws.on('message', onMessage);
    ws.send(`{"id":${id},"channel":${JSON.stringify(channel)},"req":${reqJson}}`);
  });
}
const invoke = (ws: WebSocket, channel: string, req: unknown) => invokeRaw(ws, channel, JSON.stringify(req));

describe('the web bridge secret', () => {
  it('is random per start, long and URL-safe, and only in the printed URL and a 0600 file in the work folder', () => {
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const file = join(work, 'bridge-url');
    expect(readFileSync(file, 'utf8').trim()).toBe(bridge.url);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
  it('serves nothing without it: the page, its assets, the shim', async () => {
    for (const path of ['/', '/index.html', '/assets/app.js', '/__bridge.js', `/${'A'.repeat(43)}/`, `/${secret.slice(0, -1)}/`, `/x${secret}/index.html`]) {
      const r = await get(path);
      expect(r.status, path).toBe(404);
      expect(r.body, path).not.toContain(secret);
    }
  });
  it('serves the page, its assets and the shim under it, and still refuses a foreign Host', async () => {
    const page = await get(`/${secret}/`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<script src="__bridge.js"></script>');
    expect((await get(`/${secret}/assets/app.js`)).status).toBe(200);
    expect((await get(`/${secret}/__bridge.js`)).body).toContain('new WebSocket(here.href)');
    expect((await get(`/${secret}`)).status).toBe(308);
    expect((await get(`/${secret}/`, { host: 'evil.example:80' })).status).toBe(403);
  });
  it('refuses the WebSocket upgrade without the secret, with a wrong one, with a foreign Origin or Host', async () => {
    const host = new URL(origin).host;
    expect(await connect('/__bridge')).toBe(401);
    expect(await connect(`/${'A'.repeat(43)}/__bridge`)).toBe(401);
    expect(await connect(`/${secret}/__bridge`, { origin: 'http://evil.example' })).toBe(401);
    expect(await connect(`/${secret}/__bridge`, { origin, host: 'evil.example' })).toBe(401);
    expect(await connect(`/${secret}/elsewhere`, { origin, host })).toBe(401);
    const ws = await connect(`/${secret}/__bridge`);
    expect(ws).toBeInstanceOf(WebSocket);
    const info = await invoke(ws as WebSocket, 'app.info', {});
    expect(info).toMatchObject({ platform: 'web-bridge', workDir: work });
    (ws as WebSocket).close();
  });
});

describe('paths and requests through the bridge, with the secret', () => {
  let ws: WebSocket;
  beforeAll(async () => {
    ws = (await connect(`/${secret}/__bridge`)) as WebSocket;
  });
  afterAll(() => ws?.close());

  it('data.inspectTable does not read /etc/passwd or a table outside the root (directly or through a link)', async () => {
    for (const file of ['/etc/passwd', join(outside, 'secret.csv'), join(root, '..', 'outside', 'secret.csv'), join(root, 'escape', 'secret.csv')]) {
      const r = await invoke(ws, 'data.inspectTable', { file, kind: 'samples' });
      expect(r, file).toMatchObject({ ok: false, error: { code: 'OUTSIDE_ROOT', details: { column: 'file' } } });
      expect(JSON.stringify(r)).not.toMatch(/hunter2|root:x:0/);
    }
    const inside = await invoke(ws, 'data.inspectTable', { file: join(root, 'survey.csv'), kind: 'samples' });
    expect(inside.ok).toBeUndefined();
  }, 60_000);
  it('import.samples answers the same for a file outside the root that exists and one that does not (no oracle)', async () => {
    const project = join(root, 'area.prospect');
    expect(await invoke(ws, 'project.create', { path: project, name: 'Area' })).toMatchObject({ path: project });
    const there = await invoke(ws, 'import.samples', { project, file: join(outside, 'secret.csv') });
    const missing = await invoke(ws, 'import.samples', { project, file: join(outside, 'nothing.csv') });
    expect(there.error?.code).toBe('OUTSIDE_ROOT');
    expect(missing.error?.code).toBe('OUTSIDE_ROOT');
  });
  it('project.create, step.run and demo.generate write nothing outside the root', async () => {
    const r = await invoke(ws, 'project.create', { path: join(outside, 'made.prospect'), name: 'X' });
    expect(r).toMatchObject({ ok: false, error: { code: 'OUTSIDE_ROOT' } });
    expect(existsSync(join(outside, 'made.prospect'))).toBe(false);
    const viaLink = await invoke(ws, 'project.create', { path: join(root, 'escape', 'made.prospect'), name: 'X' });
    expect(viaLink).toMatchObject({ ok: false, error: { code: 'OUTSIDE_ROOT' } });
    const demo = await invoke(ws, 'demo.generate', { dir: join(outside, 'demo'), small: true });
    expect(demo).toMatchObject({ ok: false, error: { code: 'OUTSIDE_ROOT', details: { column: 'dir' } } });
    expect(existsSync(join(outside, 'demo'))).toBe(false);
    const step = await invoke(ws, 'step.run', { project: join(root, 'area.prospect'), step: 'export', preset: 'quick', outDir: join(outside, 'export'), jobId: 'e1' });
    expect(step).toMatchObject({ ok: false, error: { code: 'OUTSIDE_ROOT', details: { column: 'outDir' } } });
    expect(existsSync(join(outside, 'export'))).toBe(false);
  });
  it("refuses step.run with overrides.__proto__ (raw JSON), pollutes nothing, and a later request works", async () => {
    const project = join(root, 'area.prospect');
    const r = await invokeRaw(ws, 'step.run',
      `{"project":${JSON.stringify(project)},"step":"grid","preset":"quick","jobId":"p1","overrides":{"__proto__":{"x":"NO_SUCH","polluted":true}}}`);
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', details: { channel: 'step.run', column: 'overrides.__proto__' } } });
    expect(r.error!.message).toContain("Bad request on 'step.run'");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    for (const bad of [`{"constructor":{"prototype":{"polluted":true}},"path":${JSON.stringify(project)}}`, `{"path":${JSON.stringify(project)},"__proto__":{"polluted":true}}`]) {
      expect(await invokeRaw(ws, 'project.open', bad)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    const later = await invoke(ws, 'import.samples', { project, file: join(root, 'survey.csv'), crs: 'EPSG:32750' });
    expect(later).toMatchObject({ importId: expect.any(Number) });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 120_000);
  it('bounds names, record sizes and nesting with clear errors', async () => {
    const project = join(root, 'area.prospect');
    expect(await invoke(ws, 'recent.add', { path: project, name: 'x'.repeat(201) })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', details: { column: 'name' } } });
    expect(await invoke(ws, 'recent.add', { path: project, name: 'a\nb' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const elements = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`E${i}`, 'c']));
    expect(await invoke(ws, 'import.samples', { project, file: join(root, 'survey.csv'), elements })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', details: { column: 'elements' } } });
    let deep: unknown = 1;
    for (let i = 0; i < 12; i++) deep = { a: deep };
    expect(await invoke(ws, 'step.run', { project, step: 'grid', preset: 'quick', jobId: 'd', overrides: { grid: deep } })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await invoke(ws, 'step.run', { project, step: 'grid', preset: 'quick', jobId: 'd', overrides: { nosuch: {} } })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', details: { column: 'overrides.nosuch' } } });
  });
});
