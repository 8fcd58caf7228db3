// GDAL and QGIS as the clients that open our files: ogrinfo/gdalinfo, and ../shared/scripts/qgis-open (headless QGIS).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../helpers/cli';

export const qgisOpenScript = path.resolve(repoRoot, '../shared/scripts/qgis-open');

export function run(cmd: string, args: string[], cwd?: string): { code: number; out: string; err: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd, timeout: 240_000, maxBuffer: 64 << 20, env: { ...process.env, QT_QPA_PLATFORM: 'offscreen' } });
  return { code: r.status ?? -1, out: r.stdout ?? '', err: r.stderr ?? '' };
}

export interface QgisLayer {
  layer: string; valid: boolean; crs: string; kind: 'raster' | 'vector'; features?: number; bands?: number; style?: string | null; project?: string; layers?: number; read?: boolean;
}

/** Runs qgis-open and returns its JSON lines (one per layer, and one per project read). */
export function qgisOpen(png: string, specs: string[], cwd?: string): { code: number; lines: QgisLayer[]; err: string } {
  const r = run('/usr/bin/python3', [qgisOpenScript, png, ...specs], cwd);
  const lines = r.out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as QgisLayer);
  return { code: r.code, lines, err: r.err };
}

/** ogrinfo's summary: layer name -> feature count and the CRS line. */
export function ogrLayers(file: string): Map<string, { count: number; crs: string }> {
  const r = run('ogrinfo', ['-so', '-al', file]);
  const out = new Map<string, { count: number; crs: string }>();
  for (const block of r.out.split(/\nLayer name: /).slice(1)) {
    const name = block.split('\n')[0].trim();
    const count = Number(/Feature Count: (\d+)/.exec(block)?.[1] ?? NaN);
    const crs = /(?:PROJCRS|GEOGCRS)\["([^"]+)"/.exec(block)?.[1] ?? '';
    out.set(name, { count, crs });
  }
  return out;
}
