import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';

/*
 * Training kernels for the wasm backend. tfjs-backend-wasm 4.22 registers no Conv2DBackpropFilter and no depthwise
 * gradients, and its Conv2DBackpropInput runs at ~3 GFLOP/s against 10-40 for its forward conv (GUIDE section 3).
 * - Conv2DBackpropFilter: im2col written straight into the wasm heap, then transpose + one wasm BatchMatMul.
 * - Conv2DBackpropInput: the forward wasm Conv2D (XNNPACK) on dy (zero-dilated for strides > 1) with the filter
 *   flipped in space and its in/out channels swapped.
 * - Depthwise gradients: direct loops over the heap (cheap layers; correctness first).
 */

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): tf.TypedArray;
  disposeData(dataId: object, force?: boolean): boolean;
}

type Args = { inputs: Record<string, TensorInfo>; backend: unknown; attrs?: NamedAttrMap };

function heap(backend: WasmBackendLike, t: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(t) as Float32Array;
}

function kernel(name: string): KernelFunc {
  const k = tf.getKernel(name, 'wasm');
  if (!k) throw new Error(`wasm kernel ${name} is missing`);
  return k.kernelFunc;
}

function convInfo(
  xShape: number[],
  filterShape: number[],
  attrs: NamedAttrMap,
  depthwise: boolean,
): tf.backend_util.Conv2DInfo {
  const dataFormat = (attrs.dataFormat as string | undefined) ?? 'NHWC';
  if (dataFormat !== 'NHWC') throw new Error(`wasm training kernels support NHWC only, got ${dataFormat}`);
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides as [number, number] | number,
    (attrs.dilations as [number, number] | number | undefined) ?? 1,
    attrs.pad as 'valid' | 'same' | number,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
    depthwise,
  );
}

function conv2DBackpropFilter(args: Args): TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const { x, dy } = args.inputs;
  const attrs = args.attrs ?? {};
  const filterShape = attrs.filterShape as number[];
  const ci = convInfo(x.shape, filterShape, attrs, false);
  const [N, H, W, C] = x.shape;
  const { outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw, filterHeight: KH, filterWidth: KW } = ci;
  const pt = ci.padInfo.top;
  const pl = ci.padInfo.left;
  const CO = dy.shape[3];
  const M = N * OH * OW;
  const K = KH * KW * C;
  const dy3: TensorInfo = { dataId: dy.dataId, shape: [1, M, CO], dtype: 'float32' };
  if (KH === 1 && KW === 1 && sh === 1 && sw === 1 && pt === 0 && pl === 0) {
    // A 1x1 stride-1 convolution: x itself is the patch matrix.
    const x3: TensorInfo = { dataId: x.dataId, shape: [1, M, C], dtype: 'float32' };
    return weightGradient(backend, x3, dy3, filterShape);
  }
  const patches = backend.makeOutput([1, M, K], 'float32');
  // Views are taken after the allocation: growing the wasm memory detaches earlier views.
  const xs = heap(backend, x);
  const ps = heap(backend, { dataId: patches.dataId, shape: [M * K], dtype: 'float32' });
  let row = 0;
  for (let n = 0; n < N; n++) {
    const nBase = n * H * W * C;
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++, row++) {
        let o = row * K;
        for (let kh = 0; kh < KH; kh++) {
          const ih = oh * sh + kh - pt;
          for (let kw = 0; kw < KW; kw++, o += C) {
            const iw = ow * sw + kw - pl;
            if (ih < 0 || ih >= H || iw < 0 || iw >= W) {
              ps.fill(0, o, o + C);
            } else {
              const src = nBase + (ih * W + iw) * C;
              if (C >= 16) ps.set(xs.subarray(src, src + C), o);
              else for (let c = 0; c < C; c++) ps[o + c] = xs[src + c];
            }
          }
        }
      }
    }
  }
  const out = weightGradient(backend, patches, dy3, filterShape);
  backend.disposeData(patches.dataId);
  return out;
}

/**
 * patches^T x dy computed as (dy^T x patches)^T: the wasm BatchMatMul is fast only without transposeA
 * (its transposed path was 6x slower than the rest of a ResNet-18 step together).
 */
function weightGradient(backend: WasmBackendLike, patches: TensorInfo, dy3: TensorInfo, filterShape: number[]): TensorInfo {
  const transpose = kernel('Transpose');
  const dyT = transpose({ inputs: { x: dy3 }, backend: backend as never, attrs: { perm: [0, 2, 1] } }) as TensorInfo;
  const prod = kernel('BatchMatMul')({ inputs: { a: dyT, b: patches }, backend: backend as never, attrs: { transposeA: false, transposeB: false } }) as TensorInfo;
  backend.disposeData(dyT.dataId);
  const out = transpose({ inputs: { x: prod }, backend: backend as never, attrs: { perm: [0, 2, 1] } }) as TensorInfo;
  backend.disposeData(prod.dataId);
  return { dataId: out.dataId, shape: filterShape, dtype: 'float32' };
}

function makeConv2DBackpropInput(native: KernelFunc) {
  return function conv2DBackpropInput(args: Args): TensorInfo {
    const backend = args.backend as WasmBackendLike;
    const { dy, filter } = args.inputs;
    const attrs = args.attrs ?? {};
    const inputShape = attrs.inputShape as number[];
    const ci = convInfo(inputShape, filter.shape, attrs, false);
    const [N, H, W, C] = inputShape;
    const { outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw, filterHeight: KH, filterWidth: KW } = ci;
    const pt = ci.padInfo.top;
    const pl = ci.padInfo.left;
    const CO = filter.shape[3];
    const LH = (OH - 1) * sh + 1;
    const LW = (OW - 1) * sw + 1;
    const padT = KH - 1 - pt;
    const padL = KW - 1 - pl;
    const padB = H + pt - LH;
    const padR = W + pl - LW;
    if (padT < 0 || padL < 0 || padB < 0 || padR < 0) return native(args as never) as TensorInfo;

    const flipped = backend.makeOutput([KH, KW, CO, C], 'float32');
    const dilated = sh > 1 || sw > 1 ? backend.makeOutput([N, LH, LW, CO], 'float32') : null;
    const fs = heap(backend, filter);
    const fo = heap(backend, { dataId: flipped.dataId, shape: [KH * KW * CO * C], dtype: 'float32' });
    for (let a = 0; a < KH; a++) {
      for (let b = 0; b < KW; b++) {
        const src = ((KH - 1 - a) * KW + (KW - 1 - b)) * C * CO;
        const dst = (a * KW + b) * CO * C;
        for (let c = 0; c < C; c++) {
          for (let o = 0; o < CO; o++) fo[dst + o * C + c] = fs[src + c * CO + o];
        }
      }
    }
    let input: TensorInfo = dy;
    if (dilated) {
      const ds = heap(backend, dy);
      const dd = heap(backend, { dataId: dilated.dataId, shape: [N * LH * LW * CO], dtype: 'float32' });
      dd.fill(0);
      for (let n = 0; n < N; n++) {
        for (let oh = 0; oh < OH; oh++) {
          for (let ow = 0; ow < OW; ow++) {
            const src = ((n * OH + oh) * OW + ow) * CO;
            dd.set(ds.subarray(src, src + CO), ((n * LH + oh * sh) * LW + ow * sw) * CO);
          }
        }
      }
      input = dilated;
    }
    const out = kernel('Conv2D')({
      inputs: { x: input, filter: flipped },
      backend: backend as never,
      attrs: {
        strides: [1, 1],
        pad: [[0, 0], [padT, padB], [padL, padR], [0, 0]] as unknown as number,
        dilations: [1, 1],
        dataFormat: 'NHWC',
      },
    }) as TensorInfo;
    backend.disposeData(flipped.dataId);
    if (dilated) backend.disposeData(dilated.dataId);
    return out;
  };
}

function depthwiseBackpropFilter(args: Args): TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const { x, dy } = args.inputs;
  const attrs = args.attrs ?? {};
  const filterShape = attrs.filterShape as number[];
  const ci = convInfo(x.shape, filterShape, attrs, true);
  const [N, H, W, C] = x.shape;
  const { outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw, filterHeight: KH, filterWidth: KW } = ci;
  const { dilationHeight: dh, dilationWidth: dw } = ci;
  const pt = ci.padInfo.top;
  const pl = ci.padInfo.left;
  const mult = filterShape[3];
  const CO = C * mult;
  const out = backend.makeOutput(filterShape, 'float32');
  const xs = heap(backend, x);
  const ds = heap(backend, dy);
  const acc = new Float64Array(KH * KW * CO);
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
            const xBase = ((n * H + ih) * W + iw) * C;
            const aBase = (kh * KW + kw) * CO;
            for (let c = 0; c < C; c++) {
              const xv = xs[xBase + c];
              for (let m = 0; m < mult; m++) acc[aBase + c * mult + m] += xv * ds[dBase + c * mult + m];
            }
          }
        }
      }
    }
  }
  heap(backend, out).set(acc);
  return out;
}

function depthwiseBackpropInput(args: Args): TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const { dy, filter } = args.inputs;
  const attrs = args.attrs ?? {};
  const inputShape = attrs.inputShape as number[];
  const ci = convInfo(inputShape, filter.shape, attrs, true);
  const [N, H, W, C] = inputShape;
  const { outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw, filterHeight: KH, filterWidth: KW } = ci;
  const { dilationHeight: dh, dilationWidth: dw } = ci;
  const pt = ci.padInfo.top;
  const pl = ci.padInfo.left;
  const mult = filter.shape[3];
  const CO = C * mult;
  const out = backend.makeOutput(inputShape, 'float32');
  const fs = heap(backend, filter);
  const ds = heap(backend, dy);
  const acc = new Float64Array(N * H * W * C);
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
            const xBase = ((n * H + ih) * W + iw) * C;
            const fBase = (kh * KW + kw) * CO;
            for (let c = 0; c < C; c++) {
              let s = 0;
              for (let m = 0; m < mult; m++) s += fs[fBase + c * mult + m] * ds[dBase + c * mult + m];
              acc[xBase + c] += s;
            }
          }
        }
      }
    }
  }
  heap(backend, out).set(acc);
  return out;
}

let registered = false;

/** Registers (once) the training kernels above for the 'wasm' backend. Safe to call repeatedly. */
export function registerWasmTrainingKernels(): void {
  if (registered) return;
  registered = true;
  const replace = (kernelName: string, kernelFunc: KernelFunc) => {
    if (tf.getKernel(kernelName, 'wasm')) tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
  };
  const nativeInput = tf.getKernel('Conv2DBackpropInput', 'wasm')?.kernelFunc;
  replace('Conv2DBackpropFilter', conv2DBackpropFilter as unknown as KernelFunc);
  if (nativeInput) replace('Conv2DBackpropInput', makeConv2DBackpropInput(nativeInput) as unknown as KernelFunc);
  replace('DepthwiseConv2dNativeBackpropFilter', depthwiseBackpropFilter as unknown as KernelFunc);
  replace('DepthwiseConv2dNativeBackpropInput', depthwiseBackpropInput as unknown as KernelFunc);
}
