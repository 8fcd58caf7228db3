// A private copy of what the CLI runs from (bin/, src-main/, resources/, package.json) with a node_modules of links
// to the real packages: tests that change a source's time or take packages away do so there, never under the other
// tests running beside them, and its CLI build is its own (its node_modules/.cache).
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from './cli';

export function privateCheckout(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  for (const f of ['bin', 'src-main', 'resources', 'package.json']) cpSync(path.join(repoRoot, f), path.join(dir, f), { recursive: true });
  mkdirSync(path.join(dir, 'node_modules'));
  for (const e of readdirSync(path.join(repoRoot, 'node_modules'))) {
    if (e !== '.bin' && e !== '.cache') symlinkSync(path.join(repoRoot, 'node_modules', e), path.join(dir, 'node_modules', e));
  }
  return dir;
}

/** Takes packages out of a private checkout: a run there cannot resolve them at all. */
export function withoutPackages(dir: string, names: string[]): void {
  for (const n of names) rmSync(path.join(dir, 'node_modules', n), { force: true });
}
