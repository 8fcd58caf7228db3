import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchNormalization, BatchNormalization } from '../../src-main/core/models/batch-norm';
import { registerWasmTrainingKernels } from '../../src-main/core/training/wasm-kernels';
import { randomArray, relErr } from '../helpers/arrays';

// Our batch-norm layer's closed-form training gradient against autodiff through the stock tfjs-layers layer.

const SHAPE: [number, number, number, number] = [3, 5, 4, 7];
const C = SHAPE[3];
const size = SHAPE.reduce((a, b) => a * b, 1);
// Activations far from zero: the one-pass variance formula would lose digits here.
const xv = randomArray(size, 11, 40, 3);
const dyv = randomArray(size, 12);
const gammaV = randomArray(C, 13, 1, 0.5);
const betaV = randomArray(C, 14);

/** Output, d/dx, d/dgamma, d/dbeta and the moving statistics after one training call, flattened. */
function run(layer: tf.layers.Layer): Float32Array[] {
  const x = tf.tensor4d(xv, SHAPE);
  const dy = tf.tensor4d(dyv, SHAPE);
  layer.build(SHAPE);
  const [gamma, beta, movingMean, movingVar] = layer.weights;
  gamma.write(tf.tensor1d(gammaV));
  beta.write(tf.tensor1d(betaV));
  movingMean.write(tf.fill([C], 0.5));
  movingVar.write(tf.fill([C], 2));
  const vars = [gamma, beta].map((w) => (w as unknown as { read(): tf.Variable }).read());
  let y: tf.Tensor | null = null;
  const { grads } = tf.variableGrads(() => {
    const out = layer.apply(x, { training: true }) as tf.Tensor;
    y = tf.keep(out.clone());
    return tf.sum(tf.mul(out, dy)) as tf.Scalar;
  }, vars);
  const dx = tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(layer.apply(xx, { training: true }) as tf.Tensor, dy)))(x);
  const out = [y as unknown as tf.Tensor, dx, grads[vars[0].name], grads[vars[1].name], movingMean.read(), movingVar.read()];
  return out.map((t) => t.dataSync() as Float32Array);
}

describe('batch normalisation with the closed-form gradient', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    registerWasmTrainingKernels();
  });

  for (const backend of ['cpu', 'wasm']) {
    it(`matches autodiff through the stock layer on ${backend}`, async () => {
      await tf.setBackend('cpu');
      const ref = run(tf.layers.batchNormalization({ axis: -1, epsilon: 1e-5, momentum: 0.9 }));
      await tf.setBackend(backend);
      const got = run(batchNormalization({ axis: -1, epsilon: 1e-5, momentum: 0.9 }));
      const names = ['y', 'dx', 'dgamma', 'dbeta', 'movingMean', 'movingVariance'];
      names.forEach((name, i) => {
        expect(got[i].length, name).toBe(ref[i].length);
        expect(relErr(got[i], ref[i]), name).toBeLessThan(2e-5);
      });
    });
  }

  it('serialises as the stock layer and loads back as ours', () => {
    const layer = batchNormalization({ name: 'bn', axis: -1, epsilon: 1e-5 });
    expect(layer.getClassName()).toBe('BatchNormalization');
    const input = tf.input({ shape: [4, 4, 2] });
    const model = tf.model({ inputs: input, outputs: layer.apply(input) as tf.SymbolicTensor });
    const json = model.toJSON(undefined, false) as unknown as { config: { layers: { class_name: string }[] } };
    expect(json.config.layers[1].class_name).toBe('BatchNormalization');
    const back = tf.models.modelFromJSON as unknown;
    expect(back).toBeTypeOf('function');
    return tf.models.modelFromJSON(json as never).then((m) => {
      expect(m.layers[1]).toBeInstanceOf(BatchNormalization);
    });
  });
});
