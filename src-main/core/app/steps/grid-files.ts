import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { EncodeArena, TiffEncoderPool, writeGeoTiff } from '../../grid/geotiff-write';
import { throwIfAborted, type GridStack, type TaskOptions } from '../../types';

/**
 * One Float32 Cloud Optimized GeoTIFF per element (tiled, DEFLATE with the floating-point predictor, averaged
 * overviews), nodata = NaN cells. A stack is hundreds of megabytes, so it is written for speed: with the plane
 * encoder (grid/deflate-planes.ts), on encoder workers shared by all files, two files in flight so that this thread
 * computes one file's overviews while the workers compress the other's tiles; each of the two reuses one arena for
 * its blocks and overviews, file after file.
 */
export async function writeGridTiffs(stack: GridStack, dir: string, opts: TaskOptions & { compress?: boolean; suffix?: string; pool?: TiffEncoderPool } = {}): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const files = stack.elements.map((el) => join(dir, `${el}${opts.suffix ?? ''}.tif`));
  const compress = opts.compress !== false;
  const pool = opts.pool ?? (compress ? new TiffEncoderPool() : undefined);
  let next = 0, done = 0;
  const writer = async () => {
    const arena = new EncodeArena();
    for (let i = next++; i < files.length; i = next++) {
      throwIfAborted(opts.signal);
      await writeGeoTiff(files[i], {
        spec: stack.spec, bands: [stack.bands[i]], nodata: -9999, compress: compress ? 'deflate' : 'none',
        predictor: true, strategy: 'planes', bandNames: [stack.elements[i]],
      }, { signal: opts.signal, pool, arena });
      opts.onProgress?.({ step: 'write', done: ++done, total: files.length, message: files[i] });
    }
  };
  try {
    await Promise.all([writer(), writer()]);
  } finally {
    if (!opts.pool) await pool?.close();
  }
  return files;
}
