// Wires the real handler table (core) and the shell channels (no native dialogs: the page browses folders under
// `root` through 'fs.list') into the web bridge. Every path a request names is confined to the roots (node/routes.ts).
import { mkdirSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { forkChildJobHost } from '../node/child-job-host';
import { createHandlers } from '../node/handlers';
import { createJobRunner } from '../node/job-runner';
import { rootGrants } from '../node/path-grants';
import { createShellHandlers } from '../node/shell-handlers';
import { checkOwnFolder, userTempSubdir } from '../core/util/private-dir';
import { writeWhole } from '../core/util/write-whole';
import { startWebBridge, type WebBridge } from './host';

export interface WorkstationBridgeOptions {
  port?: number;
  rendererDir?: string;
  /**
   * Proposed to the page for the demo area and exports; also holds the recent-projects list and the bridge's address
   * (file `bridge-url`, mode 0600). Default: this user's private folder under the temporary folder
   * (prospect-<uid>/workstation). A folder given here must be a real folder owned by this user.
   */
  workDir?: string;
  /** The folder the page's file browser shows, with everything under it and nothing above; default the home folder. */
  root?: string;
  /** More folders the requests' paths may lead into (read and written), besides the root and the work folder. */
  extraRoots?: string[];
}

export interface WorkstationBridge extends WebBridge {
  workDir: string;
}

/** The work folder: the default one private, a given one checked to be a real folder of this user (not a link). */
function workFolder(dir: string | undefined): string {
  if (dir === undefined) return userTempSubdir('workstation');
  const abs = resolve(dir);
  mkdirSync(dirname(abs), { recursive: true });
  try {
    mkdirSync(abs, { mode: 0o700 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  checkOwnFolder(abs, { privateMode: false });
  return abs;
}

export async function startWorkstationBridge(opts: WorkstationBridgeOptions): Promise<WorkstationBridge> {
  const workDir = workFolder(opts.workDir);
  const root = resolve(opts.root ?? homedir());
  const grants = rootGrants([root, workDir, ...(opts.extraRoots ?? []).map((r) => resolve(r))]);
  const jobs = createJobRunner(forkChildJobHost);
  const bridge = await startWebBridge({
    port: opts.port ?? 0,
    rendererDir: opts.rendererDir ?? resolve(import.meta.dirname, '../../out/renderer'),
    createTable: (emit) => ({
      ...createHandlers({ emit, jobs, grants }),
      ...createShellHandlers({
        platform: 'web-bridge',
        version: '0.1.0',
        workDir,
        recentFile: join(workDir, 'recent-projects.json'),
        browseRoot: root,
        grants,
      }),
    }),
  });
  // For scripts that start the bridge and open a browser: the address with its secret, readable by this user only.
  const urlFile = join(workDir, 'bridge-url');
  writeWhole(urlFile, `${bridge.url}\n`, { mode: 0o600 });
  return {
    ...bridge,
    workDir,
    close: async () => {
      jobs.dispose();
      rmSync(urlFile, { force: true });
      await bridge.close();
    },
  };
}
