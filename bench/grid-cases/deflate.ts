// The DEFLATE settings measured on real grids, to choose the defaults: for each, the CPU seconds to write one Float32
// grid as a COG (tiles of 256, the floating-point predictor, averaged overviews) and the size against the raw bytes.
// Grids: one element of the uniform survey (every cell valid) and of the laterites (most cells nodata), both 3072^2.
import { TiffEncoderPool, encodeGeoTiff } from '../../src-main/core/grid/geotiff-write';
import { idwGrid } from '../../src-main/core/grid/idw';
import { extentFromPoints } from '../../src-main/core/grid/spec';
import type { DeflateStrategy } from '../../src-main/core/grid/tiff-plan';
import type { GridSpec, SamplePoints } from '../../src-main/core/types';
import { laterites } from '../grid';
import { uniformPoints, uniformSpec } from './uniform';

const SETTINGS: { strategy: DeflateStrategy; level: number }[] = [
  { strategy: 'planes', level: 1 }, { strategy: 'rle', level: 1 }, { strategy: 'huffman', level: 1 },
  { strategy: 'default', level: 1 }, { strategy: 'default', level: 3 }, { strategy: 'default', level: 6 }, { strategy: 'default', level: 9 },
];

function one(p: SamplePoints, e: number): SamplePoints {
  return { ...p, elements: [p.elements[e]], values: [p.values[e]] };
}

export async function benchDeflate(): Promise<void> {
  const lat = laterites();
  const [xmin, , xmax, ymax] = extentFromPoints(lat.x, lat.y, 5000, 1000);
  const cell = Math.ceil((xmax - xmin) / 3072);
  const latSpec: GridSpec = { crs: lat.crs, xmin, ymax, cellX: cell, cellY: cell, width: 3072, height: 3072 };
  const grids = [
    { name: 'uniform-Cu', band: (await idwGrid(one(uniformPoints(), 1), uniformSpec, { power: 2, maxPoints: 12, radius: 2400 })).bands[0], spec: uniformSpec },
    { name: 'laterites-Cu', band: (await idwGrid(one(lat, 1), latSpec, { power: 2, maxPoints: 12, radius: 5000 })).bands[0], spec: latSpec },
  ];
  // One worker: the CPU seconds are one core's, and the process's CPU time is the encoding's.
  const pool = new TiffEncoderPool(1);
  try {
    // Started and warm before the first measurement.
    const tiny = new Float32Array(new SharedArrayBuffer(4 * 64 * 64));
    await encodeGeoTiff({ spec: { ...uniformSpec, width: 64, height: 64 }, bands: [tiny], compress: 'deflate', tileSize: 16 }, { pool });
    for (const g of grids) {
      const raw = g.band.byteLength;
      for (const s of SETTINGS) {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        const bytes = (await encodeGeoTiff({ spec: g.spec, bands: [g.band], nodata: -9999, compress: 'deflate', ...s }, { pool })).length;
        const c = process.cpuUsage(c0);
        const cpu = (c.user + c.system) / 1e6;
        console.log(JSON.stringify({
          case: `deflate-${g.name}-${s.strategy}${s.strategy === 'planes' ? '' : `-${s.level}`}`, cpu_s: +cpu.toFixed(3),
          wall_s: +((performance.now() - t0) / 1000).toFixed(3), mb_per_cpu_s: Math.round(raw / 2 ** 20 / cpu),
          ratio: +(bytes / raw).toFixed(3), mb: +(bytes / 2 ** 20).toFixed(1), note: 'ratio: file (with overviews) / raw full resolution',
        }));
      }
    }
  } finally {
    await pool.close();
  }
}
