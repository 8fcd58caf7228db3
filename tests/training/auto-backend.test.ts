// The automatic backend choice on Linux without a GPU device: Dawn is not even loaded (it could offer only a software
// adapter, which 'auto' refuses), and the reason says so; a Vulkan driver named in the environment is still tried.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli';
import { SWIFTSHADER_ICD } from './webgpu-env';

const script = path.join(repoRoot, 'tests/training/scripts/auto-backend.ts');

function choose(env: NodeJS.ProcessEnv): { name: string; reasons: string[]; dawnLoaded: boolean } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', script], { cwd: repoRoot, encoding: 'utf8', env, timeout: 120_000, stdio: ['ignore', 'pipe', 'ignore'] });
  return JSON.parse(out.trim().split('\n').pop() as string);
}

const noVulkanEnv = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  for (const k of ['VK_ICD_FILENAMES', 'VK_DRIVER_FILES', 'VK_ADD_DRIVER_FILES']) delete env[k];
  return env;
};
const gpuNode = (existsSync('/dev/dri') && readdirSync('/dev/dri').some((n) => n.startsWith('renderD'))) ||
  readdirSync('/dev').some((n) => /^nvidia\d+$/.test(n) || n === 'dxg');

describe.runIf(process.platform === 'linux')("'auto' on Linux", () => {
  it.runIf(!gpuNode)('does not load Dawn without a GPU device node, and says why', () => {
    const b = choose(noVulkanEnv());
    expect(b.name).toBe('wasm');
    expect(b.dawnLoaded).toBe(false);
    expect(b.reasons.join('\n')).toMatch(/webgpu not tried: no GPU device \(\/dev\/dri\/renderD\*/);
  });

  it('tries a Vulkan driver named in VK_ICD_FILENAMES, and refuses it as software', () => {
    const b = choose({ ...noVulkanEnv(), VK_ICD_FILENAMES: SWIFTSHADER_ICD });
    expect(b.name).toBe('wasm');
    expect(b.dawnLoaded).toBe(true);
    expect(b.reasons.join('\n')).toMatch(/webgpu not used: the only adapter is a software one/);
  });
});
