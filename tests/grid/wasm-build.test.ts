// The WebAssembly modules are committed as TypeScript (src-main/**/wasm/*.wasm.ts) so that no build needs an
// assembler; this checks each is what scripts/build-wasm.mjs makes of its .wat source today.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli';

describe('the WebAssembly modules', () => {
  it('are assembled from their sources as committed', () => {
    const r = spawnSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], { cwd: repoRoot, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
