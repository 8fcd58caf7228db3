import type { PipelineConfig } from '../config';
import type { Project } from '../store/project';
import type { TaskOptions } from '../types';

/** What every step returns: the run rows it wrote, a JSON-able summary, and the files it wrote. */
export interface StepOutcome {
  step: string;
  runIds: number[];
  summary: Record<string, unknown>;
  files: string[];
}

export interface StepContext extends TaskOptions {
  project: Project;
  config: PipelineConfig;
  /** Where the export step writes its files. */
  outDir?: string;
  /** Continue an interrupted training run from its last checkpoint. */
  resume?: boolean;
  /** Predict with the latest model of another project file (generality check on a second study area). */
  modelFrom?: string;
}
