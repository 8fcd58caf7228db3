/// <reference lib="dom" />
// Shared set-up of the end-to-end tests: build the renderer when needed, start the web bridge, launch Chromium.
// Every session records the requests the page makes to anywhere but the bridge: close() fails when there were any,
// so each e2e test also checks that the workstation stays on the machine.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startWebBridge, type WebBridge } from '../../src-main/web-bridge/host';
import { createShellHandlers } from '../../src-main/node/shell-handlers';
import { rootGrants } from '../../src-main/node/path-grants';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const shotsDir = join(repoRoot, 'test-results/e2e');
/** The shared test data the pages import from: a root of the bridge besides the session's work folder. */
const sharedData = resolve(repoRoot, '../shared/data');

export function ensureBuilt(): void {
  if (!existsSync(join(repoRoot, 'out/renderer/index.html'))) {
    execFileSync('npx', ['electron-vite', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  }
}

export interface Session {
  bridge: WebBridge;
  browser: Browser;
  page: Page;
  workDir: string;
  errors: string[];
  /** Requests (and WebSockets) the page made to anywhere but the bridge's own origin, data: or blob:. */
  external: string[];
  /** Closes browser and bridge; throws when the page made external requests. */
  close(): Promise<void>;
}

/** Whether a URL stays on this machine: the bridge's own origin (http or ws, 127.0.0.1 or localhost), data: or blob:. */
export function isOwnRequest(url: string, bridgeUrl: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:')) return true;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  const own = new URL(bridgeUrl);
  const scheme = u.protocol === 'ws:' ? 'http:' : u.protocol === 'wss:' ? 'https:' : u.protocol;
  const loopback = (h: string) => h === '127.0.0.1' || h === 'localhost';
  return scheme === own.protocol && u.port === own.port && loopback(u.hostname) && loopback(own.hostname);
}

/** `core: false` serves the shell channels only (enough for pages that need no project, e.g. the language switch). */
export async function openSession({ core = true } = {}): Promise<Session> {
  ensureBuilt();
  mkdirSync(shotsDir, { recursive: true });
  const workDir = mkdtempSync(join(tmpdir(), 'prospect-e2e-'));
  const rendererDir = join(repoRoot, 'out/renderer');
  const bridge = core
    ? await (await import('../../src-main/web-bridge/serve')).startWorkstationBridge({ workDir, rendererDir, root: workDir, extraRoots: existsSync(sharedData) ? [sharedData] : [] })
    : await startWebBridge({
        rendererDir,
        createTable: () => createShellHandlers({ platform: 'web-bridge', version: '0', workDir, recentFile: join(workDir, 'recent.json'), browseRoot: workDir, grants: rootGrants([workDir]) }),
      });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    // deck.gl needs WebGL2: SwiftShader provides it without a GPU.
    args: [
      '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 950 } });
  const errors: string[] = [];
  const external: string[] = [];
  // The context sees requests of the page, its workers and any window it opens.
  page.context().on('request', (r) => {
    if (!isOwnRequest(r.url(), bridge.url)) external.push(`${r.method()} ${r.url()}`);
  });
  page.on('websocket', (ws) => {
    if (!isOwnRequest(ws.url(), bridge.url)) external.push(`WebSocket ${ws.url()}`);
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(bridge.url);
  return {
    bridge, browser, page, workDir, errors, external,
    async close() {
      await browser.close();
      await bridge.close();
      if (external.length) throw new Error(`The page made ${external.length} request(s) off the machine:\n${external.join('\n')}`);
    },
  };
}

/**
 * Pixel statistics of a map canvas (every fourth pixel): a blank (single-colour) map has zero variance; `coloured` is
 * the share of pixels whose channels are more than 40 levels apart (a hillshade, grey contours and black are not).
 */
export async function mapPixels(page: Page, index = 0): Promise<{ variance: number; colors: number; coloured: number }> {
  return page.evaluate((i) => {
    const canvas = document.querySelectorAll<HTMLCanvasElement>('[data-testid="map"] canvas')[i];
    if (!canvas || !canvas.width) return { variance: 0, colors: 0, coloured: 0 };
    const c = document.createElement('canvas');
    c.width = canvas.width;
    c.height = canvas.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(canvas, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let s = 0, s2 = 0, n = 0, coloured = 0;
    const colors = new Set<number>();
    for (let k = 0; k < d.length; k += 16) {
      const v = d[k]! + d[k + 1]! + d[k + 2]!;
      s += v; s2 += v * v; n++;
      colors.add((d[k]! << 16) | (d[k + 1]! << 8) | d[k + 2]!);
      if (Math.max(d[k]!, d[k + 1]!, d[k + 2]!) - Math.min(d[k]!, d[k + 1]!, d[k + 2]!) > 40) coloured++;
    }
    return { variance: s2 / n - (s / n) ** 2, colors: colors.size, coloured: coloured / n };
  }, index);
}

/** Variance and colour count of a map canvas (see mapPixels). */
export async function mapVariance(page: Page, index = 0): Promise<{ variance: number; colors: number }> {
  const { variance, colors } = await mapPixels(page, index);
  return { variance, colors };
}

/** A session with the app shown in English (the assertions read English labels). */
export async function englishSession(opts: { core?: boolean } = {}): Promise<Session> {
  const s = await openSession(opts);
  await s.page.selectOption('[data-testid="language"]', 'en');
  return s;
}

/**
 * One English session for all the tests of a file: opened before them (after `before`, which prepares what the page
 * will open, e.g. a project made by the core) and given to `onOpen`, closed after them.
 */
export function sessionForFile(onOpen: (s: Session) => void, { before }: { before?: () => Promise<void> } = {}): void {
  let s: Session | undefined;
  beforeAll(async () => {
    await before?.();
    s = await englishSession();
    onOpen(s);
  }, 300_000);
  afterAll(async () => {
    await s?.close();
  });
}

/** A screenshot kept under test-results/e2e for people to look at. */
export function shot(page: Page, name: string, fullPage = true): Promise<Buffer> {
  return page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage });
}

/** Fails the test when the page shows an error box. */
export async function noError(page: Page): Promise<void> {
  const err = page.locator('[data-testid="error"]');
  if (await err.count()) throw new Error(`The page shows an error: ${await err.textContent()}`);
}

/** Waits until the map has drawn more than a background (deck.gl draws asynchronously). */
export async function mapDrawn(page: Page, minColors = 3): Promise<{ variance: number; colors: number }> {
  let v = { variance: 0, colors: 0 };
  for (let i = 0; i < 40; i++) {
    v = await mapVariance(page);
    if (v.colors >= minColors && v.variance > 0) return v;
    await page.waitForTimeout(250);
  }
  return v;
}

/** Creates a project file at `file` through the Project step and waits for its summary. */
export async function createProject(page: Page, file: string): Promise<void> {
  await page.fill('[data-testid="project-path"]', file);
  await page.click('[data-testid="create-project"]');
  await page.waitForSelector('[data-testid="project-summary"]');
}
