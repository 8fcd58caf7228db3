import { availableParallelism } from 'node:os';
import { ProspectError } from '../types';

/**
 * Below this many forward multiply-accumulates per replica shard, the per-step costs of data parallelism (shipping
 * the shard, copying every gradient and weight through shared memory, waking the other thread) outweigh the second
 * core. Measured with bench/train.ts (see the report of issue 4): smallcnn at 28 px batch 32 (~0.12 G per shard)
 * gained nothing; ResNet-18 at 64 px batch 8 (~0.6 G per shard) gained.
 */
export const MIN_SHARD_MACS = 4e8;

export interface WorkerChoice {
  workers: number;
  why: string;
}

/**
 * How many data-parallel replicas to run. `asked` is the caller's number or 'auto'; only the wasm backend is
 * parallelised (tfjs-node threads itself, and the pure-JS cpu backend is never fast enough to matter).
 */
export function chooseWorkers(
  asked: number | 'auto' | undefined,
  backend: string,
  macsPerImage: number,
  imagesPerRound: number,
  cores = availableParallelism(),
): WorkerChoice {
  if (asked !== undefined && asked !== 'auto' && !(Number.isInteger(asked) && asked >= 1)) {
    throw new ProspectError(`workers must be 'auto' or a whole number of at least 1 (got ${asked}).`, 'BAD_TRAIN_CONFIG', { column: 'workers' });
  }
  if (backend !== 'wasm') return { workers: 1, why: `the ${backend} backend trains on one replica` };
  if (typeof asked === 'number') return { workers: asked, why: `${asked} asked for` };
  if (cores < 2) return { workers: 1, why: 'one core' };
  const shardMacs = (macsPerImage * imagesPerRound) / cores;
  if (shardMacs < MIN_SHARD_MACS) {
    return { workers: 1, why: `a shard of ${(shardMacs / 1e9).toFixed(2)} GMAC is too light to pay for synchronising ${cores} replicas` };
  }
  return { workers: cores, why: `${cores} cores, ${(shardMacs / 1e9).toFixed(2)} GMAC per shard` };
}
