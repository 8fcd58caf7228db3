/**
 * The Content-Security-Policy of every page, in Electron and behind the web bridge. No remote content at all;
 * 'wasm-unsafe-eval' is not needed in the renderer (tfjs runs in main), blob: images carry colour-mapped grids,
 * ws://127.0.0.1 only for the web bridge.
 */
export function contentSecurityPolicy(opts: { devServer?: string; webBridge?: boolean } = {}): string {
  const connect = ["'self'"];
  if (opts.devServer) connect.push(opts.devServer, opts.devServer.replace(/^http/, 'ws'));
  if (opts.webBridge) connect.push('ws://127.0.0.1:*');
  const script = ["'self'"];
  if (opts.devServer) script.push(opts.devServer);
  return [
    "default-src 'none'",
    `script-src ${script.join(' ')}`,
    // Vue's scoped styles and deck.gl's canvas sizing use inline style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${connect.join(' ')}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
