import { availableParallelism } from 'node:os';
import { ProspectError } from '../types';

/*
 * When data parallelism pays (measured with `npm run bench -- train`, 2-core VM, quiet moment, see issue 4's report):
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
): WorkerChoice {
  if (asked !== undefined && asked !== 'auto' && !(Number.isInteger(asked) && asked >= 1)) {
    throw new ProspectError(`workers must be 'auto' or a whole number of at least 1 (got ${asked}).`, 'BAD_TRAIN_CONFIG', { column: 'workers' });
  }
  if (backend !== 'wasm') return { workers: 1, why: `the ${backend} backend trains on one replica` };
  if (typeof asked === 'number') return { workers: asked, why: `${asked} asked for` };
  if (cores < 2) return { workers: 1, why: 'one core' };
  const run = work.macsPerImage * work.imagesPerRun;
  if (run < MIN_RUN_MACS) return { workers: 1, why: `the run (${(run / 1e9).toFixed(1)} GMAC) is too short to pay for starting helpers` };
  const shard = (work.macsPerImage * work.imagesPerRound) / cores;
  if (shard < MIN_SHARD_MACS) return { workers: 1, why: `a shard of ${(shard / 1e6).toFixed(0)} MMAC is too light to split` };
  return { workers: cores, why: `${cores} cores, ${(shard / 1e9).toFixed(2)} GMAC per shard` };
}
