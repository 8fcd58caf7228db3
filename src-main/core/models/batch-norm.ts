import * as tf from '@tensorflow/tfjs';

/*
 * Batch normalisation with the closed-form training gradient.
 *
 * tfjs-layers normalises a training batch with tf.moments + tf.batchNorm and lets autodiff run back through both: the
 * FusedBatchNorm gradient tiles 1/sqrt(var) to the full activation shape, and the moments add a dozen more full-size
 * passes. On the wasm backend that was a third of a ResNet-50 step (Tile alone 0.6 s of 2.6 s at 64 px, batch 8).
 * Here the forward pass returns y and the batch statistics in one kernel and the backward pass is the textbook
 *   xhat = (x - mean) / sqrt(var + eps)
 *   dbeta = sum(dy), dgamma = sum(dy * xhat)
 *   dx = gamma / sqrt(var + eps) * (dy - dbeta / M - xhat * dgamma / M)
 * On wasm both are single-pass loops over the heap (training/wasm-batch-norm.ts); elsewhere they are tf ops.
 *
 * The layer serialises as 'BatchNormalization' with the stock config, so model.json stays what tfjs-node and
 * tfjs-layers read; inference and every non-default configuration use the stock code path.
 */

/** Kernels the wasm backend registers (training/wasm-batch-norm.ts). */
export const BN_TRAIN_FORWARD = 'ProspectBatchNormTrain';
export const BN_TRAIN_BACKWARD = 'ProspectBatchNormTrainGrad';

type Layer = tf.layers.Layer;
interface StockBatchNorm extends Layer {
  axis: number;
  epsilon: number;
  momentum: number;
  center: boolean;
  scale: boolean;
  gamma: tf.LayerVariable;
  beta: tf.LayerVariable;
  movingMean: tf.LayerVariable;
  movingVariance: tf.LayerVariable;
}
type StockCtor = new (args: object) => StockBatchNorm;

const Stock = Object.getPrototypeOf(tf.layers.batchNormalization({})).constructor as StockCtor;

function hasKernel(name: string): boolean {
  return tf.getKernel(name, tf.getBackend()) !== undefined;
}

/** Forward pass in training mode: y, and the batch mean and (biased) variance per channel. */
export function batchNormTrainForward(x: tf.Tensor4D, gamma: tf.Tensor1D, beta: tf.Tensor1D, epsilon: number): [tf.Tensor4D, tf.Tensor1D, tf.Tensor1D] {
  if (hasKernel(BN_TRAIN_FORWARD)) {
    return tf.engine().runKernel(BN_TRAIN_FORWARD, { x, gamma, beta }, { epsilon }) as unknown as [tf.Tensor4D, tf.Tensor1D, tf.Tensor1D];
  }
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, [0, 1, 2]);
    const k = tf.mul(gamma, tf.rsqrt(tf.add(variance, epsilon)));
    const y = tf.add(tf.mul(tf.sub(x, mean), k), beta) as tf.Tensor4D;
    return [y, mean as tf.Tensor1D, variance as tf.Tensor1D];
  });
}

/** Backward pass: dx, dgamma, dbeta for the batch statistics computed from x itself. */
export function batchNormTrainBackward(
  dy: tf.Tensor4D,
  x: tf.Tensor4D,
  mean: tf.Tensor1D,
  variance: tf.Tensor1D,
  gamma: tf.Tensor1D,
  epsilon: number,
): [tf.Tensor4D, tf.Tensor1D, tf.Tensor1D] {
  if (hasKernel(BN_TRAIN_BACKWARD)) {
    return tf.engine().runKernel(BN_TRAIN_BACKWARD, { dy, x, mean, variance, gamma }, { epsilon }) as unknown as [tf.Tensor4D, tf.Tensor1D, tf.Tensor1D];
  }
  return tf.tidy(() => {
    const m = x.size / x.shape[3];
    const invStd = tf.rsqrt(tf.add(variance, epsilon));
    const xhat = tf.mul(tf.sub(x, mean), invStd);
    const dbeta = tf.sum(dy, [0, 1, 2]) as tf.Tensor1D;
    const dgamma = tf.sum(tf.mul(dy, xhat), [0, 1, 2]) as tf.Tensor1D;
    const inner = tf.sub(tf.sub(dy, tf.div(dbeta, m)), tf.mul(xhat, tf.div(dgamma, m)));
    const dx = tf.mul(inner, tf.mul(gamma, invStd)) as tf.Tensor4D;
    return [dx, dgamma, dbeta];
  });
}

export class BatchNormalization extends Stock {
  static className = 'BatchNormalization';

  call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    const training = kwargs.training === true;
    const input = Array.isArray(inputs) ? inputs[0] : inputs;
    const lastAxis = this.axis === -1 || this.axis === input.rank - 1;
    if (!training || input.rank !== 4 || !lastAxis || !this.center || !this.scale) {
      return (Stock.prototype as unknown as { call: BatchNormalization['call'] }).call.call(this, inputs, kwargs);
    }
    const epsilon = this.epsilon;
    let stats: [tf.Tensor1D, tf.Tensor1D] | null = null;
    const normalise = tf.customGrad((...args: unknown[]) => {
      const [x, gamma, beta, save] = args as [tf.Tensor4D, tf.Tensor1D, tf.Tensor1D, tf.GradSaveFunc];
      const [y, mean, variance] = batchNormTrainForward(x, gamma, beta, epsilon);
      stats = [tf.keep(mean), tf.keep(variance)];
      save([x, mean, variance, gamma]);
      return {
        value: y,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [sx, smean, svar, sgamma] = saved as [tf.Tensor4D, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];
          return batchNormTrainBackward(dy as tf.Tensor4D, sx, smean, svar, sgamma, epsilon);
        },
      };
    });
    const out = normalise(input as tf.Tensor4D, this.gamma.read() as tf.Tensor1D, this.beta.read() as tf.Tensor1D);
    const [mean, variance] = stats as unknown as [tf.Tensor1D, tf.Tensor1D];
    // Moving averages as tfjs-layers (and Keras) keep them: biased batch variance, decay 1 - momentum.
    tf.tidy(() => {
      for (const [v, value] of [[this.movingMean, mean], [this.movingVariance, variance]] as const) {
        const old = v.read();
        v.write(tf.sub(old, tf.mul(tf.sub(old, value), 1 - this.momentum)));
      }
    });
    tf.dispose([mean, variance]);
    return out;
  }
}
tf.serialization.registerClass(BatchNormalization as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);

/** A batch-norm layer with the fast training path (same arguments as tf.layers.batchNormalization). */
export function batchNormalization(args: Parameters<typeof tf.layers.batchNormalization>[0]): tf.layers.Layer {
  return new BatchNormalization(args ?? {});
}
