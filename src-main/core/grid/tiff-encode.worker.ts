// Encoder worker: fills, predicts and deflates the block rows it is sent, from bands on SharedArrayBuffers, and
// appends the compressed blocks to the job's shared arena, or hands them back as one transferred buffer.
import { parentPort } from 'node:worker_threads';
import { encodeRowsShared, type EncodeJob } from './tiff-deflate';

parentPort?.on('message', (msg: { id: number; job: EncodeJob }) => {
  try {
    const r = encodeRowsShared(msg.job);
    if ('at' in r) parentPort?.postMessage({ id: msg.id, ...r });
    else parentPort?.postMessage({ id: msg.id, ...r }, [r.packed.buffer as ArrayBuffer]);
  } catch (err) {
    parentPort?.postMessage({ id: msg.id, error: (err as Error).stack ?? String(err) });
  }
});
