// Worker thread for idwGrid: receives the shared index, output bands and band counter once, then grids bands until
// none is left to claim (the calling thread claims bands from the same counter).
import { parentPort } from 'node:worker_threads';
import { gridBand, IdwScratch, type IdwWorkerInit } from './idw-kernel';

parentPort?.on('message', (init: IdwWorkerInit) => {
  const scratch = new IdwScratch();
  const total = init.bandRows.length / 2;
  for (let b = Atomics.add(init.next, 0, 1); b < total; b = Atomics.add(init.next, 0, 1)) {
    try {
      gridBand(init, b, scratch);
    } catch (err) {
      parentPort?.postMessage({ type: 'error', id: b, message: (err as Error).stack ?? String(err) });
      return;
    }
    parentPort?.postMessage({ type: 'done', id: b });
  }
});
