// Memory that a run of GeoTIFF writes reuses from one file to the next: the encoder workers' compressed blocks and
// the bands' overviews. Hundreds of megabytes of fresh ArrayBuffers per grid stack would each count towards V8's
// external memory, which starts a full garbage collection every few tens of megabytes, and cost page faults to touch.
import type { RasterBand } from './tiff-plan';

type BandCtor = new (buf: ArrayBufferLike) => RasterBand;
const MAX_BYTES = 0x7fff0000;

export class EncodeArena {
  /** Compressed blocks, appended by the workers at `cursor` (bytes used, advanced atomically). */
  bytes = new Uint8Array(new SharedArrayBuffer(0));
  readonly cursor = new Int32Array(new SharedArrayBuffer(4));
  private readonly overviews = new Map<string, RasterBand>();

  /**
   * maxBytes: the most the block memory grows to (default and ceiling just under 2 GiB, as the cursor is an Int32);
   * blocks that find it full come back from the workers on buffers of their own, as without an arena.
   */
  constructor(private readonly maxBytes = MAX_BYTES) {}

  /**
   * Starts a file: its blocks are written from the arena's start again, in room for `bytes` (grown when short).
   * The blocks of the previous file must be written out by now.
   */
  reset(bytes: number): void {
    const want = Math.min(bytes, this.maxBytes, MAX_BYTES);
    if (this.bytes.length < want) this.bytes = new Uint8Array(new SharedArrayBuffer(want));
    Atomics.store(this.cursor, 0, 0);
  }

  /** A band for overview `level` of band `band`, on shared memory, reused when the type and size match. */
  overview(band: number, level: number, like: RasterBand, length: number): RasterBand {
    const key = `${band}:${level}`;
    const had = this.overviews.get(key);
    if (had && had.constructor === like.constructor && had.length === length) return had;
    const made = new (like.constructor as BandCtor)(new SharedArrayBuffer(length * like.BYTES_PER_ELEMENT));
    this.overviews.set(key, made);
    return made;
  }
}
