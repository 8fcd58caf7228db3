import * as tf from '@tensorflow/tfjs';
import { Builder } from './builder';

type ST = tf.SymbolicTensor;

/** Three conv-BN-ReLU stages (32-64-128) and a linear head: ~0.1 M weights, sized for the 'quick' preset on 2 cores. */
export function buildSmallCnn(input: ST, classes: number, b: Builder): ST {
  let x = b.convBnRelu(input, 'c1', 32, 3);
  x = b.maxPool(x, 'p1', 2, 2);
  x = b.convBnRelu(x, 'c2', 64, 3);
  x = b.maxPool(x, 'p2', 2, 2);
  x = b.convBnRelu(x, 'c3', 128, 3);
  return b.head(x, classes);
}
