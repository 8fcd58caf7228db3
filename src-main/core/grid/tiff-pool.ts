// A pool of encoder workers: DEFLATE and the predictor on every core, since a grid stack is hundreds of megabytes
// and one thread compressing it would take longer than gridding it.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { ProspectError } from '../types';
import { startWorker } from '../util/workers';
import { unpack, type EncodeJob } from './tiff-deflate';

interface Task { id: number; job: EncodeJob; resolve: (b: Buffer[]) => void; reject: (e: Error) => void }
const IN_FLIGHT = 2;
type Reply = { id: number; packed: Uint8Array; lengths: number[] } | { id: number; at: number; lengths: number[] } | { id: number; error: string };

export class TiffEncoderPool {
  private readonly workers: Worker[] = [];
  private readonly queue: Task[] = [];
  /** Tasks sent to each worker, oldest first: two each, so a worker never waits for this thread to send the next. */
  private readonly running = new Map<Worker, Task[]>();
  private nextId = 0;
  private failure: Error | null = null;

  /** `size` workers (default: one per core); they start now, so their start-up overlaps what the caller does next. */
  constructor(size = availableParallelism()) {
    for (let i = 0; i < Math.max(1, size); i++) {
      const w = startWorker(import.meta.url, 'tiff-encode.worker', { bundle: true });
      w.on('message', (r: Reply) => this.settle(w, r));
      w.on('error', (err) => this.fail(new ProspectError(`GeoTIFF encoder failed: ${err.message}`, 'TIFF_WORKER')));
      w.on('exit', (code) => { if (this.workers.length) this.fail(new ProspectError(`GeoTIFF encoder exited (${code}).`, 'TIFF_WORKER')); });
      this.workers.push(w);
      this.running.set(w, []);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /**
   * The job's blocks, compressed on the next free worker: views of `job.into` when it is given, and had room. The
   * job's band must live on a SharedArrayBuffer.
   */
  encode(job: EncodeJob): Promise<Buffer[]> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    const ws = this.workers.splice(0);
    this.fail(new ProspectError('The GeoTIFF encoder was closed.', 'TIFF_WORKER'));
    await Promise.all(ws.map((w) => w.terminate()));
  }

  private dispatch(): void {
    for (let depth = 1; depth <= IN_FLIGHT; depth++) {
      for (const [w, sent] of this.running) {
        if (!this.queue.length) return;
        if (sent.length >= depth) continue;
        const t = this.queue.shift()!;
        sent.push(t);
        w.postMessage({ id: t.id, job: t.job });
      }
    }
  }

  private settle(w: Worker, r: Reply): void {
    const sent = this.running.get(w);
    const t = sent?.[0]?.id === r.id ? sent.shift() : undefined;
    if (t) {
      if ('error' in r) t.reject(new ProspectError(`GeoTIFF encoder failed: ${r.error}`, 'TIFF_WORKER'));
      else if ('at' in r) t.resolve(unpack(Buffer.from(t.job.into!.bytes.buffer, t.job.into!.bytes.byteOffset + r.at), r.lengths));
      else t.resolve(unpack(Buffer.from(r.packed.buffer, r.packed.byteOffset, r.packed.length), r.lengths));
    }
    this.dispatch();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const t of [...[...this.running.values()].flatMap((sent) => sent.splice(0)), ...this.queue.splice(0)]) t.reject(err);
  }
}
