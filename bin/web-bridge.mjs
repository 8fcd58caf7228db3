#!/usr/bin/env node
// Serves the built renderer and the real core over a loopback WebSocket, for a browser where no Electron binary
// exists:  node bin/web-bridge.mjs [--port 0] [--work-dir DIR] [--root DIR]   (build first: npx electron-vite build)
// --root is the folder the page's file browser may show (default: the home folder).
import { register } from 'tsx/esm/api';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
register();
const args = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : dflt;
};
const { startWorkstationBridge } = await import('../src-main/web-bridge/serve.ts');
const bridge = await startWorkstationBridge({
  port: Number(arg('--port', '0')),
  workDir: arg('--work-dir', join(tmpdir(), 'prospect-workstation')),
  root: arg('--root', undefined),
});
console.log(`Prospect Workstation web bridge: ${bridge.url}  (loopback only; Ctrl+C to stop)`);
process.on('SIGINT', () => void bridge.close().then(() => process.exit(0)));
