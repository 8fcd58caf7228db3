// Locks a window and its session down: no navigation, no new windows, no permissions, no remote requests.
import type { BrowserWindow, Session, WebContents } from 'electron';
import { isAppUrl } from '../common/app-url';
import { contentSecurityPolicy } from '../common/csp';

export function hardenSession(session: Session, devServer?: string): void {
  const csp = contentSecurityPolicy({ devServer });
  session.setPermissionRequestHandler((_wc, _perm, done) => done(false));
  session.setPermissionCheckHandler(() => false);
  // No remote content: anything that is not our renderer (or devtools) is cancelled before it leaves the machine.
  session.webRequest.onBeforeRequest((details, done) => {
    const ok = isAppUrl(details.url, devServer) || details.url.startsWith('devtools://') || details.url.startsWith('data:') || details.url.startsWith('blob:');
    done({ cancel: !ok });
  });
  session.webRequest.onHeadersReceived((details, done) => {
    done({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
}

export function hardenWindow(win: BrowserWindow, devServer?: string): void {
  const wc: WebContents = win.webContents;
  wc.on('will-navigate', (e, url) => {
    if (!isAppUrl(url, devServer)) e.preventDefault();
  });
  wc.on('will-redirect', (e, url) => {
    if (!isAppUrl(url, devServer)) e.preventDefault();
  });
  wc.on('will-attach-webview', (e) => e.preventDefault());
  wc.setWindowOpenHandler(() => ({ action: 'deny' }));
}
