// The shell's channels (app info, native dialogs, recent projects, folder listings) as plain functions over injected
// capabilities, so the same table serves Electron (native dialogs) and the web bridge (the page's own file browser
// over 'fs.list', confined to the root the bridge was started with). Built from routes like the core's table, so
// their path fields are confined the same way (routes.ts).
import type { AppInfo, ChooseFileKind, FileBrowseKind, ShellInvokes } from '../../src-preload/contract';
import { addRecent, readRecent } from './recent';
import { FILE_KINDS, listFolder } from './file-list';
import { ProspectError } from '../core/types';
import type { HandlerTableOf } from '../common/dispatch';
import type { PathGrants } from './path-grants';
import { tableOf, type RoutesOf } from './routes';
import { name, oneOf, optOneOfList, optStr, str } from './validate';

export type ShellHandlerTable = HandlerTableOf<ShellInvokes>;

export interface ShellCapabilities {
  platform: AppInfo['platform'];
  version: string;
  workDir: string;
  recentFile: string;
  /** Native dialogs; absent in a browser. Each resolves to a path or null when the user cancels. */
  dialogs?: {
    openProject(): Promise<string | null>;
    saveProject(defaultName: string): Promise<string | null>;
    chooseFile(kind: ChooseFileKind): Promise<string | null>;
  };
  /** The folder the page's file browser may show (with everything under it); absent: no browsing. */
  browseRoot?: string;
  /** Where the channels' paths may lead (the same grants as the core's table). */
  grants: PathGrants;
}

const CHOOSE_KINDS: readonly ChooseFileKind[] = ['samples', 'deposits', 'folder', 'basemap'];

/** The routes of the shell's channels: what `createShellHandlers` serves, and what the confinement test walks. */
export function shellRoutes(cap: Omit<ShellCapabilities, 'grants'>): RoutesOf<ShellInvokes> {
  const noDialogs = (): never => {
    throw new ProspectError('This window has no native file dialogs (it runs in a browser): use its Browse… button or type the path into the field.', 'NO_DIALOG');
  };
  return {
    'app.info': {
      fields: {}, paths: {},
      run: async () => ({ platform: cap.platform, version: cap.version, workDir: cap.workDir, nativeDialogs: !!cap.dialogs, recent: readRecent(cap.recentFile) }),
    },
    'dialog.openProject': { fields: {}, paths: {}, run: async () => ({ path: cap.dialogs ? await cap.dialogs.openProject() : noDialogs() }) },
    'dialog.saveProject': {
      // A name proposed to the dialog, not a path the app touches: the user picks the path.
      fields: { defaultName: optStr }, paths: {},
      run: async (r) => ({ path: cap.dialogs ? await cap.dialogs.saveProject(r.defaultName ?? 'study-area.prospect') : noDialogs() }),
    },
    'dialog.chooseFile': {
      fields: { kind: oneOf(CHOOSE_KINDS) }, paths: {},
      run: async (r) => ({ path: cap.dialogs ? await cap.dialogs.chooseFile(r.kind) : noDialogs() }),
    },
    'recent.add': {
      fields: { path: str, name }, paths: { path: 'project' },
      run: async (r) => addRecent(cap.recentFile, { path: r.path, name: r.name }),
    },
    'fs.list': {
      fields: { dir: optStr, kinds: optOneOfList<FileBrowseKind>(FILE_KINDS) }, paths: { dir: 'folder' },
      async run(r) {
        if (!cap.browseRoot) throw new ProspectError('This window browses files through the system dialog.', 'NO_BROWSER');
        return listFolder(cap.browseRoot, { dir: r.dir, kinds: r.kinds, start: cap.workDir });
      },
    },
  };
}

export function createShellHandlers(cap: ShellCapabilities): ShellHandlerTable {
  return tableOf(shellRoutes(cap), cap.grants);
}
