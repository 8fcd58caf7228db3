// Gridding benchmark: our IDW + 16 GeoTIFF writes against gdal_grid invdistnn (one run per element), same params.
// `npm run bench -- grid [size=3072] [radius_m=5000] [workers=auto] [points=laterites|demo]`
// laterites: 7,742 real samples spread over much of Western Australia (most cells are nodata at a 5 km radius);
// demo: the built-in demo survey, 7,000 samples densely covering 40 x 40 km (every cell valid, as in the paper).
// `npm run bench -- grid cli-uniform`: the whole `prospect grid --samples FILE --out DIR` command (bench/grid-cases/cli.ts);
// `npm run bench -- grid deflate`: the DEFLATE settings on one grid (bench/grid-cases/deflate.ts). With no argument, the
// laterites cases and then cli-uniform.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import proj4 from 'proj4';
import { fromFile } from 'geotiff';
import { idwGrid, type IdwParams } from '../src-main/core/grid/idw';
import { writeGeoTiff } from '../src-main/core/grid/geotiff-write';
import { extentFromPoints } from '../src-main/core/grid/spec';
import { PAPER_ELEMENTS, type GridSpec, type SamplePoints } from '../src-main/core/types';
import { generateDemo } from '../src-main/core/demo/generate';
import { importSamples } from '../src-main/core/samples/import';
import { benchCli } from './grid-cases/cli';
import { benchDeflate } from './grid-cases/deflate';
import { gdalGrid } from './grid-cases/gdal';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const csvFile = path.resolve(root, '../shared/data/yilgarn-laterites/laterites.csv');

// The laterites lack Sn, B, Hg and F: stand-in columns with their own missing-value patterns keep 16 real bands.
const COLUMN: Record<string, string> = {
  As: 'As_ppm', Cu: 'Cu_ppm', Pb: 'Pb_ppm', Zn: 'Zn_ppm', Mn: 'Mn_ppm', Sn: 'Ni_ppm', W: 'W_ppm', Ag: 'Ag_ppm',
  Au: 'Au_ppb', B: 'Co_ppm', Sb: 'Sb_ppm', Bi: 'Bi_ppm', Mo: 'Mo_ppm', Hg: 'Cr_ppm', F: 'V_ppm', Ba: 'Ba_ppm',
};

export function laterites(): SamplePoints {
  const lines = readFileSync(csvFile, 'utf8').split(/\r?\n/).filter(Boolean);
  const header = lines[0].split(',');
  const rows = lines.slice(1).map((l) => l.split(','));
  const at = (name: string) => header.indexOf(name);
  const toUtm = proj4('EPSG:4326', '+proj=utm +zone=50 +south +datum=WGS84 +units=m +no_defs');
  const n = rows.length;
  const x = new Float64Array(n), y = new Float64Array(n);
  rows.forEach((r, i) => {
    const lon = r[at('LONGITUDE')], lat = r[at('LATITUDE')];
    // One sample has no coordinates: it stays NaN and is skipped by the gridding, as gdal_grid never sees it.
    if (lon === '' || lat === '') { x[i] = NaN; y[i] = NaN; return; }
    const [e, nn] = toUtm.forward([Number(lon), Number(lat)]);
    x[i] = e; y[i] = nn;
  });
  const values = PAPER_ELEMENTS.map((el) => {
    const j = at(COLUMN[el]);
    // Blank = not analysed; 9999 = over-range sentinel (Mn).
    return Float64Array.from(rows, (r) => (r[j] === '' || Number(r[j]) === 9999 ? NaN : Number(r[j])));
  });
  return { crs: 'EPSG:32750', x, y, elements: [...PAPER_ELEMENTS], values };
}

async function demoPoints(): Promise<SamplePoints> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-demo-'));
  try {
    const files = generateDemo(dir);
    return (await importSamples(files.samplesFile, { x: 'X', y: 'Y', crs: files.crs })).points;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function bench(args: string[]): Promise<void> {
  if (args[0] === 'cli-uniform') return benchCli();
  if (args[0] === 'deflate') return benchDeflate();
  await benchIdw(args);
  if (args.length === 0) await benchCli();
}

async function benchIdw(args: string[]): Promise<void> {
  const size = Number(args[0] ?? 3072);
  const radius = Number(args[1] ?? 5000);
  const workers = args[2] !== undefined && args[2] !== 'auto' ? Number(args[2]) : undefined;
  const dataset = args[3] ?? 'laterites';
  const points = dataset === 'demo' ? await demoPoints() : laterites();
  const [xmin, ymin, xmax, ymax] = extentFromPoints(points.x, points.y, radius, 1000);
  // Whole-metre square cells keep every cell centre exact, as in gdal_grid's own arithmetic.
  const cell = Math.ceil(Math.max(xmax - xmin, ymax - ymin) / size);
  const spec: GridSpec = { crs: points.crs, xmin, ymax, cellX: cell, cellY: cell, width: size, height: size };
  const params: IdwParams = { power: 2, maxPoints: 12, radius };
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-grid-'));
  try {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const stack = await idwGrid(points, spec, params, { workers });
    const tGrid = performance.now();
    const cGrid = process.cpuUsage(c0);
    // Uncompressed strips, as gdal_grid writes by default; the 16 files are written concurrently (libuv's pool).
    await Promise.all(stack.bands.map((band, e) =>
      writeGeoTiff(path.join(dir, `ours_${stack.elements[e]}.tif`), { spec, bands: [band], tileSize: 0 })));
    const tOurs = performance.now();
    const cpu = process.cpuUsage(c0);
    const rssOurs = process.resourceUsage().maxRSS / 1024;
    const denseBytes = stack.elements.reduce((a, el) => a + statSync(path.join(dir, `ours_${el}.tif`)).size, 0);
    for (const el of stack.elements) rmSync(path.join(dir, `ours_${el}.tif`));
    // Second layout, same grid: 256 x 256 tiles, identical (all-nodata) tiles stored once. Same pixels for any reader.
    const c1 = process.cpuUsage();
    const s0 = performance.now();
    await Promise.all(stack.bands.map((band, e) => writeGeoTiff(path.join(dir, `shared_${stack.elements[e]}.tif`),
      { spec, bands: [band], tileSize: 256, shareBlocks: true })));
    const sharedWrite = (performance.now() - s0) / 1000;
    const cpuShared = process.cpuUsage(c1);
    const sharedBytes = stack.elements.reduce((a, el) => a + statSync(path.join(dir, `shared_${el}.tif`)).size, 0);
    for (const el of stack.elements) rmSync(path.join(dir, `shared_${el}.tif`));

    let gdalMs = 0, gdalCpu = 0, maxAbs = 0, maskMismatch = 0, bitDiff = 0;
    for (let e = 0; e < points.elements.length; e++) {
      const g0 = performance.now();
      const { file, cpu: c } = gdalGrid(points, e, spec, params, dir);
      gdalMs += performance.now() - g0;
      gdalCpu += c;
      const tiff = await fromFile(file);
      const [ref] = (await (await tiff.getImage()).readRasters({ interleave: false })) as unknown as Float32Array[];
      await tiff.close();
      const ours = stack.bands[e];
      const nd = Math.fround(-3e38);
      for (let i = 0; i < ref.length; i++) {
        const rn = ref[i] === nd, on = Number.isNaN(ours[i]);
        if (rn !== on) { maskMismatch++; continue; }
        if (rn) continue;
        const d = Math.abs(ref[i] - ours[i]);
        if (d > 0) bitDiff++;
        if (d > maxAbs) maxAbs = d;
      }
      rmSync(file);
    }
    const ours_s = (tOurs - t0) / 1000;
    const gdal_s = gdalMs / 1000;
    console.log(JSON.stringify({
      case: `idw-${size}-16-${dataset}`, ours_s: +ours_s.toFixed(3), grid_s: +((tGrid - t0) / 1000).toFixed(3),
      write_s: +((tOurs - tGrid) / 1000).toFixed(3), gdal_s: +gdal_s.toFixed(3), ratio: +(gdal_s / ours_s).toFixed(1),
      ours_cpu_s: +((cpu.user + cpu.system) / 1e6).toFixed(3), gdal_cpu_s: +gdalCpu.toFixed(3),
      cpu_ratio: +(gdalCpu / ((cpu.user + cpu.system) / 1e6)).toFixed(1),
      max_abs_diff: maxAbs, mask_mismatch: maskMismatch, cells_not_bit_identical: bitDiff,
      peak_rss_mb: Math.round(rssOurs), samples: points.x.length, cell_m: cell, radius_m: radius,
      files_mb: Math.round(denseBytes / 2 ** 20), layout: 'strips, uncompressed (as gdal_grid)',
    }));
    const sharedS = (tGrid - t0) / 1000 + sharedWrite;
    const sharedCpu = (cGrid.user + cGrid.system + cpuShared.user + cpuShared.system) / 1e6;
    console.log(JSON.stringify({
      case: `idw-${size}-16-${dataset}-shared-tiles`, ours_s: +sharedS.toFixed(3), grid_s: +((tGrid - t0) / 1000).toFixed(3),
      write_s: +sharedWrite.toFixed(3), gdal_s: +gdal_s.toFixed(3), ratio: +(gdal_s / sharedS).toFixed(1),
      ours_cpu_s: +sharedCpu.toFixed(3), gdal_cpu_s: +gdalCpu.toFixed(3), cpu_ratio: +(gdalCpu / sharedCpu).toFixed(1),
      files_mb: Math.round(sharedBytes / 2 ** 20), layout: 'tiles 256, identical tiles stored once (same grid as above)',
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
