// The IPC contract is what the renderer's type check reads of the core: it may import only modules of types and
// constants, never the code that computes them (the store, tfjs, the steps). This walks its import graph the way the
// TypeScript compiler resolves it, `import type` and re-exports included, and lists exactly what it may reach. It also
// holds the renderer's one run-time door into src-main: the vocabulary, which imports nothing.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli';

/** What the contract may reach, itself included: types and constants only. */
const CONTRACT_MAY_IMPORT = [
  'src-main/core/config-types.ts',
  'src-main/core/quality/types.ts',
  'src-main/core/result-parts.ts',
  'src-main/core/results.ts',
  'src-main/core/targets-types.ts',
  'src-main/core/types.ts',
  'src-main/core/view-types.ts',
  'src-main/core/vocabulary.ts',
  'src-preload/contract.ts',
];

/** The only src-main module the renderer imports at run time (not `import type`). */
const RENDERER_RUNTIME_CORE = ['src-main/core/vocabulary.ts'];

type Read = (file: string) => string | undefined;
const readRepo: Read = (file) => (existsSync(join(repoRoot, file)) ? readFileSync(join(repoRoot, file), 'utf8') : undefined);

/** A relative specifier as a repository path to a .ts file (or index.ts); packages and node: built-ins as they are. */
function resolveSpec(from: string, spec: string, read: Read): string {
  if (!spec.startsWith('.')) return spec;
  const base = relative(repoRoot, resolve(repoRoot, dirname(from), spec)).replace(/\\/g, '/');
  for (const c of [base, `${base}.ts`, `${base}/index.ts`]) if (c.endsWith('.ts') && read(c) !== undefined) return c;
  return base;
}

/** Every module a file imports or re-exports, type-only ones included, as the compiler's pre-processor lists them. */
function importsOf(file: string, read: Read): string[] {
  const src = read(file);
  if (src === undefined) return [];
  return ts.preProcessFile(src, true, true).importedFiles.map((f) => resolveSpec(file, f.fileName, read));
}

/** Every module reachable from `entry`, itself included, sorted. */
export function importClosure(entry: string, read: Read = readRepo): string[] {
  const seen = new Set<string>([entry]);
  const todo = [entry];
  while (todo.length) {
    for (const to of importsOf(todo.pop()!, read)) {
      if (!seen.has(to)) {
        seen.add(to);
        if (to.endsWith('.ts')) todo.push(to);
      }
    }
  }
  return [...seen].sort();
}

/** The renderer's files (the script of .vue files too). */
function rendererFiles(dir = 'src-renderer/src', out: string[] = []): string[] {
  for (const e of readdirSync(join(repoRoot, dir), { withFileTypes: true })) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) rendererFiles(p, out);
    else if (/\.(ts|vue)$/.test(e.name)) out.push(p);
  }
  return out;
}

/** Modules a file imports at run time: every import but `import type` and `export type`. */
function runtimeImports(file: string, src: string): string[] {
  const re = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\bfrom\s*)?['"]([^'"]+)['"]/gm;
  return [...src.matchAll(re)].filter((m) => !m[2]).map((m) => resolveSpec(file, m[3]!, readRepo));
}

describe('the IPC contract', () => {
  it('imports only modules of types and constants', () => {
    expect(importClosure('src-preload/contract.ts')).toEqual(CONTRACT_MAY_IMPORT);
  });

  it('reaches no package and no Node built-in through them', () => {
    const packages = CONTRACT_MAY_IMPORT.flatMap((f) => importsOf(f, readRepo).filter((s) => !s.endsWith('.ts')).map((s) => `${f} -> ${s}`));
    expect(packages).toEqual([]);
  });

  it('would be caught importing the store, directly or through another module', () => {
    const files: Record<string, string> = {
      'src-preload/contract.ts': "import type { StepName } from '../src-main/core/results';\nimport type { Project } from '../src-main/core/store/project';\n",
      'src-main/core/results.ts': "export type { X } from './evaluation/metrics';\n",
      'src-main/core/store/project.ts': "import Database from 'better-sqlite3';\n",
      'src-main/core/evaluation/metrics.ts': '',
    };
    const closure = importClosure('src-preload/contract.ts', (f) => files[f]);
    expect(closure.filter((f) => !CONTRACT_MAY_IMPORT.includes(f))).toEqual(['better-sqlite3', 'src-main/core/evaluation/metrics.ts', 'src-main/core/store/project.ts']);
  });
});

describe('the renderer', () => {
  it('imports src-main at run time only through the vocabulary, which imports nothing', () => {
    const runtime = new Set<string>();
    for (const f of rendererFiles()) {
      const src = readFileSync(join(repoRoot, f), 'utf8');
      for (const to of runtimeImports(f, src)) if (to.startsWith('src-main/') || to.startsWith('src-preload/')) runtime.add(to);
    }
    // The renderer's settings and legends read the vocabulary, so the set is not empty: the check looks at real imports.
    expect([...runtime].sort()).toEqual(RENDERER_RUNTIME_CORE);
    for (const f of RENDERER_RUNTIME_CORE) expect(importsOf(f, readRepo)).toEqual([]);
  });
});
