// The renderer's typed client over window.api (the preload in Electron, the web-bridge shim in a browser).
import type { AllInvokes as Invokes, Events } from '../../src-preload/contract';

export interface PageApi {
  invoke(channel: string, req: unknown): Promise<unknown>;
  on(event: string, cb: (payload: unknown) => void): () => void;
  platform: 'electron' | 'web-bridge';
}

export interface ApiErrorInfo {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/** A failed channel, rebuilt on this side with its code so the page can say what to do. */
export class ApiError extends Error {
  constructor(readonly info: ApiErrorInfo, readonly channel: string) {
    super(info.message);
    this.name = 'ApiError';
  }
  get code(): string {
    return this.info.code;
  }
}

type Channel = keyof Invokes & string;
type EventName = keyof Events & string;

function bridge(): PageApi {
  if (!window.api) throw new Error('window.api is missing: the page was opened outside the workstation.');
  return window.api;
}

/** Calls a channel; an error value ({ ok: false }) becomes a thrown ApiError. */
export async function invoke<K extends Channel>(channel: K, req: Invokes[K]['req']): Promise<Invokes[K]['res']> {
  const r = (await bridge().invoke(channel, req)) as unknown;
  if (r && typeof r === 'object' && 'ok' in r) {
    const o = r as { ok: boolean; error?: ApiErrorInfo; value?: unknown };
    if (o.ok === false) throw new ApiError(o.error ?? { code: 'UNKNOWN', message: 'Unknown error' }, channel);
    if ('value' in o) return o.value as Invokes[K]['res'];
  }
  return r as Invokes[K]['res'];
}

export function on<K extends EventName>(event: K, cb: (payload: Events[K]) => void): () => void {
  return bridge().on(event, cb as (p: unknown) => void);
}

export function platform(): PageApi['platform'] {
  return bridge().platform;
}
