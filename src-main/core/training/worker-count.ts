import { availableParallelism } from 'node:os';
import { ProspectError } from '../types';

/*
 * Replicas or threads. The wasm backend can run XNNPACK on every core (wasm-threads.ts), so one replica can use them
 * for its convolutions and matrix products; data-parallel replicas also split the single-threaded parts (batch norm,
 * im2col and col2im, elementwise kernels). Measured with `npm run bench -- train` on 2 cores (img/s, one replica on
 * 2 threads against 2 one-thread replicas): ResNet-50 64 px batch 8 6.6 / 6.8, batch 32 8.6 / 10.6, 224 px
 * 0.75 / 1.02, ResNet-18 64 px 14.9 / 14.2, smallcnn 28 px batch 32 189 / 268. Replicas win or tie, so 'auto'
 * plans one-thread replicas by the rule below, except that no replica gets a shard smaller than batch norm's batch
 * would be without them (8 images, or the micro-batch): at batch 8 on 2 cores that means one replica on 2 threads
 * (a tie in speed, and batch norm keeps its 8 images), on 16 cores at batch 32 four replicas of 4 threads.
 * Threads also serve a single replica that was asked for (workers 1) and inference (the predict step's backend
 * gets every core).
 *
 * When data parallelism pays on a one-thread backend (2-core VM, session 1):
 * - per round, synchronisation cost 1.1 ms for smallcnn (0.1 M weights) against a 184 ms shard, and 49 ms for
 *   ResNet-18 (11 M weights) against a 775 ms shard: it is small for every model we build;
 * - starting a helper (tsx, tfjs, wasm, model build) took 0.7 s for smallcnn and 2 s for ResNet-50;
 * - the quick preset's shape (smallcnn, 28 px, batch 32) trained 1.79x faster on 2 workers, ResNet-18 at 64 px 1.2x.
 * So the rule is about amortising the start: the whole run must be worth several seconds of one thread, and a
 * shard must not be so small that the ~1 ms round trip matters.
 */

/** Total forward multiply-accumulates of a run below which helpers are not started (~10 s of one wasm thread). */
export const MIN_RUN_MACS = 1e10;
/** Forward multiply-accumulates of one replica's shard below which a round is too short to split (~20 ms). */
export const MIN_SHARD_MACS = 2e7;

export interface WorkerChoice {
  workers: number;
  why: string;
}

export interface WorkloadEstimate {
  /** Forward MACs of one image (models/macs.ts). */
  macsPerImage: number;
  /** Images per round if every core took a micro-batch: min(batchSize, cores x microBatch). */
  imagesPerRound: number;
  /** Training images over the whole run (epochs x training windows). */
  imagesPerRun: number;
  /** Images batch norm normalises together in one replica (the configured micro-batch); default 8. */
  microBatch?: number;
}

/** Replicas never split a round into shards smaller than this (or than the micro-batch, if that is smaller). */
export const MIN_SHARD_IMAGES = 8;

export interface Layout extends WorkerChoice {
  /** XNNPACK threads of each replica's wasm backend. */
  threads: number;
}

/** Replicas and threads for a wasm run, planned before the backend starts (its thread count is fixed then). */
export function planLayout(asked: number | 'auto' | undefined, work: WorkloadEstimate, cores = availableParallelism()): Layout {
  const c = chooseWorkers(asked, 'wasm', work, cores);
  // A replica count that was asked for shares the cores out as threads.
  if (typeof asked === 'number') return { ...c, threads: Math.max(1, Math.floor(cores / c.workers)) };
  if (c.workers === 1) return { ...c, threads: 1 };
  // Each replica normalises its own shard: keep shards at least as large as batch norm's batch would otherwise be,
  // and give the cores left over to XNNPACK threads.
  const minShard = Math.min(MIN_SHARD_IMAGES, work.microBatch ?? MIN_SHARD_IMAGES);
  const replicas = Math.max(1, Math.min(c.workers, Math.floor(work.imagesPerRound / minShard)));
  const threads = Math.max(1, Math.floor(cores / replicas));
  if (replicas === 1) {
    return { workers: 1, threads, why: `one replica on ${threads} XNNPACK threads: replicas would give batch norm shards of fewer than ${minShard} images` };
  }
  return { workers: replicas, threads, why: `${c.why}, ${replicas} replicas x ${threads} thread(s), shards of ${Math.floor(work.imagesPerRound / replicas)} images` };
}

/**
 * How many data-parallel replicas to run. `asked` is the caller's number or 'auto'; only the wasm backend is
 * parallelised (tfjs-node threads itself, and the pure-JS cpu backend is never fast enough to matter).
 */
export function chooseWorkers(
  asked: number | 'auto' | undefined,
  backend: string,
  work: WorkloadEstimate,
  cores = availableParallelism(),
  threads = 1,
): WorkerChoice {
  if (asked !== undefined && asked !== 'auto' && !(Number.isInteger(asked) && asked >= 1)) {
    throw new ProspectError(`workers must be 'auto' or a whole number of at least 1 (got ${asked}).`, 'BAD_TRAIN_CONFIG', { column: 'workers' });
  }
  if (backend !== 'wasm') return { workers: 1, why: `the ${backend} backend trains on one replica` };
  if (typeof asked === 'number') return { workers: asked, why: `${asked} asked for` };
  if (cores < 2) return { workers: 1, why: 'one core' };
  if (threads > 1) return { workers: 1, why: `one replica on ${threads} XNNPACK threads` };
  const run = work.macsPerImage * work.imagesPerRun;
  if (run < MIN_RUN_MACS) return { workers: 1, why: `the run (${(run / 1e9).toFixed(1)} GMAC) is too short to pay for starting helpers` };
  const shard = (work.macsPerImage * work.imagesPerRound) / cores;
  if (shard < MIN_SHARD_MACS) return { workers: 1, why: `a shard of ${(shard / 1e6).toFixed(0)} MMAC is too light to split` };
  return { workers: cores, why: `${cores} cores, ${(shard / 1e9).toFixed(2)} GMAC per shard` };
}
