// The only bridge between the untrusted renderer and main: a typed invoke/on over the contract's channel names, and
// no other name (channels.ts lists them, checked against the contract when it compiles).
// Emitted as CommonJS so the window keeps sandbox: true.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { AllInvokes as Invokes, Events } from './contract';
import { isEventName, isInvokeChannel } from './channels';

const api = {
  invoke<K extends keyof Invokes & string>(channel: K, req: Invokes[K]['req']): Promise<unknown> {
    // Errors cross as values, as main's own answer for an unknown channel does.
    if (!isInvokeChannel(channel)) return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `There is no channel '${String(channel)}'.` } });
    return ipcRenderer.invoke(channel, req);
  },
  on<K extends keyof Events & string>(event: K, cb: (payload: Events[K]) => void): () => void {
    if (!isEventName(event)) throw new Error(`There is no event '${String(event)}'.`);
    // Never hand the IpcRendererEvent (and its sender) to the page: only the payload crosses.
    const listener = (_e: IpcRendererEvent, payload: Events[K]): void => cb(payload);
    ipcRenderer.on(event, listener);
    return () => {
      ipcRenderer.removeListener(event, listener);
    };
  },
  platform: 'electron' as const,
};

contextBridge.exposeInMainWorld('api', api);
