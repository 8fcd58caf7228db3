import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { EncodeArena, TiffEncoderPool, writeGeoTiff } from '../../grid/geotiff-write';
import type { LevellingSummary } from '../../quality/types';
import { fileNameFor } from '../../util/safe-name';
import { throwIfAborted, type GridStack, type TaskOptions } from '../../types';

export interface GridLabels {
  /** The levelling the grid step applied: its levelled elements say so in their files. */
  levelling?: LevellingSummary | null;
  /** The values' unit ('ppm' for gridded values; absent for z-scores); a levelled band's is 'levelled ppm'. */
  unit?: string;
}

/**
 * GDAL metadata of one element's file: a levelled grid is not in the lab's ppm (its values were moved onto the pooled
 * distribution of every campaign), so its file says so (PROSPECT_LEVELLED, and the unit 'levelled ppm').
 */
export function gridLabels(element: string, labels: GridLabels): { metadata?: Record<string, string>; bandUnits?: string[] } {
  const lv = labels.levelling;
  const levelled = !!lv && lv.method !== 'none' && lv.elements.includes(element);
  const unit = labels.unit ? (levelled ? `levelled ${labels.unit}` : labels.unit) : undefined;
  return {
    ...(levelled ? { metadata: {
      PROSPECT_LEVELLED: `${lv.method}: ${element} levelled by campaign over ${lv.campaigns.length} campaigns ` +
        `(${lv.campaigns.map((c) => c.campaign).join(', ')}); values are on the pooled scale, not the lab's`,
    } } : {}),
    ...(unit ? { bandUnits: [unit] } : {}),
  };
}

/**
 * One Float32 Cloud Optimized GeoTIFF per element (tiled, DEFLATE with the floating-point predictor, averaged
 * overviews), nodata = NaN cells. A stack is hundreds of megabytes, so it is written for speed: with the plane
 * encoder (grid/deflate-planes.ts), on encoder workers shared by all files, two files in flight so that this thread
 * computes one file's overviews while the workers compress the other's tiles; each of the two reuses one arena for
 * its blocks and overviews, file after file.
 */
export async function writeGridTiffs(stack: GridStack, dir: string, opts: TaskOptions & GridLabels & { compress?: boolean; suffix?: string; pool?: TiffEncoderPool } = {}): Promise<string[]> {
  // Every name checked before anything is written: a name from a crafted project file never reaches outside `dir`.
  const files = stack.elements.map((el) => join(dir, fileNameFor(el, `${opts.suffix ?? ''}.tif`)));
  mkdirSync(dir, { recursive: true });
  const compress = opts.compress !== false;
  const pool = opts.pool ?? (compress ? new TiffEncoderPool() : undefined);
  let next = 0, done = 0;
  const writer = async () => {
    const arena = new EncodeArena();
    for (let i = next++; i < files.length; i = next++) {
      throwIfAborted(opts.signal);
      await writeGeoTiff(files[i], {
        spec: stack.spec, bands: [stack.bands[i]], nodata: -9999, compress: compress ? 'deflate' : 'none',
        predictor: true, strategy: 'planes', bandNames: [stack.elements[i]], ...gridLabels(stack.elements[i], opts),
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
