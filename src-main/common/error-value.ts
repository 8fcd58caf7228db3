// Errors cross process and window boundaries as plain values: Electron's IPC keeps only a thrown error's message,
// and neither the job host's channel nor the WebSocket carries class instances.
import type { ErrorInfo } from '../../src-preload/contract';

export type { ErrorInfo };

export interface ErrorValue {
  ok: false;
  error: ErrorInfo;
}

export function errorValue(code: string, message: string, details: ErrorInfo['details'] = {}): ErrorValue {
  return { ok: false, error: { code, message, details } };
}

/** The one mapping from anything thrown to what crosses a boundary: a ProspectError keeps its code and details. */
export function describeError(e: unknown): Required<ErrorInfo> {
  const err = (typeof e === 'object' && e !== null ? e : {}) as { code?: unknown; message?: unknown; details?: unknown };
  return {
    code: typeof err.code === 'string' ? err.code : 'INTERNAL',
    message: typeof err.message === 'string' ? err.message : String(e),
    details: typeof err.details === 'object' && err.details !== null ? (err.details as NonNullable<ErrorInfo['details']>) : {},
  };
}
