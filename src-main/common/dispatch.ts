// Calling a handler table by channel name, the same way for Electron's ipcMain and for the web bridge.
import { describeError, errorValue } from './error-value';

/** A table typed from a contract interface: a channel without a handler does not compile. */
export type HandlerTableOf<I extends { [K in keyof I]: { req: unknown; res: unknown } }> = {
  [K in keyof I]: (req: I[K]['req']) => Promise<I[K]['res']>;
};

/** Anything that answers channels: the core's table, the shell's, or both merged. */
export type AnyHandlerTable = Record<string, (req: never) => Promise<unknown>>;

/**
 * Calls one handler by name. Unknown channels and thrown errors come back as error values, never as exceptions:
 * only own properties of the table count, so '__proto__' or 'constructor' cannot reach anything.
 */
export async function dispatch(table: AnyHandlerTable, channel: string, req: unknown): Promise<unknown> {
  if (!Object.prototype.hasOwnProperty.call(table, channel)) {
    return errorValue('UNKNOWN_CHANNEL', `There is no channel '${channel}'. Update the app: its parts do not match.`);
  }
  try {
    return await table[channel]!(req as never);
  } catch (e) {
    return { ok: false, error: describeError(e) };
  }
}
