import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';
import { resolve, relative } from 'node:path';
import { readdirSync } from 'node:fs';

const root = import.meta.dirname;

/** Every *.worker.ts under src-main, keyed by its path without extension so that it keeps its place in out/main. */
function workerEntries(dir = resolve(root, 'src-main')): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = resolve(dir, e.name);
    if (e.isDirectory()) Object.assign(out, workerEntries(p));
    else if (e.name.endsWith('.worker.ts')) out[relative(resolve(root, 'src-main'), p).replace(/\\/g, '/').replace(/\.ts$/, '')] = p;
  }
  return out;
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        input: {
          index: resolve(root, 'src-main/index.ts'),
          // Forked as a process of its own (electron/utility-job-host.ts), so it is an entry, not an import.
          'node/job-host': resolve(root, 'src-main/node/job-host.ts'),
          ...workerEntries(),
        },
        output: {
          // One output module per source module: startWorker(import.meta.url, name) then finds `name.js` next to
          // the module that started it, exactly as it finds `name.ts` when running from sources.
          preserveModules: true,
          preserveModulesRoot: 'src-main',
          entryFileNames: '[name].js',
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rolldownOptions: {
        input: { index: resolve(root, 'src-preload/index.ts') },
        // CommonJS keeps the sandbox: an ES-module preload would need sandbox: false.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    plugins: [vue()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: { input: { index: resolve(root, 'src-renderer/index.html') } },
    },
  },
});
