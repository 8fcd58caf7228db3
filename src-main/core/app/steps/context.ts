import type { PipelineConfig } from '../../config';
import type { Project } from '../../store/project';
import type { TaskOptions } from '../../types';

export interface StepContext extends TaskOptions {
  project: Project;
  config: PipelineConfig;
  /** Where the export step writes its files. */
  outDir?: string;
  /** Export into a folder holding files this project did not write there (the user said so). */
  force?: boolean;
  /** Continue an interrupted training run from its last checkpoint. */
  resume?: boolean;
  /** Predict with the latest model of another project file (generality check on a second study area). */
  modelFrom?: string;
}
