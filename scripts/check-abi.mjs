#!/usr/bin/env node
// Prints the ABI (NODE_MODULE_VERSION) better-sqlite3 was built for against this Node's and Electron's, so a native
// module built for the wrong runtime is caught before packaging ("was compiled against a different Node.js version").
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const addon = join(dirname(require.resolve('better-sqlite3/package.json')), 'build/Release/better_sqlite3.node');

/** The module version is stored in the addon's node_module_register struct; find it by trying to load the addon. */
function builtAbi() {
  if (!existsSync(addon)) return { abi: null, note: `${addon} is missing: run npm rebuild better-sqlite3` };
  try {
    require(addon);
    return { abi: Number(process.versions.modules), note: 'loads in this Node' };
  } catch (e) {
    const m = /NODE_MODULE_VERSION (\d+)\. This version of Node\.js requires\s+NODE_MODULE_VERSION (\d+)/.exec(String(e.message));
    return m ? { abi: Number(m[1]), note: 'does not load in this Node' } : { abi: null, note: String(e.message).split('\n')[0] };
  }
}

let electronAbi = null;
try {
  // node_modules/electron/abi_version is written by the electron package (no binary needed).
  const f = join(dirname(require.resolve('electron/package.json')), 'abi_version');
  if (existsSync(f)) electronAbi = Number(readFileSync(f, 'utf8').trim());
} catch { /* electron not installed */ }

const built = builtAbi();
const out = { addon, builtFor: built.abi, note: built.note, node: { version: process.version, abi: Number(process.versions.modules) }, electron: { abi: electronAbi } };
console.log(JSON.stringify(out, null, 2));
if (process.argv.includes('--electron') && built.abi !== electronAbi) {
  console.error(`better-sqlite3 is built for ABI ${built.abi}, Electron needs ${electronAbi}: run "npx electron-builder install-app-deps".`);
  process.exit(1);
}
