import type * as tf from '@tensorflow/tfjs';

/**
 * Multiply-accumulates of one forward pass of one image through the convolution and dense layers (the layers that
 * dominate the cost): out_h * out_w * k_h * k_w * c_in * c_out per convolution, c_in * c_out per dense layer,
 * out_h * out_w * k_h * k_w * c per depthwise layer. A training step costs about three times this per image.
 */
export function forwardMacs(model: tf.LayersModel): number {
  let total = 0;
  for (const layer of model.layers) {
    const cls = layer.getClassName();
    const kernel = layer.weights[0];
    if (!kernel) continue;
    const out = layer.outputShape as (number | null)[];
    const k = kernel.shape as number[];
    // A depthwise kernel is [kh, kw, c, multiplier]: the same product counts its MACs.
    if (cls === 'Conv2D' || cls === 'DepthwiseConv2D') total += (out[1] ?? 1) * (out[2] ?? 1) * k[0] * k[1] * k[2] * k[3];
    else if (cls === 'Dense') total += k[0] * k[1];
  }
  return total;
}
