#!/usr/bin/env node
// Serves the built renderer and the real core over a loopback WebSocket, for a browser where no Electron binary
// exists:  node bin/web-bridge.mjs [--port 0] [--work-dir DIR] [--root DIR]   (build first: npx electron-vite build)
// --root is the folder the page's file browser may show and every path a request names must lie under (default:
// the home folder); the work folder (default: a private folder of this user under the temporary folder) is allowed too.
// The printed address carries a secret made at start: open it as printed (it is also in WORK_DIR/bridge-url, mode 0600).
import { register } from 'tsx/esm/api';
register();
const args = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : dflt;
};
const { startWorkstationBridge } = await import('../src-main/web-bridge/serve.ts');
let bridge;
try {
  bridge = await startWorkstationBridge({
    port: Number(arg('--port', '0')),
    workDir: arg('--work-dir', undefined),
    root: arg('--root', undefined),
  });
} catch (e) {
  console.error(`The web bridge did not start: ${e?.message ?? e}`);
  process.exit(1);
}
console.log(`Prospect Workstation web bridge: ${bridge.url}  (loopback only; open this address as printed, its secret included; Ctrl+C to stop)`);
process.on('SIGINT', () => void bridge.close().then(() => process.exit(0)));
