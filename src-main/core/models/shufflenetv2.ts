import * as tf from '@tensorflow/tfjs';
import { Builder } from './builder';
import { ChannelShuffle, ChannelSlice } from './channel-ops';

type ST = tf.SymbolicTensor;

function unit(b: Builder, x: ST, name: string, out: number, stride: number): ST {
  const branch = out / 2;
  const inC = x.shape[3] as number;
  let left: ST;
  let right: ST;
  if (stride === 1) {
    left = new ChannelSlice({ name: `${name}.split0`, start: 0, size: inC / 2 }).apply(x) as ST;
    right = new ChannelSlice({ name: `${name}.split1`, start: inC / 2, size: inC / 2 }).apply(x) as ST;
  } else {
    left = b.bn(b.depthwise(x, `${name}.b1.dw`, 3, stride), `${name}.b1.dw.bn`);
    left = b.convBnRelu(left, `${name}.b1.pw`, branch, 1);
    right = x;
  }
  right = b.convBnRelu(right, `${name}.b2.pw1`, branch, 1);
  right = b.bn(b.depthwise(right, `${name}.b2.dw`, 3, stride), `${name}.b2.dw.bn`);
  right = b.convBnRelu(right, `${name}.b2.pw2`, branch, 1);
  const joined = b.concat([left, right], `${name}.concat`);
  return new ChannelShuffle({ name: `${name}.shuffle` }).apply(joined) as ST;
}

/** ShuffleNetV2 1.0x as in torchvision (stages 4-8-4 with 116-232-464 channels, 1024 before the head). */
export function buildShuffleNetV2(input: ST, classes: number, b: Builder): ST {
  let x = b.convBnRelu(input, 'stem', 24, 3, 2);
  x = b.maxPool(x, 'stem.pool', 3, 2);
  const repeats = [4, 8, 4];
  const channels = [116, 232, 464];
  repeats.forEach((n, s) => {
    for (let i = 0; i < n; i++) x = unit(b, x, `stage${s + 2}.${i}`, channels[s], i === 0 ? 2 : 1);
  });
  x = b.convBnRelu(x, 'conv5', 1024, 1);
  return b.head(x, classes);
}
