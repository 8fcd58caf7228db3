// src-main is laid out by runtime, and src-main/core in tiers (src-main/core/tiers.json). ESLint guards the imports;
// this checks the same rules on the files as they are, including dynamic imports and `import type`, which lint does
// not all see the same way, and that no folder of the core imports another that imports it back.
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

interface Tiers { levels: string[][]; storeValueImports: string[] }
const TIERS = JSON.parse(readFileSync(join(repoRoot, 'src-main/core/tiers.json'), 'utf8')) as Tiers;
const LEVEL = new Map(TIERS.levels.flatMap((level, i) => level.map((m) => [m, i] as const)));

/** Each import of a file with whether it brings in types only (`import type`, `export type`). */
function imports(src: string): { spec: string; typeOnly: boolean }[] {
  const out: { spec: string; typeOnly: boolean }[] = [];
  for (const m of src.matchAll(/^\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\bfrom\s*)?['"]([^'"]+)['"]/gm)) out.push({ spec: m[2]!, typeOnly: !!m[1] });
  for (const m of src.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]/g)) out.push({ spec: m[1]!, typeOnly: false });
  return out;
}

/** The core module a path (without extension) is in: its folder under src-main/core, or the top-level file. */
function coreModule(path: string, sources: Sources): string | null {
  const m = /^src-main\/core\/([^/]+?)(?:\.ts)?(\/.*)?$/.exec(path);
  if (!m) return null;
  if (m[2] || [...sources.keys()].some((f) => f.startsWith(`src-main/core/${m[1]}/`))) return m[1]!;
  return `${m[1]}.ts`;
}

/** Imports against the tiers: only lower levels; the store value-imports only what computes nothing. */
function tierViolations(sources: Sources): string[] {
  const bad: string[] = [];
  for (const [file, src] of sources) {
    const from = coreModule(file, sources);
    if (!from) continue;
    if (!LEVEL.has(from)) { bad.push(`${file}: src-main/core/${from} is in no tier of src-main/core/tiers.json`); continue; }
    for (const { spec, typeOnly } of imports(src)) {
      const to = target(file, spec);
      const mod = coreModule(to, sources);
      if (!mod || mod === from) continue;
      if (!LEVEL.has(mod)) bad.push(`${file}: imports ${spec}, in no tier`);
      else if (LEVEL.get(mod)! >= LEVEL.get(from)!) bad.push(`${file}: imports ${spec} (${from} sits below ${mod})`);
      else if (from === 'store' && !typeOnly && !TIERS.storeValueImports.some((v) => v === mod || `src-main/core/${v}` === `${to}.ts`)) {
        bad.push(`${file}: the store imports ${spec}, which computes (only its types may come in)`);
      }
    }
  }
  return bad;
}

/** Cycles between the core's folders and top-level modules, type imports included, each as 'a -> b -> a'. */
function coreCycles(sources: Sources): string[] {
  const edges = new Map<string, Set<string>>();
  for (const [file, src] of sources) {
    const from = coreModule(file, sources);
    if (!from) continue;
    for (const { spec } of imports(src)) {
      const to = coreModule(target(file, spec), sources);
      if (to && to !== from) edges.set(from, (edges.get(from) ?? new Set()).add(to));
    }
  }
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (m: string, path: string[]): void => {
    state.set(m, 'open');
    for (const n of [...(edges.get(m) ?? [])].sort()) {
      if (state.get(n) === 'open') cycles.push([...path.slice(path.indexOf(n)), n].join(' -> '));
      else if (!state.has(n)) visit(n, [...path, n]);
    }
    state.set(m, 'done');
  };
  for (const m of [...edges.keys()].sort()) if (!state.has(m)) visit(m, [m]);
  return cycles;
}

describe('src-main/core in tiers', () => {
  it('holds every core module in a tier, and imports only down the tiers', () => {
    const sources = readSources('src-main/core');
    const modules = new Set([...sources.keys()].map((f) => coreModule(f.replace(/\.ts$/, ''), sources)));
    // Every tier names a module that exists, or the checks below pass on nothing.
    for (const m of LEVEL.keys()) expect(modules.has(m), m).toBe(true);
    expect(tierViolations(sources)).toEqual([]);
  });

  it('has no folder that imports another that imports it back', () => {
    expect(coreCycles(readSources('src-main/core'))).toEqual([]);
  });

  it('reports each kind of breach', () => {
    const broken: Sources = new Map([
      ['src-main/core/samples/a.ts', "import { latestRun } from '../store/runs-repo';\nimport { readTable } from '../formats/table';\n"],
      ['src-main/core/grid/b.ts', "export const m = () => import('../selection/select');\n"],
      ['src-main/core/store/c.ts', "import { applyTransform } from '../grid/transform';\nimport type { StoredTransform } from '../grid/transform';\nimport { encodeFloatTile } from '../grid/tiff-tile';\n"],
      ['src-main/core/evaluation/d.ts', "export type { Step } from '../app/pipeline';\n"],
      ['src-main/core/novel/e.ts', "export const e = 1;\n"],
    ]);
    expect(tierViolations(broken)).toEqual([
      'src-main/core/samples/a.ts: imports ../store/runs-repo (samples sits below store)',
      'src-main/core/grid/b.ts: imports ../selection/select (grid sits below selection)',
      'src-main/core/store/c.ts: the store imports ../grid/transform, which computes (only its types may come in)',
      'src-main/core/evaluation/d.ts: imports ../app/pipeline (evaluation sits below app)',
      'src-main/core/novel/e.ts: src-main/core/novel is in no tier of src-main/core/tiers.json',
    ]);
    const circle: Sources = new Map([
      ['src-main/core/samples/a.ts', "import type { B } from '../deposits/b';\n"],
      ['src-main/core/deposits/b.ts', "import { a } from '../samples/a';\n"],
      ['src-main/core/results.ts', "import type { C } from './evaluation/c';\n"],
      ['src-main/core/evaluation/c.ts', "import type { R } from '../results';\n"],
    ]);
    expect(coreCycles(circle)).toEqual(['deposits -> samples -> deposits', 'evaluation -> results.ts -> evaluation']);
  });
});

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
