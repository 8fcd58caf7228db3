// Which pages count as our own renderer: the app scheme in production, the dev server in development.

/** The app is served from this custom scheme in production (file:// has too loose an origin). */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://renderer`;

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

/** The sender check every channel runs: the frame must be our own top-level renderer. */
export function isTrustedSender(frame: { url: string; parent?: unknown } | null | undefined, devServer?: string): boolean {
  if (!frame) return false;
  if (frame.parent) return false;
  return isAppUrl(frame.url, devServer);
}

// The dev server's URL (electron-vite dev) is honoured only in a development run: a packaged app never loads a page,
// nor trusts an origin, named by its environment (ELECTRON_RENDERER_URL would otherwise let anyone who can set it
// point the window, and its calls into main, at a page of their choosing). Even in development, only a loopback
// address is taken.
export function devServerUrl(isPackaged: boolean, env: Record<string, string | undefined>): string | undefined {
  if (isPackaged) return undefined;
  const url = env.ELECTRON_RENDERER_URL;
  return url && /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?\/?$/.test(url) ? url : undefined;
}
