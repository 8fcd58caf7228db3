import * as tf from '@tensorflow/tfjs';

/** Takes channels [start, start + size) of an NHWC tensor (ShuffleNetV2's channel split). */
export class ChannelSlice extends tf.layers.Layer {
  static className = 'ChannelSlice';
  private readonly start: number;
  private readonly size: number;
  constructor(config: { start: number; size: number; name?: string }) {
    super({ name: config.name });
    this.start = config.start;
    this.size = config.size;
  }
  computeOutputShape(shape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(shape[0]) ? shape[0] : shape) as tf.Shape;
    return [s[0], s[1], s[2], this.size];
  }
  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return tf.slice(x, [0, 0, 0, this.start], [-1, -1, -1, this.size]);
  }
  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), start: this.start, size: this.size };
  }
}
tf.serialization.registerClass(ChannelSlice);

/** ShuffleNet's channel shuffle with 2 groups: interleaves the two halves of the channel axis. */
export class ChannelShuffle extends tf.layers.Layer {
  static className = 'ChannelShuffle';
  constructor(config: { name?: string } = {}) {
    super({ name: config.name });
  }
  computeOutputShape(shape: tf.Shape | tf.Shape[]): tf.Shape {
    return (Array.isArray(shape[0]) ? shape[0] : shape) as tf.Shape;
  }
  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    const [n, h, w, c] = x.shape;
    return tf.tidy(() => tf.reshape(tf.transpose(tf.reshape(x, [n, h, w, 2, c / 2]), [0, 1, 2, 4, 3]), [n, h, w, c]));
  }
}
tf.serialization.registerClass(ChannelShuffle);
