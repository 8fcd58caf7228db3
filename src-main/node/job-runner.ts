// Runs long core calls in a separate process so the window never freezes, with progress, cancel and a clear
// message when that process dies. The process is started lazily and restarted after a crash.
import type { Progress } from '../core/types';
import { ProspectError } from '../core/types';
import type { JobPort, JobReply } from '../common/job-protocol';

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  onProgress?: (p: Progress) => void;
  op: string;
}

export interface JobRunner {
  run<T>(op: string, args: unknown, opts?: { signal?: AbortSignal; onProgress?: (p: Progress) => void }): Promise<T>;
  dispose(): void;
}

export function createJobRunner(fork: () => JobPort): JobRunner {
  let port: JobPort | null = null;
  let seq = 0;
  const pending = new Map<string, Pending>();

  function ensure(): JobPort {
    if (port) return port;
    const p = fork();
    p.onMessage((m: JobReply) => {
      const job = pending.get(m.id);
      if (!job) return;
      if (m.type === 'progress') job.onProgress?.(m.progress);
      else {
        pending.delete(m.id);
        if (m.type === 'done') job.resolve(m.result);
        else job.reject(new ProspectError(m.error.message, m.error.code, m.error.details ?? {}));
      }
    });
    p.onExit((code) => {
      if (port === p) port = null;
      for (const [id, job] of pending) {
        pending.delete(id);
        job.reject(
          new ProspectError(
            `The background process stopped unexpectedly (exit code ${code ?? 'none'}) while running '${job.op}'. ` +
              'Your project file is unchanged by the failed step; run the step again, and if it stops again, choose a ' +
              'smaller preset or grid (it may have run out of memory).',
            'JOB_CRASHED',
            { op: job.op, exitCode: code },
          ),
        );
      }
    });
    port = p;
    return p;
  }

  return {
    run<T>(op: string, args: unknown, opts: { signal?: AbortSignal; onProgress?: (p: Progress) => void } = {}): Promise<T> {
      if (opts.signal?.aborted) return Promise.reject(new ProspectError('The operation was cancelled.', 'ABORTED'));
      const id = `job-${++seq}`;
      const p = ensure();
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress: opts.onProgress, op });
        opts.signal?.addEventListener('abort', () => port?.postMessage({ type: 'cancel', id }), { once: true });
        p.postMessage({ type: 'run', id, op, args });
      });
    },
    dispose() {
      port?.kill();
      port = null;
    },
  };
}
