// The shell's channels (app info, native dialogs, recent projects, folder listings) as plain functions over injected
// capabilities, so the same table serves Electron (native dialogs) and the web bridge (the page's own file browser
// over 'fs.list', confined to the root the bridge was started with).
import type { AppInfo, ChooseFileKind, RecentProjectDto, ShellInvokes } from '../../src-preload/contract';
import { addRecent, readRecent } from './recent';
import { FILE_KINDS, listFolder } from './file-list';
import { ProspectError } from '../core/types';
import type { HandlerTableOf } from '../common/dispatch';

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
}

const CHOOSE_KINDS: readonly ChooseFileKind[] = ['samples', 'deposits', 'folder', 'basemap'];

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function bad(channel: string, what: string): never {
  throw new ProspectError(`Bad request on '${channel}': ${what}.`, 'BAD_REQUEST', { channel });
}

export function createShellHandlers(cap: ShellCapabilities): ShellHandlerTable {
  const noDialogs = (): never => {
    throw new ProspectError('This window has no native file dialogs (it runs in a browser): use its Browse… button or type the path into the field.', 'NO_DIALOG');
  };
  return {
    async 'app.info'(req) {
      if (!isPlainObject(req)) bad('app.info', 'expected {}');
      return { platform: cap.platform, version: cap.version, workDir: cap.workDir, nativeDialogs: !!cap.dialogs, recent: readRecent(cap.recentFile) };
    },
    async 'dialog.openProject'(req) {
      if (!isPlainObject(req)) bad('dialog.openProject', 'expected {}');
      return { path: cap.dialogs ? await cap.dialogs.openProject() : noDialogs() };
    },
    async 'dialog.saveProject'(req) {
      if (!isPlainObject(req) || (req.defaultName !== undefined && typeof req.defaultName !== 'string')) bad('dialog.saveProject', 'defaultName must be a string');
      return { path: cap.dialogs ? await cap.dialogs.saveProject(req.defaultName ?? 'study-area.prospect') : noDialogs() };
    },
    async 'dialog.chooseFile'(req) {
      if (!isPlainObject(req) || !CHOOSE_KINDS.includes(req.kind)) bad('dialog.chooseFile', `kind must be one of ${CHOOSE_KINDS.join(', ')}`);
      return { path: cap.dialogs ? await cap.dialogs.chooseFile(req.kind) : noDialogs() };
    },
    async 'recent.add'(req): Promise<RecentProjectDto[]> {
      if (!isPlainObject(req) || typeof req.path !== 'string' || typeof req.name !== 'string' || !req.path) bad('recent.add', 'path and name must be strings');
      return addRecent(cap.recentFile, { path: req.path, name: req.name });
    },
    async 'fs.list'(req) {
      if (!isPlainObject(req)) bad('fs.list', 'expected { dir?, kinds? }');
      if (req.dir !== undefined && (typeof req.dir !== 'string' || !req.dir)) bad('fs.list', 'dir must be a non-empty string');
      if (req.kinds !== undefined && (!Array.isArray(req.kinds) || !req.kinds.every((k) => FILE_KINDS.includes(k)))) {
        bad('fs.list', `kinds must be a list of ${FILE_KINDS.join(', ')}`);
      }
      if (!cap.browseRoot) throw new ProspectError('This window browses files through the system dialog.', 'NO_BROWSER');
      return listFolder(cap.browseRoot, { dir: req.dir, kinds: req.kinds, start: cap.workDir });
    },
  };
}
