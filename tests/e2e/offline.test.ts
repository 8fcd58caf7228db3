/// <reference lib="dom" />
// Nothing leaves the machine: the small demo walked through several screens, maps included, with every request
// the page makes recorded (helpers.ts). The page's Content-Security-Policy names no remote origin.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { sessionForFile, isOwnRequest, mapDrawn, noError, type Session } from './helpers';

let s: Session;
let page: Page;
sessionForFile((x) => { s = x; page = x.page; });

async function next(step: string): Promise<void> {
  await page.waitForSelector('[data-testid="next"]:enabled', { timeout: 300_000 });
  await page.click('[data-testid="next"]');
  await page.waitForFunction((t) => document.querySelector('[data-testid="step-title"]')?.textContent?.toLowerCase() === t, step);
}

describe('offline', () => {
  it('tells the bridge from anywhere else', () => {
    const own = 'http://127.0.0.1:8765/';
    for (const u of ['http://127.0.0.1:8765/assets/a.js', 'ws://127.0.0.1:8765/__bridge', 'data:image/png;base64,AA', 'blob:http://127.0.0.1:8765/x', 'http://localhost:8765/']) {
      expect(isOwnRequest(u, own), u).toBe(true);
    }
    for (const u of ['http://127.0.0.1:9999/', 'https://tile.openstreetmap.org/1/1/1.png', 'ws://localhost:9999/__bridge', 'https://127.0.0.1:8765/', 'http://10.0.0.5:8765/', 'https://fonts.googleapis.com/css']) {
      expect(isOwnRequest(u, own), u).toBe(false);
    }
  });

  it('serves a Content-Security-Policy without remote origins', async () => {
    const res = await page.request.get(s.bridge.url);
    const csp = res.headers()['content-security-policy']!;
    expect(csp).toContain("default-src 'none'");
    for (const directive of csp.split(';').map((d) => d.trim()).filter(Boolean)) {
      const sources = directive.split(/\s+/).slice(1);
      // Only keywords, data:, blob: and the loopback host: no http(s) origin, no wildcard host.
      for (const src of sources) expect(src, directive).toMatch(/^('[\w-]+'|data:|blob:|ws:\/\/127\.0\.0\.1:\*)$/);
    }
    expect(s.external).toEqual([]);
  });

  it('walks the demo through project, samples, deposits and grids without a request off the machine', async () => {
    await page.fill('[data-testid="workdir"]', s.workDir);
    await page.click('[data-testid="create-demo"]');
    await page.waitForSelector('[data-testid="project-summary"]', { timeout: 120_000 });
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="summary-deposits"]')?.textContent) > 0, undefined, { timeout: 60_000 });
    await noError(page);
    await next('samples');
    await page.waitForSelector('[data-testid="samples-table"] tbody tr');
    expect((await mapDrawn(page)).colors).toBeGreaterThan(2);
    await next('deposits');
    await page.waitForSelector('[data-testid="deposits-table"] tbody tr');
    await next('grids');
    await page.click('[data-testid="run-grid"]');
    await page.waitForSelector('[data-testid="grid-element"] option', { state: 'attached', timeout: 300_000 });
    expect((await mapDrawn(page, 50)).colors).toBeGreaterThan(50);
    await noError(page);
    expect(s.external).toEqual([]);
  });

  it('would notice a request off the machine', async () => {
    // The page opens a window on a documentation-only address (RFC 5737; CSP does not govern new windows): recorded.
    const popup = page.waitForEvent('popup');
    await page.evaluate(() => void window.open('http://192.0.2.1/', '_blank'));
    await (await popup).close();
    expect(s.external).toEqual(['GET http://192.0.2.1/']);
    s.external.length = 0;
  });
});
