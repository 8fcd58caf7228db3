// src-main is laid out by runtime. ESLint guards the imports; this checks the same rules on the files as they are,
// including dynamic imports and `import type`, which lint does not all see the same way.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli';

type Sources = Map<string, string>;

/** Every .ts file under a folder, keyed by its path relative to the repository root with forward slashes. */
function readSources(dir: string, out: Sources = new Map()): Sources {
  for (const e of readdirSync(join(repoRoot, dir), { withFileTypes: true })) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) readSources(p, out);
    else if (e.name.endsWith('.ts')) out.set(p, readFileSync(join(repoRoot, p), 'utf8'));
  }
  return out;
}

/** The module specifiers of static imports, re-exports, side-effect imports and dynamic imports. */
function specifiers(src: string): string[] {
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;
  return [...src.matchAll(re)].map((m) => m[1]!);
}

const isElectron = (spec: string) => spec === 'electron' || spec.startsWith('electron/');

/** A relative specifier as a path from the repository root, for folder checks; packages stay as they are. */
function target(file: string, spec: string): string {
  if (!spec.startsWith('.')) return spec;
  return relative(repoRoot, resolve(repoRoot, dirname(file), spec)).replace(/\\/g, '/');
}

function layoutViolations(sources: Sources): string[] {
  const bad: string[] = [];
  for (const [file, src] of sources) {
    const specs = specifiers(src);
    const inElectron = /^src-main\/electron\/[^/]+\.ts$/.test(file);
    if (file.startsWith('src-main/electron/') && !inElectron) bad.push(`${file}: src-main/electron has no subfolders`);
    if (inElectron && !/from 'electron'/.test(src)) bad.push(`${file}: does not import electron`);
    if (!inElectron && file !== 'src-main/index.ts' && specs.some(isElectron)) bad.push(`${file}: imports electron`);
    for (const spec of specs) {
      const to = target(file, spec);
      if (file.startsWith('src-main/web-bridge/') && to.startsWith('src-main/electron')) bad.push(`${file}: imports ${spec}`);
      if (/^src-main\/(common|node|core)\//.test(file) && /^src-main\/(electron|web-bridge)(\/|$)/.test(to)) bad.push(`${file}: imports ${spec}`);
      if (file === 'src-main/index.ts' && to.startsWith('src-main/web-bridge')) bad.push(`${file}: imports ${spec}`);
    }
  }
  return bad;
}

describe('src-main layout by runtime', () => {
  it('keeps Electron in src-main/electron and index.ts, and the web bridge off Electron', () => {
    const sources = readSources('src-main');
    // The folders themselves must exist, or the checks below pass on nothing.
    for (const dir of ['common', 'node', 'electron', 'web-bridge']) expect([...sources.keys()].some((f) => f.startsWith(`src-main/${dir}/`))).toBe(true);
    expect(layoutViolations(sources)).toEqual([]);
  });

  it('reports each kind of breach', () => {
    const broken: Sources = new Map([
      ['src-main/electron/pure.ts', "export const x = 1;\n"],
      ['src-main/electron/typed.ts', "import type { App } from 'electron';\n"],
      ['src-main/node/job.ts', "import { app } from 'electron';\n"],
      ['src-main/common/lazy.ts', "export const m = () => import('electron/main');\n"],
      ['src-main/web-bridge/host.ts', "import { buildWindowOptions } from '../electron/window-options';\n"],
      ['src-main/node/bridge.ts', "export * from '../web-bridge/serve';\n"],
      ['src-main/index.ts', "import { app } from 'electron';\nimport { startWebBridge } from './web-bridge/host';\n"],
    ]);
    expect(layoutViolations(broken)).toEqual([
      'src-main/electron/pure.ts: does not import electron',
      'src-main/node/job.ts: imports electron',
      'src-main/common/lazy.ts: imports electron',
      'src-main/web-bridge/host.ts: imports ../electron/window-options',
      'src-main/node/bridge.ts: imports ../web-bridge/serve',
      'src-main/index.ts: imports ./web-bridge/host',
    ]);
  });
});
