import type { TensorInfo } from '@tensorflow/tfjs';
import { convInfo, geometry, heap, type Args, type WasmBackendLike } from './wasm-heap';

// Depthwise convolution gradients for wasm, which registers none: direct loops over the heap, accumulated in float64
// (cheap layers; correctness first).

/**
 * Calls `visit(dBase, xBase, tapBase)` for every (output pixel, filter tap) pair that lands inside the input: the
 * offsets of the output pixel in dy, of the input pixel in x, and of the tap in the filter.
 */
function forEachTap(g: ReturnType<typeof geometry>, CO: number, visit: (dBase: number, xBase: number, tapBase: number) => void): void {
  const { N, H, W, C, OH, OW, sh, sw, KH, KW, dh, dw, pt, pl } = g;
  for (let n = 0; n < N; n++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const dBase = ((n * OH + oh) * OW + ow) * CO;
        for (let kh = 0; kh < KH; kh++) {
          const ih = oh * sh + kh * dh - pt;
          if (ih < 0 || ih >= H) continue;
          for (let kw = 0; kw < KW; kw++) {
            const iw = ow * sw + kw * dw - pl;
            if (iw < 0 || iw >= W) continue;
            visit(dBase, ((n * H + ih) * W + iw) * C, (kh * KW + kw) * CO);
          }
        }
      }
    }
  }
}

export function depthwiseBackpropFilter(args: Args): TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const { x, dy } = args.inputs;
  const attrs = args.attrs ?? {};
  const filterShape = attrs.filterShape as number[];
  const g = geometry(x.shape, convInfo(x.shape, filterShape, attrs, true));
  const { C, KH, KW } = g;
  const mult = filterShape[3];
  const CO = C * mult;
  const out = backend.makeOutput(filterShape, 'float32');
  const xs = heap(backend, x);
  const ds = heap(backend, dy);
  const acc = new Float64Array(KH * KW * CO);
  forEachTap(g, CO, (dBase, xBase, aBase) => {
    for (let c = 0; c < C; c++) {
      const xv = xs[xBase + c];
      for (let m = 0; m < mult; m++) acc[aBase + c * mult + m] += xv * ds[dBase + c * mult + m];
    }
  });
  heap(backend, out).set(acc);
  return out;
}

export function depthwiseBackpropInput(args: Args): TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const { dy, filter } = args.inputs;
  const attrs = args.attrs ?? {};
  const inputShape = attrs.inputShape as number[];
  const g = geometry(inputShape, convInfo(inputShape, filter.shape, attrs, true));
  const { N, H, W, C } = g;
  const mult = filter.shape[3];
  const CO = C * mult;
  const out = backend.makeOutput(inputShape, 'float32');
  const fs = heap(backend, filter);
  const ds = heap(backend, dy);
  const acc = new Float64Array(N * H * W * C);
  forEachTap(g, CO, (dBase, xBase, fBase) => {
    for (let c = 0; c < C; c++) {
      let s = 0;
      for (let m = 0; m < mult; m++) s += fs[fBase + c * mult + m] * ds[dBase + c * mult + m];
      acc[xBase + c] += s;
    }
  });
  heap(backend, out).set(acc);
  return out;
}
