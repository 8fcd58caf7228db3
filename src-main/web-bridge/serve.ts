// Wires the real handler table (core) and the shell channels (no native dialogs) into the web bridge.
import { fork } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createHandlers } from '../ipc/handlers';
import { createShellHandlers } from '../electron/shell-handlers';
import { createJobRunner } from '../electron/job-runner';
import type { JobPort, JobReply } from '../electron/job-protocol';
import type { AnyHandlerTable } from './protocol';
import { startWebBridge, type WebBridge } from './host';

export interface WorkstationBridgeOptions {
  port?: number;
  rendererDir?: string;
  /** Proposed to the page for the demo area and exports; also holds the recent-projects list. */
  workDir: string;
}

/** The job host as a Node child process: from the built .js when it exists, else from the sources through tsx. */
function forkJobHost(): JobPort {
  const here = import.meta.dirname;
  const js = join(here, '../electron/job-host.js');
  const child = existsSync(js)
    ? fork(js, [], { stdio: 'inherit' })
    : fork(join(here, '../electron/job-host.ts'), [], { stdio: 'inherit', execArgv: ['--import', 'tsx'] });
  return {
    postMessage: (m) => child.send(m),
    onMessage: (cb) => child.on('message', (m) => cb(m as JobReply)),
    onExit: (cb) => child.on('exit', (code) => cb(code)),
    kill: () => void child.kill(),
  };
}

export async function startWorkstationBridge(opts: WorkstationBridgeOptions): Promise<WebBridge> {
  mkdirSync(opts.workDir, { recursive: true });
  const jobs = createJobRunner(forkJobHost);
  const bridge = await startWebBridge({
    port: opts.port ?? 0,
    rendererDir: opts.rendererDir ?? resolve(import.meta.dirname, '../../out/renderer'),
    createTable: (emit) => ({
      ...(createHandlers({ emit, jobs }) as unknown as AnyHandlerTable),
      ...(createShellHandlers({ platform: 'web-bridge', version: '0.1.0', workDir: opts.workDir, recentFile: join(opts.workDir, 'recent-projects.json') }) as unknown as AnyHandlerTable),
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
