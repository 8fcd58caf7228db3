// The core calls the job host may run, by name. Only these: the op name comes from main, never from the page.
import { ProspectError, type TaskOptions } from '../core/types';

export type JobOp = (args: unknown, opts: TaskOptions) => Promise<unknown>;

export const JOB_OPS: Record<string, JobOp> = {
  /** A trivial op that proves the host works end to end (used by tests). */
  async echo(args, opts) {
    opts.onProgress?.({ step: 'echo', done: 1, total: 1 });
    return args;
  },
  /** Waits (cancellably): lets tests exercise cancel and crash handling without real work. */
  async wait(args, opts) {
    const ms = typeof args === 'number' ? Math.min(args, 60_000) : 0;
    await new Promise<void>((ok, fail) => {
      const t = setTimeout(ok, ms);
      opts.signal?.addEventListener('abort', () => {
        clearTimeout(t);
        fail(new ProspectError('The operation was cancelled.', 'ABORTED'));
      });
    });
    return ms;
  },
};
