// A loopback-only host that serves the built renderer over HTTP and the handler table over a WebSocket, so the
// real renderer runs in a browser against the real core where no Electron binary exists (tests, headless demos).
// Loopback is not a boundary on a machine with other users or other programs: every request, page, asset and the
// WebSocket upgrade alike, must carry a random secret made at start, as the first segment of its path. The secret is
// only in the URL the bridge prints; nothing is served without it, and no cookie carries it (a cookie is handed to
// whoever asks, which would give it to every local process).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { ProspectError } from '../core/types';
import { contentSecurityPolicy } from '../common/csp';
import { dispatch, type AnyHandlerTable } from '../common/dispatch';
import { encodeMessage, parseInvoke } from './protocol';
import { SHIM_NAME, SHIM_SOURCE } from './shim';

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
  /** The page's address, secret included: the only way in. */
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
/** The WebSocket's path under the secret prefix. */
export const SOCKET_NAME = '__bridge';

/** A fresh 256-bit secret, URL-safe. */
export function bridgeSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Compares a path segment with the secret in constant time (the lengths are public: the secret's is fixed). */
function secretMatches(secret: Buffer, candidate: string | undefined): boolean {
  if (candidate === undefined) return false;
  const c = Buffer.from(candidate);
  return c.length === secret.length && timingSafeEqual(c, secret);
}

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
  const secret = bridgeSecret();
  const secretBytes = Buffer.from(secret);
  const prefix = `/${secret}/`;
  /** The path after the secret ('/...'), or null when the request does not carry the secret. */
  const underSecret = (url: string | undefined): string | null => {
    const pathname = new URL(url ?? '/', 'http://x').pathname;
    const segments = pathname.split('/');
    if (!secretMatches(secretBytes, segments[1])) return null;
    return segments.length === 2 ? '' : pathname.slice(prefix.length - 1);
  };

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
    const under = underSecret(req.url);
    if (under === null) {
      res.writeHead(404).end();
      return;
    }
    if (under === '') {
      res.writeHead(308, { location: prefix }).end();
      return;
    }
    const path = decodeURIComponent(under);
    const headers = { 'content-security-policy': csp, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };
    if (path === `/${SHIM_NAME}`) {
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
      body = body.toString('utf8').replace('<head>', `<head>\n    <script src="${SHIM_NAME}"></script>`);
    }
    res.writeHead(200, { ...headers, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
  }

  const wss = new WebSocketServer({
    server,
    maxPayload: 64 * 1024 * 1024,
    // The upgrade is checked as every request is: the secret in the path, our own Origin and our own Host.
    verifyClient: (info: { origin: string; req: IncomingMessage }) =>
      info.origin === origin && info.req.headers.host === origin.slice('http://'.length) && underSecret(info.req.url) === `/${SOCKET_NAME}`,
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
    url: `${origin}${prefix}`,
    port,
    close: () =>
      new Promise<void>((ok) => {
        for (const c of clients) c.terminate();
        wss.close();
        server.close(() => ok());
      }),
  };
}
