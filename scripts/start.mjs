#!/usr/bin/env node
// `npm start`: runs the desktop app through electron-vite where an Electron binary exists; otherwise says what to do.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
function electronBinary() {
  if (process.env.ELECTRON_EXEC_PATH && existsSync(process.env.ELECTRON_EXEC_PATH)) return process.env.ELECTRON_EXEC_PATH;
  try {
    const dir = dirname(require.resolve('electron/package.json'));
    const pathTxt = join(dir, 'path.txt');
    if (!existsSync(pathTxt)) return null;
    const bin = join(dir, 'dist', readFileSync(pathTxt, 'utf8').trim());
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

if (!electronBinary()) {
  console.error(`No Electron binary is installed here, so the desktop window cannot open.
  - On a machine with internet: run "npx electron --version" once (Electron downloads its binary on first use),
    or set ELECTRON_EXEC_PATH to an installed Electron, then "npm start" again.
  - Without Electron: build the renderer ("npx electron-vite build") and open it in a browser through the web bridge:
      node bin/web-bridge.mjs --port 8765      then open the address it prints (it carries a secret)
  - Or use the command line: node bin/prospect.mjs help`);
  process.exit(2);
}
const mode = process.argv.includes('--dev') ? 'dev' : 'preview';
const r = spawnSync('npx', ['electron-vite', mode], { stdio: 'inherit' });
process.exit(r.status ?? 1);
