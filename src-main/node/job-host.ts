// The job host: runs in an Electron utilityProcess (or a Node child process under the web bridge and in tests),
// executes one core call per 'run' message and posts its progress. It imports only plain-Node core code.
import { ProspectError } from '../core/types';
import { describeError } from '../common/error-value';
import type { JobReply, JobRequest } from '../common/job-protocol';
import { JOB_OPS } from './job-ops';

interface ParentPortLike {
  on(event: 'message', cb: (e: { data: JobRequest }) => void): void;
  postMessage(msg: JobReply): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
const send = (m: JobReply): void => {
  if (parentPort) parentPort.postMessage(m);
  else process.send?.(m);
};
const controllers = new Map<string, AbortController>();

async function handle(msg: JobRequest): Promise<void> {
  if (msg.type === 'cancel') {
    controllers.get(msg.id)?.abort();
    return;
  }
  const ctl = new AbortController();
  controllers.set(msg.id, ctl);
  try {
    const op = Object.prototype.hasOwnProperty.call(JOB_OPS, msg.op) ? JOB_OPS[msg.op] : undefined;
    if (!op) throw new ProspectError(`Unknown job '${msg.op}'.`, 'UNKNOWN_JOB');
    let last = 0;
    const result = await op(msg.args, {
      signal: ctl.signal,
      onProgress: (progress) => {
        // Throttle to ~20 messages/s: training reports per batch, the window needs far fewer.
        const now = Date.now();
        if (now - last < 50 && progress.done < progress.total) return;
        last = now;
        send({ type: 'progress', id: msg.id, progress });
      },
    });
    send({ type: 'done', id: msg.id, result });
  } catch (e) {
    send({ type: 'error', id: msg.id, error: describeError(e) });
  } finally {
    controllers.delete(msg.id);
  }
}

if (parentPort) parentPort.on('message', (e) => void handle(e.data));
else process.on('message', (m) => void handle(m as JobRequest));
