import * as tf from '@tensorflow/tfjs';
import { ProspectError, type TaskOptions } from '../types';
import { centreOffset, cropInto } from './crop';

export interface PredictOptions extends TaskOptions {
  /** Side the model expects; windows larger than this are centre-cropped. Default: the model's input size. */
  inputSize?: number;
  /** Windows per forward pass (default 16). */
  batch?: number;
}

/**
 * P(ore) for each of n windows (n x size x size x channels, NHWC): softmax of the model's two logits, class 1.
 */
export async function predictProbabilities(
  model: tf.LayersModel,
  x: Float32Array,
  n: number,
  size: number,
  channels: number,
  opts: PredictOptions = {},
): Promise<Float32Array> {
  const shape = model.inputs[0].shape;
  const inputSize = opts.inputSize ?? (shape[1] as number);
  if (shape[3] !== channels) {
    throw new ProspectError(`The model expects ${shape[3]} channels but the windows have ${channels}: use the same elements as in training.`, 'CHANNEL_MISMATCH');
  }
  if (inputSize > size) throw new ProspectError(`Windows of ${size} px are smaller than the model input ${inputSize} px.`, 'WINDOW_TOO_SMALL');
  if (x.length !== n * size * size * channels) throw new ProspectError(`x holds ${x.length} values, expected n x size x size x channels = ${n * size * size * channels}.`, 'BAD_SHAPE');
  const batch = Math.max(1, opts.batch ?? 16);
  const out = new Float32Array(n);
  const off = centreOffset(size, inputSize);
  const buf = new Float32Array(batch * inputSize * inputSize * channels);
  for (let i = 0; i < n; i += batch) {
    if (opts.signal?.aborted) throw new ProspectError('Prediction was cancelled.', 'ABORTED');
    const m = Math.min(batch, n - i);
    for (let k = 0; k < m; k++) cropInto(x, size, channels, i + k, buf, k, inputSize, off, off);
    const p = tf.tidy(() => {
      const xt = tf.tensor4d(buf.subarray(0, m * inputSize * inputSize * channels), [m, inputSize, inputSize, channels]);
      const logits = model.apply(xt, { training: false }) as tf.Tensor2D;
      return tf.slice(tf.softmax(logits), [0, 1], [m, 1]);
    });
    out.set((await p.data()) as Float32Array, i);
    p.dispose();
    opts.onProgress?.({ step: 'predict', done: i + m, total: n });
  }
  return out;
}
