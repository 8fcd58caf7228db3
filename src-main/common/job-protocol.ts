// Messages between main and the job host (a utilityProcess in Electron, a child process elsewhere).
import type { Progress } from '../core/types';
import type { ErrorInfo } from './error-value';

export type JobRequest = { type: 'run'; id: string; op: string; args: unknown } | { type: 'cancel'; id: string };

export type JobReply =
  | { type: 'progress'; id: string; progress: Progress }
  | { type: 'done'; id: string; result: unknown }
  | { type: 'error'; id: string; error: ErrorInfo };

/** What main needs of the process it forks; utilityProcess and child_process both fit through a thin adapter. */
export interface JobPort {
  postMessage(msg: JobRequest): void;
  onMessage(cb: (msg: JobReply) => void): void;
  onExit(cb: (code: number | null) => void): void;
  kill(): void;
}
