// The shell's channels (app info, native dialogs, recent projects) as plain functions over injected capabilities,
// so the same table serves Electron (real dialogs) and the web bridge (no dialogs: the page asks for paths).
import type { AppInfo, RecentProjectDto, ShellInvokes } from '../../src-preload/contract';
import { addRecent, readRecent } from './recent';
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
    chooseFile(kind: 'samples' | 'deposits' | 'folder'): Promise<string | null>;
  };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function bad(channel: string, what: string): never {
  throw new ProspectError(`Bad request on '${channel}': ${what}.`, 'BAD_REQUEST', { channel });
}

export function createShellHandlers(cap: ShellCapabilities): ShellHandlerTable {
  const noDialogs = (): never => {
    throw new ProspectError('This window has no file dialogs (it runs in a browser): type the path into the field instead.', 'NO_DIALOG');
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
      if (!isPlainObject(req) || !['samples', 'deposits', 'folder'].includes(req.kind as string)) bad('dialog.chooseFile', "kind must be 'samples', 'deposits' or 'folder'");
      return { path: cap.dialogs ? await cap.dialogs.chooseFile(req.kind) : noDialogs() };
    },
    async 'recent.add'(req): Promise<RecentProjectDto[]> {
      if (!isPlainObject(req) || typeof req.path !== 'string' || typeof req.name !== 'string' || !req.path) bad('recent.add', 'path and name must be strings');
      return addRecent(cap.recentFile, { path: req.path, name: req.name });
    },
  };
}
