// The training engine's configuration from the pipeline's: one mapping for the train step and every CV fold model,
// so the procedure that is cross-validated is the one that is deployed.
import type { Arch, PipelineConfig } from '../config';
import type { EngineConfig } from './types';

export function engineConfigFrom(config: PipelineConfig, o: { inputSize: number; arch?: Arch; epochs?: number; seed?: number }): EngineConfig {
  const t = config.train;
  return {
    arch: o.arch ?? t.arch, inputSize: o.inputSize, epochs: o.epochs ?? t.epochs, batchSize: t.batchSize, microBatch: t.microBatch,
    lr: t.lr, lrStep: t.lrStep, momentum: t.momentum, weightDecay: t.weightDecay, classWeights: t.classWeights,
    earlyStopping: t.earlyStoppingPatience ? { patience: t.earlyStoppingPatience } : undefined,
    seed: o.seed ?? config.seed, augment: { flips: true, randomCrop: true }, backend: t.backend,
  };
}
