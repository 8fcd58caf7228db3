// Encoder worker: fills, predicts and deflates the block rows it is sent, from bands on SharedArrayBuffers, and
// hands the compressed blocks back as one transferred buffer.
import { parentPort } from 'node:worker_threads';
import { encodeRows, type EncodeJob } from './tiff-deflate';

parentPort?.on('message', (msg: { id: number; job: EncodeJob }) => {
  try {
    const { packed, lengths } = encodeRows(msg.job);
    parentPort?.postMessage({ id: msg.id, packed, lengths }, [packed.buffer as ArrayBuffer]);
  } catch (err) {
    parentPort?.postMessage({ id: msg.id, error: (err as Error).stack ?? String(err) });
  }
});
