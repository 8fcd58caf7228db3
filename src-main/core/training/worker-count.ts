import { availableParallelism } from 'node:os';
import { ProspectError } from '../types';

/*
 * Replicas or threads. Since the wasm backend runs XNNPACK on every core (wasm-threads.ts), one replica already uses
 * them for its convolutions and matrix products; data-parallel replicas also split the single-threaded parts (batch
 * norm, im2col, the SGD pass) but each repacks every weight every step. Measured with `npm run bench -- train`
 * (2-core VM): see REPLICA_MACS_PER_WEIGHT. So 'auto' plans (planLayout) one replica on a threaded backend for
 * weight-heavy rounds and one-thread replicas for image-heavy ones.
 *
 * When data parallelism pays on a one-thread backend (2-core VM, session 1):
 * - per round, synchronisation cost 1.1 ms for smallcnn (0.1 M weights) against a 184 ms shard, and 49 ms for
 *   ResNet-18 (11 M weights) against a 775 ms shard: it is small for every model we build;
 * - starting a helper (tsx, tfjs, wasm, model build) took 0.7 s for smallcnn and 2 s for ResNet-50;
 * - the quick preset's shape (smallcnn, 28 px, batch 32) trained 1.79x faster on 2 workers, ResNet-18 at 64 px 1.2x.
 * So the rule is about amortising the start: the whole run must be worth several seconds of one thread, and a
 * shard must not be so small that the ~1 ms round trip matters.
 */

/**
 * Forward MACs of one round per weight above which replicas beat threads. Measured on 2 cores with
 * `npm run bench -- train`: ResNet-50 at 64 px, batch 8 (116 MAC per weight) and batch 32 (454) and ResNet-18 at
 * 64 px (105) ran faster on threads (6.0 / 8.2 / 15.0 img/s against 5.2 / 5.0 / 13.5 on replicas); ResNet-50 at
 * 224 px (1,390: 0.87 against 0.80) and the quick preset's smallcnn (2,700: 12.9 s against 17.2 s) on replicas, where
 * the per-image work the replicas split outweighs the weights that each of them repacks every step.
 */
export const REPLICA_MACS_PER_WEIGHT = 1000;

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
}

export interface Layout extends WorkerChoice {
  /** XNNPACK threads of each replica's wasm backend. */
  threads: number;
}

/**
 * Replicas and threads for a wasm run, planned before the backend starts (its thread count is fixed then).
 * `weights` is the model's weight count.
 */
export function planLayout(asked: number | 'auto' | undefined, work: WorkloadEstimate & { weights: number }, cores = availableParallelism()): Layout {
  if (typeof asked === 'number') {
    const c = chooseWorkers(asked, 'wasm', work, cores);
    return { ...c, threads: Math.max(1, Math.floor(cores / c.workers)) };
  }
  const one = chooseWorkers(asked, 'wasm', work, cores);
  if (one.workers === 1) return { ...one, threads: 1 };
  const perWeight = (work.macsPerImage * work.imagesPerRound) / Math.max(work.weights, 1);
  if (perWeight >= REPLICA_MACS_PER_WEIGHT) return { ...one, why: `${one.why}, ${perWeight.toFixed(0)} MAC per weight a round`, threads: 1 };
  return { workers: 1, threads: cores, why: `one replica on ${cores} XNNPACK threads: ${perWeight.toFixed(0)} MAC per weight a round is too few to repack every weight in each replica` };
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
