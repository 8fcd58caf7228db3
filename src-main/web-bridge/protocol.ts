// The messages of the web bridge: the preload's invoke/on carried over one WebSocket.

export interface InvokeMessage {
  id: number;
  channel: string;
  req: unknown;
}
export type ServerMessage =
  | { id: number; result: unknown }
  | { event: string; payload: unknown };

/** Anything that answers a channel: the lead's handler table, or a subset of it. */
export type AnyHandlerTable = Record<string, (req: never) => Promise<unknown>>;

/** The result of a channel as a value: Electron and the WebSocket pass only plain data. */
export interface ErrorValue {
  ok: false;
  error: { code: string; message: string; details?: Record<string, unknown> };
}

export function errorValue(code: string, message: string, details: Record<string, unknown> = {}): ErrorValue {
  return { ok: false, error: { code, message, details } };
}

/** Parses one client message; returns null for anything that is not a well-formed invoke. */
export function parseInvoke(raw: string): InvokeMessage | null {
  let m: unknown;
  try {
    m = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof m !== 'object' || m === null) return null;
  const o = m as Record<string, unknown>;
  if (!Number.isSafeInteger(o.id) || typeof o.channel !== 'string' || o.channel.length > 100) return null;
  return { id: o.id as number, channel: o.channel, req: o.req };
}

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
    const err = e as { code?: unknown; message?: unknown; details?: unknown };
    return errorValue(
      typeof err.code === 'string' ? err.code : 'INTERNAL',
      typeof err.message === 'string' ? err.message : String(e),
      typeof err.details === 'object' && err.details !== null ? (err.details as Record<string, unknown>) : {},
    );
  }
}

/** Typed arrays that may cross the bridge (grid levels are Float32Array): JSON would turn them into objects. */
const TYPED = ['Float32Array', 'Float64Array', 'Int32Array', 'Uint8Array', 'Uint16Array', 'Int16Array', 'Uint32Array', 'Int8Array'] as const;

/** JSON with typed arrays as { __typed, b64 } (base64 keeps NaN nodata exact); the page shim revives them. */
export function encodeMessage(msg: ServerMessage): string {
  return JSON.stringify(msg, (_k, v: unknown) => {
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const name = v.constructor.name;
      if ((TYPED as readonly string[]).includes(name)) {
        return { __typed: name, b64: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
      }
    }
    return v;
  });
}
