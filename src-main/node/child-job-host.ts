// The job host as a Node child process, where no Electron utilityProcess exists (the web bridge).
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { JobPort, JobReply } from '../common/job-protocol';

/** Runs the built job-host.js when it sits beside this module, else the TypeScript source through tsx. */
export function forkChildJobHost(): JobPort {
  const here = import.meta.dirname;
  const js = join(here, 'job-host.js');
  const child = existsSync(js)
    ? fork(js, [], { stdio: 'inherit' })
    : fork(join(here, 'job-host.ts'), [], { stdio: 'inherit', execArgv: ['--import', 'tsx'] });
  return {
    postMessage: (m) => child.send(m),
    onMessage: (cb) => child.on('message', (m) => cb(m as JobReply)),
    onExit: (cb) => child.on('exit', (code) => cb(code)),
    kill: () => void child.kill(),
  };
}
