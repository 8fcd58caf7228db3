import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { convInfo, geometry, heap, kernel, matMul, transpose2d, type Args, type WasmBackendLike } from './wasm-heap';

// Convolution kernels for training on wasm (see wasm-kernels.ts for why each exists).

export function conv2DBackpropFilter(args: Args): TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const { x, dy } = args.inputs;
  const attrs = args.attrs ?? {};
  const filterShape = attrs.filterShape as number[];
  const ci = convInfo(x.shape, filterShape, attrs, false);
  const { N, H, W, C, OH, OW, sh, sw, KH, KW, dh, dw, pt, pl } = geometry(x.shape, ci);
  const CO = dy.shape[3];
  const M = N * OH * OW;
  const K = KH * KW * C;
  const dy3: TensorInfo = { dataId: dy.dataId, shape: [1, M, CO], dtype: 'float32' };
  if (KH === 1 && KW === 1 && sh === 1 && sw === 1 && pt === 0 && pl === 0) {
    // A 1x1 stride-1 convolution: x itself is the patch matrix.
    const x3: TensorInfo = { dataId: x.dataId, shape: [1, M, C], dtype: 'float32' };
    return weightGradient(backend, x3, dy3, filterShape);
  }
  // The patch matrix is written transposed, [K, M], row by row: each row is one (kh, kw, c) tap over every output
  // position, so writes are sequential and reads stride through x (small enough to stay in cache). Then
  // dW = patches^T x dy is one product with dy as the packed operand and no transpose at all.
  const pT = backend.makeOutput([K, M], 'float32');
  // Views are taken after the allocation: growing the wasm memory detaches earlier views.
  const xs = heap(backend, x);
  const ps = heap(backend, pT);
  for (let kh = 0; kh < KH; kh++) {
    for (let kw = 0; kw < KW; kw++) {
      for (let c = 0; c < C; c++) {
        let o = ((kh * KW + kw) * C + c) * M;
        for (let n = 0; n < N; n++) {
          const nBase = n * H * W * C + c;
          for (let oh = 0; oh < OH; oh++) {
            const ih = oh * sh + kh * dh - pt;
            if (ih < 0 || ih >= H) {
              ps.fill(0, o, o + OW);
              o += OW;
              continue;
            }
            const rowBase = nBase + ih * W * C;
            for (let ow = 0; ow < OW; ow++, o++) {
              const iw = ow * sw + kw * dw - pl;
              ps[o] = iw < 0 || iw >= W ? 0 : xs[rowBase + iw * C];
            }
          }
        }
      }
    }
  }
  const out = matMul(backend, pT, dy3, K, M, CO);
  backend.disposeData(pT.dataId);
  return { dataId: out.dataId, shape: filterShape, dtype: 'float32' };
}

/**
 * dW [K, CO] = patches^T [K, M] x dy [M, CO]. One operand is transposed first: either the patches (the product is
 * then dW itself), or dy (then dW = (dy^T x patches)^T). The early layers have many positions and few channels, the
 * late ones the reverse, so the smaller side is chosen per call.
 */
function weightGradient(backend: WasmBackendLike, patches: TensorInfo, dy3: TensorInfo, filterShape: number[]): TensorInfo {
  const [, M, K] = patches.shape;
  const CO = dy3.shape[2];
  if (M * K <= M * CO + K * CO) {
    const pT = transpose2d(backend, patches, M, K);
    const out = matMul(backend, pT, dy3, K, M, CO);
    backend.disposeData(pT.dataId);
    return { dataId: out.dataId, shape: filterShape, dtype: 'float32' };
  }
  const dyT = transpose2d(backend, dy3, M, CO);
  const prod = matMul(backend, dyT, patches, CO, M, K);
  backend.disposeData(dyT.dataId);
  const out = transpose2d(backend, prod, CO, K);
  backend.disposeData(prod.dataId);
  return { dataId: out.dataId, shape: filterShape, dtype: 'float32' };
}

/**
 * dcol [M, K] = dy [M, CO] x W^T for W [K, CO]. The matrix XNNPACK takes as the filter is repacked on every call, so
 * the weights should not be it when they outnumber dy by far (the late layers: 4 positions x 8 images against
 * 2.4 M weights): then dcol = (W x dy^T)^T, which transposes and packs only dy and dcol.
 */
function inputColumns(backend: WasmBackendLike, dy: TensorInfo, filter: TensorInfo, M: number, CO: number, K: number): TensorInfo {
  if (2 * M * CO + M * K < 2 * K * CO) {
    const dyT = transpose2d(backend, dy, M, CO);
    const dcolT = matMul(backend, filter, dyT, K, CO, M);
    backend.disposeData(dyT.dataId);
    const dcol = transpose2d(backend, dcolT, K, M);
    backend.disposeData(dcolT.dataId);
    return dcol;
  }
  const wT = transpose2d(backend, filter, K, CO);
  const dcol = matMul(backend, dy, wT, M, CO, K);
  backend.disposeData(wT.dataId);
  return dcol;
}

/**
 * dx by col2im: dcol [M, K] = dy [M, CO] x W^T (W read as [K, CO]), then every row of dcol is added back to the
 * input pixels its patch came from. The multiply has the forward convolution's cost for every stride (zero-dilating
 * dy for a stride-2 layer quadrupled it), and the filter needs no flipped copy. A 1x1 stride-1 convolution needs no col2im: dcol is dx.
 */
export function conv2DBackpropInput(args: Args): TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const { dy, filter } = args.inputs;
  const attrs = args.attrs ?? {};
  const inputShape = attrs.inputShape as number[];
  const ci = convInfo(inputShape, filter.shape, attrs, false);
  const { N, H, W, C, OH, OW, sh, sw, KH, KW, dh, dw, pt, pl } = geometry(inputShape, ci);
  const CO = filter.shape[3];
  const M = N * OH * OW;
  const K = KH * KW * C;
  const dcol = inputColumns(backend, dy, filter, M, CO, K);
  if (KH === 1 && KW === 1 && sh === 1 && sw === 1 && pt === 0 && pl === 0) {
    return { dataId: dcol.dataId, shape: inputShape, dtype: 'float32' };
  }
  const out = backend.makeOutput(inputShape, 'float32');
  const dc = heap(backend, { dataId: dcol.dataId, shape: [M * K], dtype: 'float32' });
  const dx = heap(backend, out);
  dx.fill(0);
  let row = 0;
  for (let n = 0; n < N; n++) {
    const nBase = n * H * W * C;
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++, row++) {
        let o = row * K;
        for (let kh = 0; kh < KH; kh++) {
          const ih = oh * sh + kh * dh - pt;
          if (ih < 0 || ih >= H) {
            o += KW * C;
            continue;
          }
          for (let kw = 0; kw < KW; kw++, o += C) {
            const iw = ow * sw + kw * dw - pl;
            if (iw < 0 || iw >= W) continue;
            const dst = nBase + (ih * W + iw) * C;
            for (let c = 0; c < C; c++) dx[dst + c] += dc[o + c];
          }
        }
      }
    }
  }
  backend.disposeData(dcol.dataId);
  return out;
}

/**
 * Forward convolution for layers whose weights outnumber their activations (ResNet-50's last stages at 64 px: 32
 * positions against 1-2.4 M weights). The native kernel caches XNNPACK's packed filter per weight tensor, but training
 * writes new weights every step, so every step transposes them to OHWI and packs them again, which cost more than
 * the arithmetic (31 ms against 12 for a 512 -> 2048 1x1 layer at 32 positions). Here the layer is an im2col and
 * one BatchMatMul, whose XNNPACK fully-connected operator packs [K, CO] weights in a single pass (on one thread; the
 * product itself is small in these layers). Everything else goes to the native kernel.
 */
export function makeFusedConv2D(native: KernelFunc) {
  return function fusedConv2D(args: Args): TensorInfo {
    const backend = args.backend as WasmBackendLike;
    const { x, filter, bias, preluActivationWeights } = args.inputs;
    const attrs = args.attrs ?? {};
    const activation = (attrs.activation as string | undefined) ?? 'linear';
    const dil = attrs.dilations as number | number[] | undefined;
    const dilated = Array.isArray(dil) ? dil.some((d) => d !== 1) : dil !== undefined && dil !== 1;
    if (bias || preluActivationWeights || activation !== 'linear' || dilated || ((attrs.dataFormat as string | undefined) ?? 'NHWC') !== 'NHWC') {
      return native(args as never) as TensorInfo;
    }
    const ci = convInfo(x.shape, filter.shape, attrs, false);
    const { N, H, W, C, OH, OW, sh, sw, KH, KW, pt, pl } = geometry(x.shape, ci);
    const CO = filter.shape[3];
    const M = N * OH * OW;
    const K = KH * KW * C;
    if (K * CO <= M * (K + CO)) return native(args as never) as TensorInfo;
    const pointwise = KH === 1 && KW === 1 && sh === 1 && sw === 1 && pt === 0 && pl === 0;
    let patches: TensorInfo = { dataId: x.dataId, shape: [1, M, C], dtype: 'float32' };
    if (!pointwise) {
      patches = backend.makeOutput([1, M, K], 'float32');
      const xs = heap(backend, x);
      const ps = heap(backend, { dataId: patches.dataId, shape: [M * K], dtype: 'float32' });
      let o = 0;
      for (let n = 0; n < N; n++) {
        const nBase = n * H * W * C;
        for (let oh = 0; oh < OH; oh++) {
          for (let ow = 0; ow < OW; ow++) {
            for (let kh = 0; kh < KH; kh++) {
              const ih = oh * sh + kh - pt;
              for (let kw = 0; kw < KW; kw++, o += C) {
                const iw = ow * sw + kw - pl;
                if (ih < 0 || ih >= H || iw < 0 || iw >= W) ps.fill(0, o, o + C);
                else {
                  const src = nBase + (ih * W + iw) * C;
                  ps.set(xs.subarray(src, src + C), o);
                }
              }
            }
          }
        }
      }
    }
    const w3: TensorInfo = { dataId: filter.dataId, shape: [1, K, CO], dtype: 'float32' };
    const y = kernel('BatchMatMul')({ inputs: { a: patches, b: w3 }, backend: backend as never, attrs: { transposeA: false, transposeB: false } }) as TensorInfo;
    if (!pointwise) backend.disposeData(patches.dataId);
    return { dataId: y.dataId, shape: [N, OH, OW, CO], dtype: 'float32' };
  };
}
