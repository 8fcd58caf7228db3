// Pure builders of the window's security-relevant settings, so tests assert them without an Electron binary.
import type { BrowserWindowConstructorOptions } from 'electron';

/** The app is served from this custom scheme in production (file:// has too loose an origin). */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://renderer`;

/**
 * The Content-Security-Policy of every page. No remote content at all; 'wasm-unsafe-eval' is not needed in the
 * renderer (tfjs runs in main), blob: images carry colour-mapped grids, ws://127.0.0.1 only for the web bridge.
 */
export function contentSecurityPolicy(opts: { devServer?: string; webBridge?: boolean } = {}): string {
  const connect = ["'self'"];
  if (opts.devServer) connect.push(opts.devServer, opts.devServer.replace(/^http/, 'ws'));
  if (opts.webBridge) connect.push('ws://127.0.0.1:*');
  const script = ["'self'"];
  if (opts.devServer) script.push(opts.devServer);
  return [
    "default-src 'none'",
    `script-src ${script.join(' ')}`,
    // Vue's scoped styles and deck.gl's canvas sizing use inline style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${connect.join(' ')}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function buildWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1400,
    height: 900,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'Prospect Workstation',
    backgroundColor: '#10151c',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  };
}

/** True when a URL belongs to our own renderer (the app scheme, or the dev server in development). */
export function isAppUrl(url: string, devServer?: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (`${u.protocol}//${u.host}` === APP_ORIGIN) return true;
  if (devServer) {
    const d = new URL(devServer);
    return u.origin === d.origin && (u.hostname === 'localhost' || u.hostname === '127.0.0.1');
  }
  return false;
}
