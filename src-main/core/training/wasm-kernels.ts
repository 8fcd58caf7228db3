import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { registerWasmBatchNormKernels } from './wasm-batch-norm';
import { registerWasmSgdKernel } from './sgd';
import { conv2DBackpropFilter, conv2DBackpropInput, makeFusedConv2D } from './wasm-conv-kernels';
import { depthwiseBackpropFilter, depthwiseBackpropInput } from './wasm-depthwise-kernels';

/*
 * Training kernels for the wasm backend. tfjs-backend-wasm 4.22 registers no Conv2DBackpropFilter and no depthwise
 * gradients, and its Conv2DBackpropInput runs at ~3 GFLOP/s against 10-40 for its forward conv (GUIDE section 3).
 * - Conv2DBackpropFilter: a transposed im2col written straight into the wasm heap, then one matrix product (XNNPACK).
 * - Conv2DBackpropInput: one matrix product (XNNPACK) of dy with the transposed filter, then col2im.
 * - FusedConv2D for layers with more weights than activations: im2col + one BatchMatMul (no per-step OHWI repack).
 * - Batch-norm training kernels (wasm-batch-norm.ts) for models/batch-norm.ts.
 * - Depthwise gradients: direct loops over the heap (cheap layers; correctness first).
 * - Identity shares the input's memory (a reference count), as the cpu backend's does. The wasm one copies, and
 *   every custom gradient clones what it saves: each batch-norm input, each convolution's input, output and filter
 *   (ResNet-50 at 224 px: 1,125 copies, 0.13 s a step).
 */

interface RefCounting {
  incRef(dataId: object): void;
}

function sharedIdentity(native: KernelFunc): KernelFunc {
  return (args) => {
    const x = args.inputs.x as TensorInfo;
    if (x.dtype === 'string') return native(args);
    (args.backend as unknown as RefCounting).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
}

let registered = false;

/** Registers (once) the training kernels for the 'wasm' backend. Safe to call repeatedly. */
export function registerWasmTrainingKernels(): void {
  if (registered) return;
  registered = true;
  const replace = (kernelName: string, kernelFunc: KernelFunc) => {
    if (tf.getKernel(kernelName, 'wasm')) tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
  };
  const nativeIdentity = tf.getKernel('Identity', 'wasm')?.kernelFunc;
  if (nativeIdentity) replace('Identity', sharedIdentity(nativeIdentity));
  const nativeFused = tf.getKernel('FusedConv2D', 'wasm')?.kernelFunc;
  if (nativeFused) replace('FusedConv2D', makeFusedConv2D(nativeFused) as unknown as KernelFunc);
  replace('Conv2DBackpropFilter', conv2DBackpropFilter as unknown as KernelFunc);
  replace('Conv2DBackpropInput', conv2DBackpropInput as unknown as KernelFunc);
  registerWasmBatchNormKernels();
  registerWasmSgdKernel();
  replace('DepthwiseConv2dNativeBackpropFilter', depthwiseBackpropFilter as unknown as KernelFunc);
  replace('DepthwiseConv2dNativeBackpropInput', depthwiseBackpropInput as unknown as KernelFunc);
}
