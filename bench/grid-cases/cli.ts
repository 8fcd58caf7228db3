// The whole command against gdal_grid: `prospect grid --samples FILE --out DIR` (no project: reading the table, the
// IDW, 16 Cloud Optimized GeoTIFFs) timed as a process, against gdal_grid invdistnn run once per element, on the
// uniform survey (7,000 points over 100 x 100 km, 3072^2 cells, power 2, 12 points, radius 2.4 km).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromFile } from 'geotiff';
import type { IdwParams } from '../../src-main/core/grid/idw';
import { gdalGrid } from './gdal';
import { uniformPoints, uniformSpec, writeUniformCsv } from './uniform';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function band(file: string): Promise<Float32Array> {
  const t = await fromFile(file);
  const [b] = (await (await t.getImage()).readRasters({ interleave: false })) as unknown as Float32Array[];
  await t.close();
  return b;
}

export async function benchCli(): Promise<void> {
  const points = uniformPoints();
  const spec = uniformSpec;
  const params: IdwParams = { power: 2, maxPoints: 12, radius: 2400 };
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-cli-'));
  try {
    const csv = path.join(dir, 'survey.csv');
    writeUniformCsv(csv, points);
    const out = path.join(dir, 'out');
    const extent = [spec.xmin, spec.ymax - spec.height * spec.cellY, spec.xmin + spec.width * spec.cellX, spec.ymax].join(',');
    const args = ['bin/prospect.mjs', 'grid', '--samples', csv, '--x', 'X', '--y', 'Y', '--crs', spec.crs,
      '--size', `${spec.width}x${spec.height}`, '--extent', extent, '--power', String(params.power),
      '--max-points', String(params.maxPoints), '--radius', String(params.radius), '--out', out, '--quiet', '--json'];
    // The machine is shared: the 1-minute load average before and after each timed part goes with its figure.
    const load = [loadavg()[0]];
    const t0 = performance.now();
    const r = spawnSync('/usr/bin/time', ['-f', 'CPU %U %S', process.execPath, ...args], { cwd: root, encoding: 'utf8' });
    const ours = (performance.now() - t0) / 1000;
    const m = /CPU ([\d.]+) ([\d.]+)/.exec(r.stderr);
    if (r.status !== 0 || !m) throw new Error(`prospect grid failed: ${r.stderr}`);
    const oursCpu = Number(m[1]) + Number(m[2]);
    // The command's own clock: the IDW, and the IDW plus the writing; the rest is start-up, reading and planning.
    const res = JSON.parse(r.stdout.trim().split('\n').pop()!) as { seconds: number; totalSeconds: number };
    load.push(loadavg()[0]);
    const files = readdirSync(out).filter((f) => f.endsWith('.tif'));
    const bytes = files.reduce((n, f) => n + statSync(path.join(out, f)).size, 0);

    let gdalS = 0, gdalCpu = 0, maskMismatch = 0, notBitIdentical = 0;
    for (let e = 0; e < points.elements.length; e++) {
      const g0 = performance.now();
      const { file, cpu } = gdalGrid(points, e, spec, params, dir);
      gdalS += (performance.now() - g0) / 1000;
      gdalCpu += cpu;
      // The command's own files, read back, against gdal_grid's.
      const [ref, mine] = [await band(file), await band(path.join(out, `${points.elements[e]}.tif`))];
      const nd = Math.fround(-3e38);
      for (let i = 0; i < ref.length; i++) {
        const rn = ref[i] === nd, on = mine[i] === -9999;
        if (rn !== on) maskMismatch++;
        else if (!rn && ref[i] !== mine[i]) notBitIdentical++;
      }
      rmSync(file);
    }
    load.push(loadavg()[0]);
    console.log(JSON.stringify({
      case: 'cli-grid-3072-16-uniform', ours_s: +ours.toFixed(3), gdal_s: +gdalS.toFixed(3), ratio: +(gdalS / ours).toFixed(1),
      ours_cpu_s: +oursCpu.toFixed(3), gdal_cpu_s: +gdalCpu.toFixed(3), cpu_ratio: +(gdalCpu / oursCpu).toFixed(1),
      phases_s: { start_read_plan: +(ours - res.totalSeconds).toFixed(2), idw: +res.seconds.toFixed(2), write: +(res.totalSeconds - res.seconds).toFixed(2) },
      load_ours: load.slice(0, 2).map((l) => +l.toFixed(2)), load_gdal: load.slice(1).map((l) => +l.toFixed(2)),
      mask_mismatch: maskMismatch, cells_not_bit_identical: notBitIdentical, files: files.length, files_mb: Math.round(bytes / 2 ** 20),
      samples: points.x.length, cell_m: spec.cellX, radius_m: params.radius,
      command: `prospect ${args.slice(1).join(' ')}`.replace(dir, '$TMP').replace(dir, '$TMP'),
      layout: 'COG: tiles 256, DEFLATE (plane encoder) + float predictor, averaged overviews; gdal_grid: strips, uncompressed',
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
