import { parentPort } from 'node:worker_threads';
import { ProspectError } from '../types';
import type { Checkpoint, CheckpointStore } from './checkpoint';
import type { FromWorker, ToWorker } from './job';
import { trainModel } from './train';

// Worker side of startTrainingJob: runs trainModel and proxies checkpoints to the parent thread.
const port = parentPort;
if (!port) throw new Error('train-worker must run in a worker thread');

const pending = new Map<number, (m: ToWorker) => void>();
let nextId = 1;
const send = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

function request(m: FromWorker & { id: number }): Promise<ToWorker> {
  return new Promise((res) => {
    pending.set(m.id, res);
    send(m);
  });
}

const proxyStore: CheckpointStore = {
  async load(): Promise<Checkpoint | null> {
    const r = await request({ type: 'checkpoint-load', id: nextId++ });
    return r.type === 'checkpoint-loaded' ? r.checkpoint : null;
  },
  async save(c: Checkpoint): Promise<void> {
    const r = await request({ type: 'checkpoint-save', id: nextId++, checkpoint: c });
    if (r.type === 'checkpoint-saved' && r.error) throw new ProspectError(`Saving the checkpoint failed: ${r.error}`, 'CHECKPOINT_SAVE_FAILED');
  },
};

port.on('message', async (m: ToWorker) => {
  if (m.type !== 'start') {
    pending.get(m.id)?.(m);
    pending.delete(m.id);
    return;
  }
  try {
    const r = await trainModel(m.data, m.config, {
      resume: m.resume,
      workers: m.workers,
      checkpoints: m.hasStore ? proxyStore : undefined,
      onProgress: (progress) => send({ type: 'progress', progress }),
    });
    const { model, ...rest } = r;
    model.dispose();
    send({ type: 'done', result: rest }, [rest.artifacts.weights.buffer as ArrayBuffer]);
  } catch (e) {
    const err = e as ProspectError;
    send({ type: 'error', message: err.message ?? String(e), code: err.code ?? 'TRAIN_FAILED', details: { ...(err.details ?? {}), stack: err.stack } });
  }
});
