// The job host in an Electron utilityProcess: core work runs off the main thread, and a crash rejects the job with a
// clear message (node/job-runner) instead of taking the window down.
import { utilityProcess } from 'electron';
import { join } from 'node:path';
import type { JobPort, JobReply } from '../common/job-protocol';

export function forkUtilityJobHost(): JobPort {
  // The build keeps one output module per source module and the host is an entry of its own: out/main/node/job-host.js.
  const child = utilityProcess.fork(join(import.meta.dirname, '../node/job-host.js'), [], { serviceName: 'Prospect jobs', stdio: 'inherit' });
  return {
    postMessage: (m) => child.postMessage(m),
    onMessage: (cb) => child.on('message', (m: JobReply) => cb(m)),
    onExit: (cb) => child.on('exit', (code) => cb(code)),
    kill: () => void child.kill(),
  };
}
