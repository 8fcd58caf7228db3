import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { heap, type Args, type WasmBackendLike } from './wasm-heap';

/*
 * One SGD step with momentum and L2 weight decay on the gradient, as torch.optim.SGD(momentum, weight_decay) does:
 *   vel' = momentum * vel + (grad + weightDecay * w)
 *   w'   = w - lr * vel'
 * As tf ops that is six full passes and five temporaries per variable; ResNet-50 has 23.5 M weights, so on wasm the
 * update cost ~0.1 s a step. The wasm kernel below is one pass writing two fresh tensors (the variables must get new
 * data: XNNPACK caches packed filters per tensor, so writing weights in place would leave stale copies behind).
 */

const KERNEL = 'ProspectSgdMomentum';

export interface SgdParams {
  lr: number;
  momentum: number;
  weightDecay: number;
}

/** Updates `v` in place (assign) and returns the new velocity; the old velocity is left to the caller. */
export function sgdStep(v: tf.Variable, grad: tf.Tensor, velocity: tf.Tensor, p: SgdParams): tf.Tensor {
  if (tf.getKernel(KERNEL, tf.getBackend())) {
    const [w, vel] = tf.engine().runKernel(KERNEL, { v, g: grad, vel: velocity }, { ...p }) as unknown as [tf.Tensor, tf.Tensor];
    v.assign(w);
    w.dispose();
    return vel;
  }
  return tf.tidy(() => {
    const g = p.weightDecay ? tf.add(grad, tf.mul(v, p.weightDecay)) : grad;
    const vel = tf.add(tf.mul(velocity, p.momentum), g);
    v.assign(tf.sub(v, tf.mul(vel, p.lr)));
    return vel;
  });
}

/**
 * The update in float64, rounded once on store (the tf-ops path rounds after every op, so the two differ in the last
 * bit). Math.fround at every step would match them bit for bit but halved the speed; this loop is memory bound.
 */
function sgdLoop(w: Float32Array, gr: Float32Array, ve: Float32Array, vo: Float32Array, wo: Float32Array, m: number, d: number, l: number): void {
  for (let i = 0; i < w.length; i++) {
    const wi = w[i];
    const nv = ve[i] * m + (gr[i] + wi * d);
    vo[i] = nv;
    wo[i] = wi - nv * l;
  }
}

function wasmSgd(args: Args): TensorInfo[] {
  const backend = args.backend as WasmBackendLike;
  const { v, g, vel } = args.inputs;
  const lr = Number(args.attrs?.lr);
  const momentum = Number(args.attrs?.momentum);
  const wd = Number(args.attrs?.weightDecay ?? 0);
  const wOut = backend.makeOutput(v.shape, 'float32');
  const velOut = backend.makeOutput(v.shape, 'float32');
  const w = heap(backend, v);
  const gr = heap(backend, g);
  const ve = heap(backend, vel);
  const wo = heap(backend, wOut);
  const vo = heap(backend, velOut);
  sgdLoop(w, gr, ve, vo, wo, momentum, wd, lr);
  return [wOut, velOut];
}

export function registerWasmSgdKernel(): void {
  if (!tf.getKernel(KERNEL, 'wasm')) tf.registerKernel({ kernelName: KERNEL, backendName: 'wasm', kernelFunc: wasmSgd as unknown as KernelFunc });
}
