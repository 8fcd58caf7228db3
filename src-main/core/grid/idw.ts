// Inverse-distance gridding that reproduces `gdal_grid -a invdistnn` (GDAL 3.6) cell for cell, over worker threads.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { ProspectError, throwIfAborted, type GridSpec, type GridStack, type SamplePoints, type TaskOptions } from '../types';
import { startWorker } from '../util/workers';
import { idwRows, tileSide, type IdwGroup, type IdwKernelParams } from './idw-kernel';

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
  /** Worker threads; default all cores; 0 = grid in this thread (small grids, tests). */
  workers?: number;
};

/** The gdal_grid command line equivalent to `params` on `spec` (for references, logs and the docs). */
export function gdalGridAlgorithm(params: IdwParams, nodata = -9999): string {
  return `invdistnn:power=${params.power}:max_points=${params.maxPoints}:radius=${params.radius}` +
    `:min_points=${params.minPoints ?? 0}:nodata=${nodata}`;
}

/**
 * IDW of every element of `points` onto `spec`: for each cell, the `maxPoints` nearest samples within `radius`, weights
 * 1 / d^power, exactly as gdal_grid invdistnn (a sample on a node gives that node its value). Elements sharing the
 * same valid samples share one neighbour search per cell. Bands are Float32Array; NaN = nodata.
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
  const workers = Math.max(0, Math.floor(opts.workers ?? availableParallelism()));
  const shared = workers > 0;
  const groups = buildGroups(points, params.radius, shared);
  const cells = spec.width * spec.height;
  const out = points.elements.map(() => {
    const buf = shared ? new SharedArrayBuffer(cells * 4) : new ArrayBuffer(cells * 4);
    return new Float32Array(buf);
  });
  for (let e = 0; e < out.length; e++) if (!groups.some((g) => g.bands.includes(e))) out[e].fill(NaN);

  // Row bands: several per worker so that clustered surveys still balance; whole tiles so no tile is cut.
  const T = tileSide(kp);
  const perBand = Math.max(T, Math.ceil(spec.height / Math.max(1, workers * 8) / T) * T);
  const bandsList: [number, number][] = [];
  for (let r = 0; r < spec.height; r += perBand) bandsList.push([r, Math.min(spec.height, r + perBand)]);
  const report = (done: number) =>
    opts.onProgress?.({ step: 'grid', done, total: bandsList.length, message: `IDW rows ${done}/${bandsList.length} bands` });

  if (!shared || groups.length === 0) {
    for (let b = 0; b < bandsList.length; b++) {
      throwIfAborted(opts.signal);
      for (const g of groups) idwRows(kp, g, out, bandsList[b][0], bandsList[b][1]);
      report(b + 1);
      // Let an abort or a progress listener run between bands.
      await new Promise((r) => setImmediate(r));
    }
  } else {
    await runInWorkers(Math.min(workers, bandsList.length), kp, groups, out, bandsList, report, opts.signal);
  }
  return { spec, elements: [...points.elements], bands: out };
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

/** Elements grouped by their pattern of valid samples, each group with one bucket index. */
export function buildGroups(points: SamplePoints, radius: number, shared: boolean): IdwGroup[] {
  const n = points.x.length;
  const byKey = new Map<string, number[]>();
  const mask = new Uint8Array(n);
  points.elements.forEach((_, e) => {
    const v = points.values[e];
    let count = 0;
    for (let i = 0; i < n; i++) {
      const ok = Number.isFinite(points.x[i]) && Number.isFinite(points.y[i]) && Number.isFinite(v[i]);
      mask[i] = ok ? 1 : 0;
      count += mask[i];
    }
    if (count === 0) return;
    const key = Buffer.from(mask).toString('base64');
    const list = byKey.get(key);
    if (list) list.push(e); else byKey.set(key, [e]);
  });
  const alloc = (bytes: number) => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const groups: IdwGroup[] = [];
  for (const elems of byKey.values()) {
    const v0 = points.values[elems[0]];
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      if (Number.isFinite(points.x[i]) && Number.isFinite(points.y[i]) && Number.isFinite(v0[i])) ids.push(i);
    }
    const m = ids.length;
    const x = new Float64Array(alloc(m * 8)), y = new Float64Array(alloc(m * 8));
    const values = new Float64Array(alloc(m * 8 * elems.length));
    ids.forEach((i, j) => { x[j] = points.x[i]; y[j] = points.y[i]; });
    elems.forEach((e, l) => { const v = points.values[e]; ids.forEach((i, j) => { values[l * m + j] = v[i]; }); });
    groups.push({ x, y, values, bands: new Int32Array(elems), ...bucketIndex(x, y, radius, alloc) });
  }
  return groups;
}

function bucketIndex(x: Float64Array, y: Float64Array, radius: number, alloc: (b: number) => ArrayBufferLike) {
  let xmin = Infinity, ymin = Infinity, xmax = -Infinity, ymax = -Infinity;
  for (let i = 0; i < x.length; i++) {
    xmin = Math.min(xmin, x[i]); xmax = Math.max(xmax, x[i]); ymin = Math.min(ymin, y[i]); ymax = Math.max(ymax, y[i]);
  }
  const w = Math.max(xmax - xmin, 1e-6), h = Math.max(ymax - ymin, 1e-6);
  // Buckets of half the radius, but never more than ~4 per sample (a tiny radius over a wide survey).
  let bsize = radius / 2;
  const maxBuckets = Math.max(64, x.length * 4);
  if ((w / bsize) * (h / bsize) > maxBuckets) bsize = Math.sqrt((w * h) / maxBuckets);
  const nbx = Math.max(1, Math.ceil(w / bsize) + 1), nby = Math.max(1, Math.ceil(h / bsize) + 1);
  const bucketStart = new Int32Array(alloc((nbx * nby + 1) * 4));
  const of = new Int32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const b = Math.floor((y[i] - ymin) / bsize) * nbx + Math.floor((x[i] - xmin) / bsize);
    of[i] = b;
    bucketStart[b + 1]++;
  }
  for (let b = 0; b < nbx * nby; b++) bucketStart[b + 1] += bucketStart[b];
  const fill = bucketStart.slice(0, nbx * nby);
  const bucketIds = new Int32Array(alloc(x.length * 4));
  for (let i = 0; i < x.length; i++) bucketIds[fill[of[i]]++] = i;
  return { bucketIds, bucketStart, bx0: xmin, by0: ymin, bsize, nbx, nby };
}

function runInWorkers(
  nWorkers: number,
  params: IdwKernelParams,
  groups: IdwGroup[],
  out: Float32Array[],
  bands: [number, number][],
  report: (done: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const pool: Worker[] = [];
    let next = 0, done = 0, finished = false;
    const stop = (err?: Error) => {
      if (finished) return;
      finished = true;
      signal?.removeEventListener('abort', onAbort);
      for (const w of pool) void w.terminate();
      if (err) reject(err); else resolve();
    };
    const onAbort = () => stop(new ProspectError('The operation was cancelled.', 'ABORTED'));
    signal?.addEventListener('abort', onAbort);
    const feed = (w: Worker) => {
      if (next < bands.length) {
        const [row0, row1] = bands[next];
        w.postMessage({ type: 'band', id: next++, row0, row1 });
      }
    };
    for (let k = 0; k < nWorkers; k++) {
      const w = startWorker(import.meta.url, 'idw.worker');
      pool.push(w);
      w.on('message', (msg: { type: string; message?: string }) => {
        if (finished) return;
        if (msg.type === 'ready') return feed(w);
        if (msg.type === 'error') return stop(new ProspectError(`IDW worker failed: ${msg.message}`, 'IDW_WORKER'));
        done++;
        report(done);
        if (done === bands.length) stop(); else feed(w);
      });
      w.on('error', (err) => stop(new ProspectError(`IDW worker failed: ${err.message}`, 'IDW_WORKER')));
      w.on('exit', (code) => { if (!finished) stop(new ProspectError(`IDW worker exited (${code}).`, 'IDW_WORKER')); });
      w.postMessage({ type: 'init', params, groups, out });
    }
  });
}
