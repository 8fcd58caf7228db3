// Runs the real `prospect` CLI in a child process, as a user would, and reads its --json line.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const dataDir = path.resolve(repoRoot, '../shared/data');
const bin = path.join(repoRoot, 'bin/prospect.mjs');

export interface CliResult { code: number; stdout: string; stderr: string; json: Record<string, unknown> | null }

function lastJson(stdout: string): Record<string, unknown> | null {
  const line = stdout.trim().split('\n').pop();
  try {
    return line ? (JSON.parse(line) as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function prospect(args: string[], opts: { timeoutMs?: number } = {}): CliResult {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot, encoding: 'utf8', timeout: opts.timeoutMs ?? 600_000, maxBuffer: 64 << 20 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, json: lastJson(r.stdout) };
}

/** The same, without blocking the test's event loop (for tests that watch or kill the process). */
export function prospectAsync(args: string[]) {
  const child = spawn(process.execPath, [bin, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<CliResult>((resolve) => child.on('close', (code, signal) =>
    resolve({ code: code ?? (signal ? -1 : 0), stdout, stderr, json: lastJson(stdout) })));
  return { child, done };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

export function gdalinfo(file: string, ...extra: string[]): Record<string, unknown> {
  const r = spawnSync('gdalinfo', ['-json', ...extra, file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`gdalinfo failed on ${file}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}
