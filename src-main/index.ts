// Electron app lifecycle and the one window: the only place that wires shell, handler tables and core together.
import { app, BrowserWindow, session } from 'electron';
import { join } from 'node:path';
import { APP_ORIGIN, devServerUrl } from './common/app-url';
import type { AnyHandlerTable } from './common/dispatch';
import { registerAppScheme, serveRenderer } from './electron/app-protocol';
import { nativeDialogs } from './electron/dialogs';
import { exposeChannels } from './electron/ipc-channels';
import { hardenSession, hardenWindow } from './electron/security';
import { forkUtilityJobHost } from './electron/utility-job-host';
import { buildWindowOptions } from './electron/window-options';
import { createHandlers } from './node/handlers';
import { createJobRunner } from './node/job-runner';
import { createShellHandlers } from './node/shell-handlers';
import { pickedGrants } from './node/path-grants';
import { readRecent } from './node/recent';
import { mkdirSync } from 'node:fs';

const devServer = devServerUrl(app.isPackaged, process.env);
const here = import.meta.dirname;

registerAppScheme();

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

async function start(): Promise<void> {
  serveRenderer(join(here, '../renderer'));
  hardenSession(session.defaultSession, devServer);

  const emit = (event: string, payload: unknown): void => {
    if (win && !win.isDestroyed()) win.webContents.send(event, payload);
  };
  const jobs = createJobRunner(forkUtilityJobHost);
  app.on('before-quit', () => jobs.dispose());
  // The renderer is untrusted: its requests reach only what the user picked in a dialog, the folders under one, the
  // app's own work folder, the recent projects, and what was picked for a project, remembered per project.
  const workDir = join(app.getPath('documents'), 'Prospect Workstation');
  mkdirSync(workDir, { recursive: true });
  const recentFile = join(app.getPath('userData'), 'recent-projects.json');
  const grants = pickedGrants({
    file: join(app.getPath('userData'), 'granted-paths.json'),
    always: [workDir],
    isRecent: (p) => readRecent(recentFile).some((r) => r.path === p),
  });
  const table: AnyHandlerTable = {
    ...createHandlers({ emit, jobs, grants }),
    ...createShellHandlers({
      platform: 'electron',
      version: app.getVersion(),
      workDir,
      recentFile,
      dialogs: nativeDialogs(() => win, grants),
      grants,
    }),
  };
  exposeChannels(table, devServer);

  win = new BrowserWindow(buildWindowOptions(join(here, '../preload/index.cjs')));
  hardenWindow(win, devServer);
  win.once('ready-to-show', () => win?.show());
  win.on('closed', () => {
    win = null;
  });
  await win.loadURL(devServer ?? `${APP_ORIGIN}/index.html`);
}
