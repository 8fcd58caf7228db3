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
