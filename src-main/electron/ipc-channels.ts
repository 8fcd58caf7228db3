// Exposes a handler table on ipcMain, one channel per entry.
import { ipcMain } from 'electron';
import { isTrustedSender } from '../common/app-url';
import { dispatch, type AnyHandlerTable } from '../common/dispatch';
import { errorValue } from '../common/error-value';

export function exposeChannels(table: AnyHandlerTable, devServer?: string): void {
  for (const channel of Object.keys(table)) {
    ipcMain.handle(channel, async (e, req: unknown) => {
      // The renderer is untrusted: only our own top-level page may call, and every handler validates its request.
      if (!isTrustedSender(e.senderFrame, devServer)) return errorValue('FORBIDDEN', 'This page may not call the workstation.');
      return dispatch(table, channel, req);
    });
  }
}
