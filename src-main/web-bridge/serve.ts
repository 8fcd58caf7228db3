// Wires the real handler table (core) and the shell channels (no native dialogs: the page browses folders under
// `root` through 'fs.list') into the web bridge.
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { forkChildJobHost } from '../node/child-job-host';
import { createHandlers } from '../node/handlers';
import { createJobRunner } from '../node/job-runner';
import { createShellHandlers } from '../node/shell-handlers';
import { startWebBridge, type WebBridge } from './host';

export interface WorkstationBridgeOptions {
  port?: number;
  rendererDir?: string;
  /** Proposed to the page for the demo area and exports; also holds the recent-projects list. */
  workDir: string;
  /** The folder the page's file browser shows, with everything under it and nothing above; default the home folder. */
  root?: string;
}

export async function startWorkstationBridge(opts: WorkstationBridgeOptions): Promise<WebBridge> {
  mkdirSync(opts.workDir, { recursive: true });
  const jobs = createJobRunner(forkChildJobHost);
  const bridge = await startWebBridge({
    port: opts.port ?? 0,
    rendererDir: opts.rendererDir ?? resolve(import.meta.dirname, '../../out/renderer'),
    createTable: (emit) => ({
      ...createHandlers({ emit, jobs }),
      ...createShellHandlers({
        platform: 'web-bridge',
        version: '0.1.0',
        workDir: opts.workDir,
        recentFile: join(opts.workDir, 'recent-projects.json'),
        browseRoot: resolve(opts.root ?? homedir()),
      }),
    }),
  });
  return {
    ...bridge,
    close: async () => {
      jobs.dispose();
      await bridge.close();
    },
  };
}
