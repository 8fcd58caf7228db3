// A loopback-only host that serves the built renderer over HTTP and the handler table over a WebSocket, so the
// real renderer runs in a browser against the real core where no Electron binary exists (tests, headless demos).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { ProspectError } from '../core/types';
import { contentSecurityPolicy } from '../common/csp';
import { dispatch, type AnyHandlerTable } from '../common/dispatch';
import { encodeMessage, parseInvoke } from './protocol';
import { SHIM_PATH, SHIM_SOURCE } from './shim';

export type EmitFn = (event: string, payload: unknown) => void;

export interface WebBridgeOptions {
  /** 0 picks a free port. */
  port?: number;
  /** The built renderer (electron-vite's out/renderer). */
  rendererDir: string;
  /** Builds the handler table; `emit` broadcasts an event to every connected page. */
  createTable: (emit: EmitFn) => AnyHandlerTable | Promise<AnyHandlerTable>;
}

export interface WebBridge {
  url: string;
  port: number;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
};

const HOST = '127.0.0.1';

export async function startWebBridge(opts: WebBridgeOptions): Promise<WebBridge> {
  const root = resolve(opts.rendererDir);
  if (!existsSync(join(root, 'index.html'))) {
    throw new ProspectError(
      `The built renderer is missing: ${join(root, 'index.html')} does not exist. Run "npx electron-vite build" first.`,
      'RENDERER_NOT_BUILT',
      { file: join(root, 'index.html') },
    );
  }
  const csp = contentSecurityPolicy();
  const clients = new Set<WebSocket>();
  const emit: EmitFn = (event, payload) => {
    const msg = encodeMessage({ event, payload });
    for (const c of clients) if (c.readyState === c.OPEN) c.send(msg);
  };
  const table = await opts.createTable(emit);
  let origin = '';

  const server = createServer((req, res) => {
    void serve(req, res).catch((e: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(e));
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Refuse other host names: a page on another site cannot reach us through DNS rebinding.
    if (req.headers.host !== origin.slice('http://'.length)) {
      res.writeHead(403).end();
      return;
    }
    const path = decodeURIComponent(new URL(req.url ?? '/', origin).pathname);
    const headers = { 'content-security-policy': csp, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };
    if (path === SHIM_PATH) {
      res.writeHead(200, { ...headers, 'content-type': TYPES['.js']! }).end(SHIM_SOURCE);
      return;
    }
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root + sep) || !existsSync(file)) {
      res.writeHead(404, headers).end();
      return;
    }
    let body: Buffer | string = await readFile(file);
    if (file === join(root, 'index.html')) {
      // The shim must run before the app's module script: a classic script in <head> does.
      body = body.toString('utf8').replace('<head>', `<head>\n    <script src="${SHIM_PATH}"></script>`);
    }
    res.writeHead(200, { ...headers, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
  }

  const wss = new WebSocketServer({
    server,
    path: '/__bridge',
    maxPayload: 64 * 1024 * 1024,
    verifyClient: (info: { origin: string }) => info.origin === origin,
  });
  wss.on('connection', (ws) => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    ws.on('message', (data) => {
      const msg = parseInvoke(data.toString());
      if (!msg) return;
      void dispatch(table, msg.channel, msg.req).then((result) => {
        if (ws.readyState === ws.OPEN) ws.send(encodeMessage({ id: msg.id, result }));
      });
    });
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, HOST, () => ok());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  origin = `http://${HOST}:${port}`;
  return {
    url: `${origin}/`,
    port,
    close: () =>
      new Promise<void>((ok) => {
        for (const c of clients) c.terminate();
        wss.close();
        server.close(() => ok());
      }),
  };
}
