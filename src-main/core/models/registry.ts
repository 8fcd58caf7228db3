import * as tf from '@tensorflow/tfjs';
import { ProspectError } from '../types';
import { Builder } from './builder';
import { buildGoogLeNet } from './googlenet';
import { buildMobileNetV2 } from './mobilenetv2';
import { buildResNet } from './resnet';
import { buildShuffleNetV2 } from './shufflenetv2';
import { buildSmallCnn } from './smallcnn';

export type Architecture = 'resnet50' | 'resnet18' | 'mobilenetv2' | 'shufflenetv2' | 'googlenet' | 'smallcnn';

export interface ModelOptions {
  /** Side of the square input in pixels (the crop size). */
  inputSize: number;
  /** Number of input bands (selected elements). */
  channels: number;
  classes?: number;
  seed: number;
}

export interface ArchitectureInfo {
  arch: Architecture;
  description: string;
  /** Smallest input side that keeps every stage at least 1 pixel. */
  minInputSize: number;
  /** Input side the architecture was designed for. */
  defaultInputSize: number;
  /**
   * Forward multiply-accumulates per input pixel (3 bands), from forwardMacs (a test keeps it honest): the trainer
   * plans threads and replicas before the backend, hence any model, exists.
   */
  macsPerPixel: number;
}

const ARCHS: ArchitectureInfo[] = [
  { arch: 'resnet50', description: 'ResNet-50 (bottleneck blocks 3-4-6-3, ~23.5 M weights), the network of Gao et al. 2022.', minInputSize: 32, defaultInputSize: 224, macsPerPixel: 81456 },
  { arch: 'resnet18', description: 'ResNet-18 (basic blocks 2-2-2-2, ~11.2 M weights): about twice as fast as ResNet-50.', minInputSize: 32, defaultInputSize: 224, macsPerPixel: 36144 },
  { arch: 'mobilenetv2', description: 'MobileNetV2 (inverted residuals, depthwise convolutions, ~2.2 M weights).', minInputSize: 32, defaultInputSize: 224, macsPerPixel: 5969 },
  { arch: 'shufflenetv2', description: 'ShuffleNetV2 1.0x (channel split and shuffle, ~1.25 M weights).', minInputSize: 32, defaultInputSize: 224, macsPerPixel: 2868 },
  { arch: 'googlenet', description: 'GoogLeNet / Inception v1 with batch norm, no auxiliary heads (~5.6 M weights).', minInputSize: 32, defaultInputSize: 224, macsPerPixel: 29842 },
  { arch: 'smallcnn', description: 'Small 3-stage CNN (~0.1 M weights) for the quick preset: 32-px inputs, trains on 2 CPU cores in a minute or two.', minInputSize: 8, defaultInputSize: 32, macsPerPixel: 10080 },
];

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
  let output: tf.SymbolicTensor;
  switch (arch) {
    case 'resnet50': output = buildResNet(50, input, classes, b); break;
    case 'resnet18': output = buildResNet(18, input, classes, b); break;
    case 'mobilenetv2': output = buildMobileNetV2(input, classes, b); break;
    case 'shufflenetv2': output = buildShuffleNetV2(input, classes, b); break;
    case 'googlenet': output = buildGoogLeNet(input, classes, b); break;
    case 'smallcnn': output = buildSmallCnn(input, classes, b); break;
  }
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
