import * as tf from '@tensorflow/tfjs';
import { ProspectError } from '../types';
import { Builder } from './builder';
import { buildGoogLeNet } from './googlenet';
import { buildMobileNetV2 } from './mobilenetv2';
import { buildResNet } from './resnet';
import { buildShuffleNetV2 } from './shufflenetv2';
import { buildSmallCnn } from './smallcnn';
import { ARCHITECTURES, type Arch } from '../vocabulary';

/** The architectures' names come from the vocabulary's one table; this module only adds their builders. */
export type Architecture = Arch;

export interface ModelOptions {
  /** Side of the square input in pixels (the crop size). */
  inputSize: number;
  /** Number of input bands (selected elements). */
  channels: number;
  classes?: number;
  seed: number;
}

export type ArchitectureInfo = (typeof ARCHITECTURES)[number];

type BuildFn = (input: tf.SymbolicTensor, classes: number, b: Builder) => tf.SymbolicTensor;

/** One builder per architecture of the vocabulary: an architecture without one does not compile. */
const BUILDERS: Record<Architecture, BuildFn> = {
  resnet50: (input, classes, b) => buildResNet(50, input, classes, b),
  resnet18: (input, classes, b) => buildResNet(18, input, classes, b),
  mobilenetv2: buildMobileNetV2,
  shufflenetv2: buildShuffleNetV2,
  googlenet: buildGoogLeNet,
  smallcnn: buildSmallCnn,
};
const ARCHS: readonly ArchitectureInfo[] = ARCHITECTURES;

export function listArchitectures(): ArchitectureInfo[] {
  return ARCHS.map((a) => ({ ...a }));
}

/** Builds a fresh model that outputs logits [batch, classes] for NHWC input [batch, inputSize, inputSize, channels]. */
export function buildModel(arch: Architecture, options: ModelOptions): tf.LayersModel {
  const info = ARCHS.find((a) => a.arch === arch);
  if (!info) {
    throw new ProspectError(
      `Unknown architecture '${arch}'. Choose one of: ${ARCHS.map((a) => a.arch).join(', ')}.`,
      'UNKNOWN_ARCH',
      { arch },
    );
  }
  const { inputSize, channels, classes = 2, seed } = options;
  if (!Number.isInteger(inputSize) || inputSize < info.minInputSize) {
    throw new ProspectError(
      `Input size ${inputSize} is too small for ${arch}: use at least ${info.minInputSize} pixels.`,
      'BAD_INPUT_SIZE',
      { arch, inputSize },
    );
  }
  if (!Number.isInteger(channels) || channels < 1) {
    throw new ProspectError(`A model needs at least one input channel (got ${channels}).`, 'BAD_CHANNELS', { channels });
  }
  const b = new Builder(seed);
  const input = tf.input({ shape: [inputSize, inputSize, channels], name: 'input' });
  const output = BUILDERS[info.arch](input, classes, b);
  return tf.model({ inputs: input, outputs: output, name: arch });
}

export interface ParamCount {
  /** Trainable weights: the figure torchvision's sum(p.numel() for p in model.parameters()) gives. */
  trainable: number;
  /** Batch-norm running means and variances. */
  nonTrainable: number;
  total: number;
}

export function countParams(model: tf.LayersModel): ParamCount {
  const size = (ws: tf.LayerVariable[]) => ws.reduce((s, w) => s + w.shape.reduce((a: number, d) => a * (d ?? 1), 1), 0);
  const trainable = size(model.trainableWeights);
  const nonTrainable = size(model.nonTrainableWeights);
  return { trainable, nonTrainable, total: trainable + nonTrainable };
}
