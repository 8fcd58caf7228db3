// Running GDAL's command-line tools as the oracles of the evidence tests, into a temp folder.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const CLONCURRY = path.resolve(import.meta.dirname, '../../../shared/data/cloncurry-iocg-wofe/CalculateWeights');
export const XINJIANG = path.resolve(import.meta.dirname, '../../../shared/data/xinjiang-au-grids');

export function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'prospect-evidence-'));
}

/** Runs a GDAL tool; GDAL_PAM_ENABLED=NO keeps the shared data's .aux.xml sidecars untouched. */
export function gdal(cmd: string, args: string[], input?: string): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', input, env: { ...process.env, GDAL_PAM_ENABLED: 'NO' }, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.error}`);
  return r.stdout;
}

/** gdalwarp as the tests compare with: no overviews (GDAL would read the .ovr when shrinking) and exact transforms. */
export function gdalwarp(src: string, dst: string, args: string[]): string {
  gdal('gdalwarp', ['-q', '-overwrite', '-ovr', 'NONE', '-et', '0', ...args, src, dst]);
  return dst;
}
