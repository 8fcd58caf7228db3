// XNNPACK threads in the wasm backend under Node (training/wasm-threads.ts). Each thread count needs its own process:
// the count is fixed when the backend starts.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli';

const script = path.join(repoRoot, 'tests/training/scripts/train-hash.ts');

function run(threads: number, workers: number): { threads: number; workers: number; loss: number; hash: string } {
  // The timeout also catches a pool that would keep the process alive after its work is done.
  const out = execFileSync(process.execPath, ['--import', 'tsx', script, String(threads), String(workers)], { cwd: repoRoot, encoding: 'utf8', timeout: 240_000 });
  return JSON.parse(out.trim().split('\n').pop() as string);
}

describe('wasm backend with XNNPACK threads', () => {
  it('starts 2 and 3 threads, trains to the same weights as 1 thread, and lets the process exit', () => {
    const one = run(1, 1);
    const two = run(2, 1);
    const three = run(3, 1);
    expect(one.threads).toBe(1);
    expect(two.threads).toBe(2);
    expect(three.threads).toBe(3);
    expect(Number.isFinite(one.loss)).toBe(true);
    // XNNPACK splits work by output tiles, never a sum across threads: the weights are bit-identical.
    expect(two.hash).toBe(one.hash);
    expect(three.hash).toBe(one.hash);
  }, 600_000);

  it('runs data-parallel replicas beside a threaded backend', () => {
    const replicas = run(2, 2);
    expect(replicas.workers).toBe(2);
    expect(replicas.threads).toBe(2);
    expect(Number.isFinite(replicas.loss)).toBe(true);
  }, 600_000);
});
