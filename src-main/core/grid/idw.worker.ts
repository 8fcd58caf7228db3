// Worker thread for idwGrid: receives the shared groups once, then grids the row bands it is sent.
import { parentPort } from 'node:worker_threads';
import { idwRows, type IdwGroup, type IdwKernelParams } from './idw-kernel';

interface Init { type: 'init'; params: IdwKernelParams; groups: IdwGroup[]; out: Float32Array[] }
interface Band { type: 'band'; id: number; row0: number; row1: number }

let state: Init | null = null;

parentPort?.on('message', (msg: Init | Band) => {
  if (msg.type === 'init') {
    state = msg;
    parentPort?.postMessage({ type: 'ready' });
    return;
  }
  if (!state) throw new Error('idw-worker: band before init');
  try {
    for (const g of state.groups) idwRows(state.params, g, state.out, msg.row0, msg.row1);
    parentPort?.postMessage({ type: 'done', id: msg.id });
  } catch (err) {
    parentPort?.postMessage({ type: 'error', id: msg.id, message: (err as Error).stack ?? String(err) });
  }
});
