import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';

// What our wasm kernels share: the backend's heap, its native kernels, convolution geometry and the threaded product.

export interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): tf.TypedArray;
  disposeData(dataId: object, force?: boolean): boolean;
}

export type Args = { inputs: Record<string, TensorInfo>; backend: unknown; attrs?: NamedAttrMap };

export function heap(backend: WasmBackendLike, t: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(t) as Float32Array;
}

export function kernel(name: string): KernelFunc {
  const k = tf.getKernel(name, 'wasm');
  if (!k) throw new Error(`wasm kernel ${name} is missing`);
  return k.kernelFunc;
}

export function convInfo(
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


/** The loop bounds of a convolution, from tfjs' conv info and the input shape (NHWC). */
export function geometry(xShape: number[], ci: tf.backend_util.Conv2DInfo) {
  const [N, H, W, C] = xShape;
  return {
    N, H, W, C,
    OH: ci.outHeight, OW: ci.outWidth, sh: ci.strideHeight, sw: ci.strideWidth, KH: ci.filterHeight, KW: ci.filterWidth,
    dh: ci.dilationHeight, dw: ci.dilationWidth, pt: ci.padInfo.top, pl: ci.padInfo.left,
  };
}

/**
 * a [M, K] x b [K, N] on the wasm heap, as XNNPACK's 1x1 convolution of a [1, M, 1, K] image with the filter
 * [1, 1, K, N]. The wasm BatchMatMul would be the obvious call, but it runs XNNPACK's fully-connected operator without
 * the thread pool (and its transposed variants fall back to a scalar loop); the convolution uses every XNNPACK thread.
 */
export function matMul(backend: WasmBackendLike, a: TensorInfo, b: TensorInfo, M: number, K: number, N: number): TensorInfo {
  const out = kernel('Conv2D')({
    inputs: { x: { dataId: a.dataId, shape: [1, M, 1, K], dtype: 'float32' }, filter: { dataId: b.dataId, shape: [1, 1, K, N], dtype: 'float32' } },
    backend: backend as never,
    attrs: { strides: [1, 1], pad: 'valid', dilations: [1, 1], dataFormat: 'NHWC' },
  }) as TensorInfo;
  return { dataId: out.dataId, shape: [M, N], dtype: 'float32' };
}

export function transpose2d(backend: WasmBackendLike, t: TensorInfo, rows: number, cols: number): TensorInfo {
  const out = kernel('Transpose')({
    inputs: { x: { dataId: t.dataId, shape: [rows, cols], dtype: 'float32' } },
    backend: backend as never,
    attrs: { perm: [1, 0] },
  }) as TensorInfo;
  return { dataId: out.dataId, shape: [cols, rows], dtype: 'float32' };
}
