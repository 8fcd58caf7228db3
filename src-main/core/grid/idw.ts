// Inverse-distance gridding that reproduces `gdal_grid -a invdistnn` (GDAL 3.6) cell for cell, over worker threads.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { ProspectError, throwIfAborted, type GridSpec, type GridStack, type SamplePoints, type TaskOptions } from '../types';
import { startWorker } from '../util/workers';
import { buildIndexes, groupElements } from './idw-index';
import { gridBand, IdwScratch, tileSide, type IdwKernelParams, type IdwWorkerInit } from './idw-kernel';

export interface IdwParams {
  /** Weighting power (gdal_grid power=, paper and default practice: 2). */
  power: number;
  /** At most this many nearest samples per cell (max_points=); 0 = all within the radius. */
  maxPoints: number;
  /** Search radius in map units (radius=): samples farther away are ignored; a cell with none is nodata. */
  radius: number;
  /** Fewer neighbours than this within the radius makes the cell nodata (min_points=); default 0. */
  minPoints?: number;
}

export type IdwOptions = TaskOptions & {
  /** Worker threads beside this one; default cores - 1 for grids of 2^20 cells or more, else 0. */
  workers?: number;
  /** Whether this thread grids too while the workers start and run (default true; false keeps it free). */
  inThread?: boolean;
};

/** The gdal_grid command line equivalent to `params` on `spec` (for references, logs and the docs). */
export function gdalGridAlgorithm(params: IdwParams, nodata = -9999): string {
  return `invdistnn:power=${params.power}:max_points=${params.maxPoints}:radius=${params.radius}` +
    `:min_points=${params.minPoints ?? 0}:nodata=${nodata}`;
}

/**
 * IDW of every element of `points` onto `spec`: for each cell, the `maxPoints` nearest samples within `radius`, weights
 * 1 / d^power, exactly as gdal_grid invdistnn (a sample on a node gives that node its value). One bucket index over
 * all samples serves every element: a cell walks its candidates once and keeps k nearest per group of elements that
 * share their valid samples. Bands are Float32Array; NaN = nodata.
 */
export async function idwGrid(
  points: SamplePoints,
  spec: GridSpec,
  params: IdwParams,
  opts: IdwOptions = {},
): Promise<GridStack> {
  validate(points, spec, params);
  throwIfAborted(opts.signal);
  const kp: IdwKernelParams = {
    xmin: spec.xmin, ymax: spec.ymax, cellX: spec.cellX, cellY: spec.cellY, width: spec.width, height: spec.height,
    power: params.power, maxPoints: params.maxPoints, radius: params.radius, minPoints: params.minPoints ?? 0,
  };
  const cells = spec.width * spec.height;
  const groups = groupElements(points);
  // This thread grids too; helpers join as they come up. Their start-up (~0.15 s each from TypeScript sources, far
  // less when built) overlaps the index build, and only grids of a million cells or more ask for them by default.
  const helpers = Math.max(0, Math.floor(opts.workers ?? (cells >= 1 << 20 ? availableParallelism() - 1 : 0)));
  const shared = helpers > 0 && groups.length > 0;
  const pool = shared ? Array.from({ length: helpers }, () => startWorker(import.meta.url, 'idw.worker', { bundle: true })) : [];
  try {
    const indexes = buildIndexes(points, groups, params.radius, shared);
    const out = points.elements.map(() => {
      const buf = shared ? new SharedArrayBuffer(cells * 4) : new ArrayBuffer(cells * 4);
      return new Float32Array(buf);
    });
    // Row bands, claimed one at a time by every thread (so clustered surveys still balance); whole tiles, so no tile
    // is cut; at most ~100, so that progress and cancellation stay responsive.
    const T = tileSide(kp);
    const perBand = Math.max(T, Math.ceil(spec.height / 96 / T) * T);
    const rows: number[] = [];
    for (let r = 0; r < spec.height; r += perBand) rows.push(r, Math.min(spec.height, r + perBand));
    const bandRows = new Int32Array(shared ? new SharedArrayBuffer(rows.length * 4) : new ArrayBuffer(rows.length * 4));
    bandRows.set(rows);
    const next = new Int32Array(shared ? new SharedArrayBuffer(4) : new ArrayBuffer(4));
    const init: IdwWorkerInit = { type: 'init', params: kp, indexes, out, bandRows, next };
    await runBands(init, pool, opts);
    return { spec, elements: [...points.elements], bands: out };
  } finally {
    for (const w of pool) void w.terminate();
  }
}

/** Grids every band of `init` in this thread and in `pool`, each thread claiming the next band through `init.next`. */
function runBands(init: IdwWorkerInit, pool: Worker[], opts: IdwOptions): Promise<void> {
  const total = init.bandRows.length / 2;
  const { signal } = opts;
  return new Promise<void>((resolve, reject) => {
    let done = 0, finished = false;
    const stop = (err?: Error) => {
      if (finished) return;
      finished = true;
      // No thread claims another band once we stop.
      Atomics.store(init.next, 0, total);
      signal?.removeEventListener('abort', onAbort);
      if (err) reject(err); else resolve();
    };
    const onAbort = () => stop(new ProspectError('The operation was cancelled.', 'ABORTED'));
    signal?.addEventListener('abort', onAbort);
    const bandDone = () => {
      done++;
      opts.onProgress?.({ step: 'grid', done, total, message: `IDW rows ${done}/${total} bands` });
      if (done === total) stop();
    };
    for (const w of pool) {
      w.on('message', (msg: { type: string; message?: string }) => {
        if (finished) return;
        if (msg.type === 'error') stop(new ProspectError(`IDW worker failed: ${msg.message}`, 'IDW_WORKER'));
        else if (msg.type === 'done') bandDone();
      });
      w.on('error', (err) => stop(new ProspectError(`IDW worker failed: ${err.message}`, 'IDW_WORKER')));
      w.on('exit', (code) => { if (!finished) stop(new ProspectError(`IDW worker exited (${code}).`, 'IDW_WORKER')); });
      w.postMessage(init);
    }
    if (signal?.aborted) return onAbort();
    if (pool.length > 0 && opts.inThread === false) return;
    const scratch = new IdwScratch();
    const step = () => {
      if (finished) return;
      const b = Atomics.add(init.next, 0, 1);
      if (b >= total) return; // the helpers finish the bands they hold
      try {
        gridBand(init, b, scratch);
      } catch (err) {
        return stop(err as Error);
      }
      bandDone();
      // Between bands, let worker messages, an abort or a progress listener run.
      setImmediate(step);
    };
    step();
  });
}

function validate(points: SamplePoints, spec: GridSpec, params: IdwParams): void {
  if (!(params.radius > 0 && Number.isFinite(params.radius))) {
    throw new ProspectError(`The IDW search radius must be a positive distance in map units (got ${params.radius}).`,
      'IDW_BAD_PARAMS', { column: 'radius' });
  }
  if (!(params.power > 0 && Number.isFinite(params.power))) {
    throw new ProspectError(`The IDW power must be positive (got ${params.power}); 2 is usual.`, 'IDW_BAD_PARAMS',
      { column: 'power' });
  }
  if (!(Number.isInteger(params.maxPoints) && params.maxPoints >= 0)) {
    throw new ProspectError(`max_points must be a whole number >= 0 (got ${params.maxPoints}).`, 'IDW_BAD_PARAMS',
      { column: 'maxPoints' });
  }
  if (!(spec.width > 0 && spec.height > 0 && spec.cellX > 0 && spec.cellY > 0)) {
    throw new ProspectError('The grid spec is empty: width, height and cell sizes must be positive.', 'IDW_BAD_SPEC');
  }
  if (points.x.length !== points.y.length || points.values.some((v) => v.length !== points.x.length)) {
    throw new ProspectError('Sample coordinates and values differ in length.', 'IDW_BAD_POINTS');
  }
  if (points.values.length !== points.elements.length) {
    throw new ProspectError('There must be one value column per element.', 'IDW_BAD_POINTS');
  }
}

/** Elements (indexes into points.elements) grouped by their pattern of valid samples: one neighbour search serves a group. */
export function buildGroups(points: SamplePoints): number[][] {
  return groupElements(points);
}
