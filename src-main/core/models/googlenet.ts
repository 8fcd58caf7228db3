import * as tf from '@tensorflow/tfjs';
import { Builder } from './builder';

type ST = tf.SymbolicTensor;

/**
 * Inception v1 module as torchvision builds it: conv + BN + ReLU units, and (like torchvision, which the
 * parameter figures are checked against) a 3x3 convolution in the "5x5" branch.
 */
function inception(b: Builder, x: ST, name: string, c1: number, c3r: number, c3: number, c5r: number, c5: number, pp: number): ST {
  const b1 = b.convBnRelu(x, `${name}.b1`, c1, 1);
  const b2 = b.convBnRelu(b.convBnRelu(x, `${name}.b2a`, c3r, 1), `${name}.b2b`, c3, 3);
  const b3 = b.convBnRelu(b.convBnRelu(x, `${name}.b3a`, c5r, 1), `${name}.b3b`, c5, 3);
  const pool = tf.layers.maxPooling2d({ name: `${name}.b4pool`, poolSize: 3, strides: 1, padding: 'same' }).apply(x) as ST;
  const b4 = b.convBnRelu(pool, `${name}.b4`, pp, 1);
  return b.concat([b1, b2, b3, b4], `${name}.concat`);
}

/** GoogLeNet (Inception v1) without the auxiliary heads. */
export function buildGoogLeNet(input: ST, classes: number, b: Builder): ST {
  let x = b.convBnRelu(input, 'conv1', 64, 7, 2);
  x = b.maxPool(x, 'pool1', 3, 2);
  x = b.convBnRelu(x, 'conv2', 64, 1);
  x = b.convBnRelu(x, 'conv3', 192, 3);
  x = b.maxPool(x, 'pool2', 3, 2);
  x = inception(b, x, 'i3a', 64, 96, 128, 16, 32, 32);
  x = inception(b, x, 'i3b', 128, 128, 192, 32, 96, 64);
  x = b.maxPool(x, 'pool3', 3, 2);
  x = inception(b, x, 'i4a', 192, 96, 208, 16, 48, 64);
  x = inception(b, x, 'i4b', 160, 112, 224, 24, 64, 64);
  x = inception(b, x, 'i4c', 128, 128, 256, 24, 64, 64);
  x = inception(b, x, 'i4d', 112, 144, 288, 32, 64, 64);
  x = inception(b, x, 'i4e', 256, 160, 320, 32, 128, 128);
  x = b.maxPool(x, 'pool4', 2, 2);
  x = inception(b, x, 'i5a', 256, 160, 320, 32, 128, 128);
  x = inception(b, x, 'i5b', 384, 192, 384, 48, 128, 128);
  return b.head(x, classes);
}
