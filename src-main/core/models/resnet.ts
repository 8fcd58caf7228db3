import * as tf from '@tensorflow/tfjs';
import { Builder } from './builder';

type ST = tf.SymbolicTensor;

/** torchvision ResNet v1.5 (the stride sits on the 3x3 convolution of a bottleneck). */
function basicBlock(b: Builder, x: ST, name: string, planes: number, stride: number): ST {
  let y = b.convBnRelu(x, `${name}.1`, planes, 3, stride);
  y = b.bn(b.conv(y, `${name}.2.conv`, planes, 3), `${name}.2.bn`);
  const inC = x.shape[3] as number;
  const short = stride !== 1 || inC !== planes ? b.bn(b.conv(x, `${name}.down.conv`, planes, 1, stride), `${name}.down.bn`) : x;
  return b.relu(b.add([y, short], `${name}.add`), `${name}.out`);
}

function bottleneck(b: Builder, x: ST, name: string, planes: number, stride: number): ST {
  const out = planes * 4;
  let y = b.convBnRelu(x, `${name}.1`, planes, 1);
  y = b.convBnRelu(y, `${name}.2`, planes, 3, stride);
  y = b.bn(b.conv(y, `${name}.3.conv`, out, 1), `${name}.3.bn`);
  const inC = x.shape[3] as number;
  const short = stride !== 1 || inC !== out ? b.bn(b.conv(x, `${name}.down.conv`, out, 1, stride), `${name}.down.bn`) : x;
  return b.relu(b.add([y, short], `${name}.add`), `${name}.out`);
}

export function buildResNet(
  depth: 18 | 50,
  input: ST,
  classes: number,
  b: Builder,
): ST {
  const blocks = depth === 50 ? [3, 4, 6, 3] : [2, 2, 2, 2];
  const block = depth === 50 ? bottleneck : basicBlock;
  let x = b.convBnRelu(input, 'stem', 64, 7, 2);
  x = b.maxPool(x, 'stem.pool', 3, 2);
  [64, 128, 256, 512].forEach((planes, stage) => {
    for (let i = 0; i < blocks[stage]; i++) {
      x = block(b, x, `layer${stage + 1}.${i}`, planes, i === 0 && stage > 0 ? 2 : 1);
    }
  });
  return b.head(x, classes);
}
