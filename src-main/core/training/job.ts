import { ProspectError, type Progress } from '../types';
import { startWorker } from '../util/workers';
import type { Checkpoint, CheckpointStore } from './checkpoint';
import type { TrainResult } from './train';
import type { EngineConfig, TrainData } from './types';
import type { BackendPreference } from './backend';

/** TrainResult without the live model: what crosses the worker boundary (artifacts hold the model). */
export type TrainJobResult = Omit<TrainResult, 'model'>;

export interface TrainingJob {
  /** Adds a progress listener; returns a function that removes it. */
  onProgress(listener: (p: Progress) => void): () => void;
  /** Stops the worker at once; `result` then rejects with code 'ABORTED'. The last checkpoint stays usable. */
  cancel(): void;
  result: Promise<TrainJobResult>;
}

export interface TrainingJobOptions {
  checkpoints?: CheckpointStore;
  resume?: boolean;
  backend?: BackendPreference;
  /** Data-parallel replicas (see TrainOptions.workers); default: config.workers, else automatic. */
  workers?: number;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

/** Messages between the job and train.worker.ts. */
export type ToWorker =
  | { type: 'start'; data: TrainData; config: EngineConfig; resume: boolean; hasStore: boolean; workers?: number }
  | { type: 'checkpoint-loaded'; id: number; checkpoint: Checkpoint | null }
  | { type: 'checkpoint-saved'; id: number; error?: string };
export type FromWorker =
  | { type: 'progress'; progress: Progress }
  | { type: 'checkpoint-load'; id: number }
  | { type: 'checkpoint-save'; id: number; checkpoint: Checkpoint }
  | { type: 'done'; result: TrainJobResult }
  | { type: 'error'; message: string; code: string; details: Record<string, unknown> };

/**
 * Runs trainModel in a worker thread so the caller's event loop stays free. Checkpoints are handed to
 * `opts.checkpoints` on this thread (so a SQLite connection never has to cross threads).
 */
export function startTrainingJob(data: TrainData, config: EngineConfig, opts: TrainingJobOptions = {}): TrainingJob {
  const listeners = new Set<(p: Progress) => void>();
  if (opts.onProgress) listeners.add(opts.onProgress);
  const worker = startWorker(import.meta.url, 'train.worker');
  let settled = false;
  let cancelled = false;
  let resolveFn!: (r: TrainJobResult) => void;
  let rejectFn!: (e: Error) => void;
  const result = new Promise<TrainJobResult>((res, rej) => {
    resolveFn = res;
    rejectFn = rej;
  });
  const finish = (err: Error | null, r?: TrainJobResult) => {
    if (settled) return;
    settled = true;
    opts.signal?.removeEventListener('abort', cancel);
    if (err) rejectFn(err);
    else resolveFn(r as TrainJobResult);
    void worker.terminate();
  };
  function cancel() {
    if (settled) return;
    cancelled = true;
    finish(new ProspectError('Training was cancelled.', 'ABORTED'));
  }
  opts.signal?.addEventListener('abort', cancel);
  if (opts.signal?.aborted) queueMicrotask(cancel);

  worker.on('message', async (m: FromWorker) => {
    switch (m.type) {
      case 'progress':
        for (const l of listeners) l(m.progress);
        break;
      case 'checkpoint-load': {
        const checkpoint = opts.checkpoints ? await opts.checkpoints.load() : null;
        worker.postMessage({ type: 'checkpoint-loaded', id: m.id, checkpoint } satisfies ToWorker);
        break;
      }
      case 'checkpoint-save':
        try {
          await opts.checkpoints?.save(m.checkpoint);
          worker.postMessage({ type: 'checkpoint-saved', id: m.id } satisfies ToWorker);
        } catch (e) {
          worker.postMessage({ type: 'checkpoint-saved', id: m.id, error: (e as Error).message } satisfies ToWorker);
        }
        break;
      case 'done':
        finish(null, m.result);
        break;
      case 'error':
        finish(new ProspectError(m.message, m.code, m.details));
        break;
    }
  });
  worker.on('error', (e) => {
    finish(new ProspectError(`The training worker crashed: ${e.message}. The last saved checkpoint can be resumed.`, 'WORKER_CRASHED', { cause: e.stack }));
  });
  worker.on('exit', (code) => {
    if (!cancelled) {
      finish(new ProspectError(`The training worker stopped unexpectedly (exit code ${code}), e.g. out of memory. The last saved checkpoint can be resumed.`, 'WORKER_CRASHED', { exitCode: code }));
    }
  });
  const cfg: EngineConfig = opts.backend ? { ...config, backend: opts.backend } : config;
  worker.postMessage({ type: 'start', data, config: cfg, resume: !!opts.resume, hasStore: !!opts.checkpoints, workers: opts.workers } satisfies ToWorker);
  return {
    onProgress(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    cancel,
    result,
  };
}
