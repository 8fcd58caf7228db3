// The page-side script that gives the renderer the same `window.api` the preload gives it inside Electron.
// Served as __bridge.js beside the page (under the bridge's secret prefix) and loaded before the app; kept as a
// string so the host has no build step. The WebSocket's address is taken from the script's own, secret included.

export const SHIM_NAME = '__bridge.js';

export const SHIM_SOURCE = `(() => {
  'use strict';
  const here = new URL(document.currentScript.src);
  here.protocol = here.protocol === 'https:' ? 'wss:' : 'ws:';
  here.pathname = here.pathname.replace(/__bridge\\.js$/, '__bridge');
  const ws = new WebSocket(here.href);
  const open = new Promise((resolve, reject) => {
    ws.addEventListener('open', () => resolve(undefined));
    ws.addEventListener('error', () => reject(new Error('The web bridge is not reachable.')));
  });
  const TYPED = { Float32Array, Float64Array, Int32Array, Uint8Array, Uint16Array, Int16Array, Uint32Array, Int8Array };
  let next = 1;
  const pending = new Map();
  const listeners = new Map();
  ws.addEventListener('message', (ev) => {
    const m = JSON.parse(ev.data, (_k, v) => {
      if (v && typeof v === 'object' && typeof v.__typed === 'string' && typeof v.b64 === 'string' && TYPED[v.__typed]) {
        const bin = atob(v.b64);
        const bytes = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
        return new TYPED[v.__typed](bytes.buffer);
      }
      return v;
    });
    if (typeof m.id === 'number') {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (p) p(m.result);
    } else if (typeof m.event === 'string') {
      for (const cb of listeners.get(m.event) || []) {
        try { cb(m.payload); } catch (e) { console.error(e); }
      }
    }
  });
  ws.addEventListener('close', () => {
    for (const p of pending.values()) p({ ok: false, error: { code: 'BRIDGE_CLOSED', message: 'The connection to the workstation was lost. Restart it and reload the page.' } });
    pending.clear();
  });
  const api = {
    async invoke(channel, req) {
      await open;
      const id = next++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        ws.send(JSON.stringify({ id, channel, req }));
      });
    },
    on(event, cb) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event).add(cb);
      return () => listeners.get(event).delete(cb);
    },
    platform: 'web-bridge',
  };
  Object.defineProperty(window, 'api', { value: Object.freeze(api), writable: false });
})();
`;
