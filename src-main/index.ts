// Electron app lifecycle and the one window: the only place that wires shell, IPC and core together.
import { app, BrowserWindow, ipcMain, net, protocol, session, utilityProcess } from 'electron';
import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createHandlers } from './ipc/handlers';
import { APP_ORIGIN, APP_SCHEME, buildWindowOptions, contentSecurityPolicy } from './electron/window-options';
import { hardenSession, hardenWindow, isTrustedSender } from './electron/security';
import { createShellHandlers } from './electron/shell-handlers';
import { nativeDialogs } from './electron/dialogs';
import { createJobRunner } from './electron/job-runner';
import type { JobPort, JobReply } from './electron/job-protocol';
import { dispatch, errorValue, type AnyHandlerTable } from './web-bridge/protocol';

const devServer = process.env.ELECTRON_RENDERER_URL;
const here = import.meta.dirname;
const rendererDir = join(here, '../renderer');

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

let win: BrowserWindow | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.on('window-all-closed', () => app.quit());
  app.on('web-contents-created', (_e, wc) => {
    wc.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  void app.whenReady().then(start);
}

/** The job host runs core work off the main thread; a crash rejects the job with a clear message (job-runner). */
function forkJobHost(): JobPort {
  const child = utilityProcess.fork(join(here, 'electron/job-host.js'), [], { serviceName: 'Prospect jobs', stdio: 'inherit' });
  return {
    postMessage: (m) => child.postMessage(m),
    onMessage: (cb) => child.on('message', (m: JobReply) => cb(m)),
    onExit: (cb) => child.on('exit', (code) => cb(code)),
    kill: () => void child.kill(),
  };
}

async function start(): Promise<void> {
  // Our pages come from app://renderer/..., served from out/renderer only, with the CSP as a header too.
  protocol.handle(APP_SCHEME, async (req) => {
    const url = new URL(req.url);
    const file = normalize(join(rendererDir, decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)));
    if (`${url.protocol}//${url.host}` !== APP_ORIGIN || !file.startsWith(rendererDir + sep)) return new Response('Not found', { status: 404 });
    const res = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    headers.set('Content-Security-Policy', contentSecurityPolicy());
    return new Response(res.body, { status: res.status, headers });
  });
  hardenSession(session.defaultSession, devServer);

  const emit = (event: string, payload: unknown): void => {
    if (win && !win.isDestroyed()) win.webContents.send(event, payload);
  };
  const jobs = createJobRunner(forkJobHost);
  app.on('before-quit', () => jobs.dispose());
  const table: AnyHandlerTable = {
    ...(createHandlers({ emit, jobs }) as unknown as AnyHandlerTable),
    ...(createShellHandlers({
      platform: 'electron',
      version: app.getVersion(),
      workDir: app.getPath('documents'),
      recentFile: join(app.getPath('userData'), 'recent-projects.json'),
      dialogs: nativeDialogs(() => win),
    }) as unknown as AnyHandlerTable),
  };
  for (const channel of Object.keys(table)) {
    ipcMain.handle(channel, async (e, req: unknown) => {
      // The renderer is untrusted: only our own top-level page may call, and every handler validates its request.
      if (!isTrustedSender(e.senderFrame, devServer)) return errorValue('FORBIDDEN', 'This page may not call the workstation.');
      return dispatch(table, channel, req);
    });
  }

  win = new BrowserWindow(buildWindowOptions(join(here, '../preload/index.cjs')));
  hardenWindow(win, devServer);
  win.once('ready-to-show', () => win?.show());
  win.on('closed', () => {
    win = null;
  });
  await win.loadURL(devServer ?? `${APP_ORIGIN}/index.html`);
}
