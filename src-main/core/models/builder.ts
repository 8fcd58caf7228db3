import * as tf from '@tensorflow/tfjs';
import { batchNormalization } from './batch-norm';

type SymbolicTensor = tf.SymbolicTensor;

/**
 * Small helpers shared by the architecture builders. Every layer gets an explicit name and every random
 * initialiser its own seed drawn from one counter, so that the same seed gives the same initial weights
 * regardless of how many models were built before in this process (tfjs' own name counters are global).
 */
export class Builder {
  private next: number;
  constructor(seed: number) {
    // Spread seeds so that model seeds 1 and 2 do not share layer seeds.
    this.next = (Math.imul(seed >>> 0, 7919) + 17) >>> 0;
  }

  seed(): number {
    this.next = (this.next + 1) >>> 0;
    return this.next;
  }

  /** He (Kaiming) normal, fan_out, as torchvision initialises its convolutions. */
  convInit(): ReturnType<typeof tf.initializers.varianceScaling> {
    return tf.initializers.varianceScaling({ scale: 2, mode: 'fanOut', distribution: 'normal', seed: this.seed() });
  }

  conv(x: SymbolicTensor, name: string, filters: number, kernel: number, stride = 1, bias = false): SymbolicTensor {
    return tf.layers
      .conv2d({
        name,
        filters,
        kernelSize: kernel,
        strides: stride,
        padding: 'same',
        useBias: bias,
        kernelInitializer: this.convInit(),
      })
      .apply(x) as SymbolicTensor;
  }

  depthwise(x: SymbolicTensor, name: string, kernel: number, stride = 1): SymbolicTensor {
    return tf.layers
      .depthwiseConv2d({
        name,
        kernelSize: kernel,
        strides: stride,
        padding: 'same',
        useBias: false,
        depthwiseInitializer: this.convInit(),
      })
      .apply(x) as SymbolicTensor;
  }

  bn(x: SymbolicTensor, name: string, zeroGamma = false): SymbolicTensor {
    // PyTorch BatchNorm2d defaults: eps 1e-5, momentum 0.1 (= Keras momentum 0.9).
    // Our subclass: same config and serialisation, closed-form training gradient (batch-norm.ts).
    return batchNormalization({
      name,
      axis: -1,
      epsilon: 1e-5,
      momentum: 0.9,
      gammaInitializer: zeroGamma ? 'zeros' : 'ones',
    }).apply(x) as SymbolicTensor;
  }

  relu(x: SymbolicTensor, name: string): SymbolicTensor {
    return tf.layers.reLU({ name }).apply(x) as SymbolicTensor;
  }

  relu6(x: SymbolicTensor, name: string): SymbolicTensor {
    return tf.layers.reLU({ name, maxValue: 6 }).apply(x) as SymbolicTensor;
  }

  convBnRelu(x: SymbolicTensor, name: string, filters: number, kernel: number, stride = 1): SymbolicTensor {
    return this.relu(this.bn(this.conv(x, `${name}.conv`, filters, kernel, stride), `${name}.bn`), `${name}.relu`);
  }

  add(xs: SymbolicTensor[], name: string): SymbolicTensor {
    return tf.layers.add({ name }).apply(xs) as SymbolicTensor;
  }

  concat(xs: SymbolicTensor[], name: string): SymbolicTensor {
    return tf.layers.concatenate({ name, axis: -1 }).apply(xs) as SymbolicTensor;
  }

  maxPool(x: SymbolicTensor, name: string, size: number, stride: number): SymbolicTensor {
    return tf.layers.maxPooling2d({ name, poolSize: size, strides: stride, padding: 'same' }).apply(x) as SymbolicTensor;
  }

  /** Global average pool and a linear head producing logits (softmax is applied by the loss / predictor). */
  head(x: SymbolicTensor, classes: number): SymbolicTensor {
    const pooled = tf.layers.globalAveragePooling2d({ name: 'avgpool' }).apply(x) as SymbolicTensor;
    return tf.layers
      .dense({
        name: 'fc',
        units: classes,
        kernelInitializer: tf.initializers.glorotUniform({ seed: this.seed() }),
      })
      .apply(pooled) as SymbolicTensor;
  }
}
