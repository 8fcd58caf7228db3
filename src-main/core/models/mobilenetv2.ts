import * as tf from '@tensorflow/tfjs';
import { Builder } from './builder';

type ST = tf.SymbolicTensor;

// (expansion t, channels c, repeats n, first stride s), torchvision's table.
const SETTINGS: [number, number, number, number][] = [
  [1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1],
];

function convBnRelu6(b: Builder, x: ST, name: string, filters: number, kernel: number, stride = 1): ST {
  return b.relu6(b.bn(b.conv(x, `${name}.conv`, filters, kernel, stride), `${name}.bn`), `${name}.relu6`);
}

export function buildMobileNetV2(input: ST, classes: number, b: Builder): ST {
  let x = convBnRelu6(b, input, 'stem', 32, 3, 2);
  let block = 0;
  for (const [t, c, n, s] of SETTINGS) {
    for (let i = 0; i < n; i++) {
      const name = `block${block++}`;
      const inC = x.shape[3] as number;
      const stride = i === 0 ? s : 1;
      let y = x;
      if (t !== 1) y = convBnRelu6(b, y, `${name}.expand`, inC * t, 1);
      y = b.relu6(b.bn(b.depthwise(y, `${name}.dw`, 3, stride), `${name}.dw.bn`), `${name}.dw.relu6`);
      y = b.bn(b.conv(y, `${name}.project`, c, 1), `${name}.project.bn`);
      x = stride === 1 && inC === c ? b.add([x, y], `${name}.add`) : y;
    }
  }
  x = convBnRelu6(b, x, 'last', 1280, 1);
  return b.head(x, classes);
}
