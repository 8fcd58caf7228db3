// The packaged app's hardening, read from the packaging config and the sources (no Electron binary runs here).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { repoRoot } from '../helpers/cli';
import { devServerUrl } from '../../src-main/common/app-url';
import { EVENT_NAMES, INVOKE_CHANNELS, isEventName, isInvokeChannel, type Exactly } from '../../src-preload/channels';
import type { AllInvokes } from '../../src-preload/contract';

// Read with electron-builder's own YAML reader and schema, as `electron-builder` reads it.
const builder = createRequire(join(repoRoot, 'node_modules/app-builder-lib/package.json'));
const yaml = builder('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = builder('./out/util/config/config.js') as { validateConfiguration(c: unknown, log: unknown): Promise<void> };
const config = yaml.load(readFileSync(join(repoRoot, 'build/electron-builder.yml'), 'utf8')) as Record<string, unknown>;

/** The channel names of the contract's interfaces, read from its source. */
function contractNames(iface: string): string[] {
  const src = readFileSync(join(repoRoot, 'src-preload/contract.ts'), 'utf8');
  const start = src.indexOf(`export interface ${iface} {`);
  const body = src.slice(start, src.indexOf('\n}\n', start));
  return [...body.matchAll(/^\s+'([a-zA-Z.]+)':/gm)].map((m) => m[1]!);
}

describe('packaging', () => {
  it('sets the Electron fuses: no run-as-node, encrypted cookies, no NODE_OPTIONS or inspect, asar only and checked', async () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).toBe(true);
    // electron-builder's schema (additionalProperties: false) refuses a misspelt fuse or option.
    await expect(validateConfiguration(config, { isEnabled: false, add: () => {} })).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, electronFuses: { runAsNod: false } }, { isEnabled: false, add: () => {} })).rejects.toThrow();
  });

  it('honours ELECTRON_RENDERER_URL only in a development run, and only a loopback address', () => {
    const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173' };
    expect(devServerUrl(true, env)).toBeUndefined();
    expect(devServerUrl(false, env)).toBe('http://localhost:5173');
    expect(devServerUrl(false, { ELECTRON_RENDERER_URL: 'https://evil.example/' })).toBeUndefined();
    expect(devServerUrl(false, {})).toBeUndefined();
    const index = readFileSync(join(repoRoot, 'src-main/index.ts'), 'utf8');
    expect(index).toContain('devServerUrl(app.isPackaged, process.env)');
    expect(index).not.toMatch(/=\s*process\.env\.ELECTRON_RENDERER_URL/);
  });

  it("the preload forwards exactly the contract's channels and events, and refuses any other name", () => {
    expect([...INVOKE_CHANNELS].sort()).toEqual([...contractNames('Invokes'), ...contractNames('ShellInvokes')].sort());
    expect([...EVENT_NAMES].sort()).toEqual(contractNames('Events').sort());
    for (const c of INVOKE_CHANNELS) expect(isInvokeChannel(c)).toBe(true);
    for (const c of ['__proto__', 'constructor', 'toString', 'ELECTRON_BROWSER_REQUIRE', 'data.map ', '', 3]) expect(isInvokeChannel(c), String(c)).toBe(false);
    expect(isEventName('job.done')).toBe(true);
    expect(isEventName('ipc-message')).toBe(false);
    const preload = readFileSync(join(repoRoot, 'src-preload/index.ts'), 'utf8');
    expect(preload).toMatch(/if \(!isInvokeChannel\(channel\)\)/);
    expect(preload).toMatch(/if \(!isEventName\(event\)\)/);
  });
});

// Compile-time: a list missing a channel, or naming one the contract lacks, is not assignable (tsc checks these lines).
// @ts-expect-error a channel is missing
export const missing: Exactly<readonly ['app.info'], keyof AllInvokes> = ['app.info'] as const;
// @ts-expect-error 'shell.exec' is not a channel of the contract
export const extra: Exactly<readonly [...typeof INVOKE_CHANNELS, 'shell.exec'], keyof AllInvokes> = [...INVOKE_CHANNELS, 'shell.exec'] as const;
