import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeGeoTiff } from '../grid/geotiff-write';
import { throwIfAborted, type GridStack, type TaskOptions } from '../types';

/** One Float32 GeoTIFF per element (tiled, DEFLATE with the floating-point predictor), nodata = NaN cells. */
export async function writeGridTiffs(stack: GridStack, dir: string, opts: TaskOptions & { compress?: boolean; suffix?: string } = {}): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < stack.elements.length; i++) {
    throwIfAborted(opts.signal);
    const file = join(dir, `${stack.elements[i]}${opts.suffix ?? ''}.tif`);
    await writeGeoTiff(file, {
      spec: stack.spec, bands: [stack.bands[i]], nodata: -9999, compress: opts.compress === false ? 'none' : 'deflate',
      predictor: true, bandNames: [stack.elements[i]],
    });
    files.push(file);
    opts.onProgress?.({ step: 'write', done: i + 1, total: stack.elements.length, message: file });
  }
  return files;
}
