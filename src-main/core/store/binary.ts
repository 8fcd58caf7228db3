// Packs plain data holding typed arrays into one byte buffer (a JSON header plus the raw bytes), so checkpoints and
// model artifacts go into a single BLOB and come back as the same typed arrays.

type Packable = unknown;
const KINDS = {
  Float32Array, Float64Array, Uint8Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array,
} as const;
type KindName = keyof typeof KINDS;

export function pack(value: Packable): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  const header = JSON.stringify(value, (_k, v: unknown) => {
    if (ArrayBuffer.isView(v)) {
      const kind = v.constructor.name as KindName;
      if (!(kind in KINDS)) throw new Error(`cannot pack a ${kind}`);
      const bytes = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
      const ref = { __bin: kind, offset, length: v.byteLength };
      parts.push(bytes);
      offset += v.byteLength;
      return ref;
    }
    return v;
  });
  const head = Buffer.from(header, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(head.length, 0);
  return Buffer.concat([len, head, ...parts]);
}

export function unpack<T = unknown>(buf: Uint8Array): T {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const headLen = b.readUInt32LE(0);
  const body = 4 + headLen;
  return JSON.parse(b.subarray(4, body).toString('utf8'), (_k, v: unknown) => {
    if (v && typeof v === 'object' && '__bin' in v) {
      const ref = v as { __bin: KindName; offset: number; length: number };
      const Ctor = KINDS[ref.__bin];
      // Copy into a fresh, aligned buffer: SQLite hands back arbitrary offsets.
      const copy = new Uint8Array(ref.length);
      copy.set(b.subarray(body + ref.offset, body + ref.offset + ref.length));
      return new Ctor(copy.buffer, 0, ref.length / Ctor.BYTES_PER_ELEMENT);
    }
    return v;
  }) as T;
}

export function float32FromBlob(blob: Uint8Array): Float32Array {
  const copy = new Uint8Array(blob.byteLength);
  copy.set(blob);
  return new Float32Array(copy.buffer);
}

export function blobFromTyped(a: ArrayBufferView): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}
