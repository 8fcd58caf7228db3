// The messages of the web bridge: the preload's invoke/on carried over one WebSocket.

export interface InvokeMessage {
  id: number;
  channel: string;
  req: unknown;
}
export type ServerMessage =
  | { id: number; result: unknown }
  | { event: string; payload: unknown };

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
