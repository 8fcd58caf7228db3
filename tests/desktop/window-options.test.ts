import { describe, expect, it } from 'vitest';
import { isAppUrl, isTrustedSender } from '../../src-main/common/app-url';
import { contentSecurityPolicy } from '../../src-main/common/csp';
import { buildWindowOptions } from '../../src-main/electron/window-options';

describe('BrowserWindow security options', () => {
  it('isolates and sandboxes the renderer', () => {
    const o = buildWindowOptions('/x/preload/index.cjs');
    const w = o.webPreferences!;
    expect(w.preload).toBe('/x/preload/index.cjs');
    expect(w.contextIsolation).toBe(true);
    expect(w.sandbox).toBe(true);
    expect(w.nodeIntegration).toBe(false);
    expect(w.nodeIntegrationInWorker).toBe(false);
    expect(w.nodeIntegrationInSubFrames).toBe(false);
    expect(w.webSecurity).toBe(true);
    expect(w.allowRunningInsecureContent).toBe(false);
    expect(w.webviewTag).toBe(false);
  });

  it('has a strict CSP with no remote sources', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/https?:/);
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp).toContain("object-src 'none'");
    // The dev server is allowed only when given.
    expect(contentSecurityPolicy({ devServer: 'http://localhost:5173' })).toContain('http://localhost:5173');
  });

  it('accepts only our own pages as senders', () => {
    expect(isAppUrl('app://renderer/index.html')).toBe(true);
    expect(isAppUrl('https://example.com/')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('app://evil/index.html')).toBe(false);
    expect(isAppUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(isTrustedSender({ url: 'app://renderer/index.html' })).toBe(true);
    expect(isTrustedSender({ url: 'app://renderer/index.html', parent: {} })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
  });
});
