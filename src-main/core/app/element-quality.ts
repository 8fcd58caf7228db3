// Coverage and censoring per element over every sample import of the project (the grid step's gate reads it).
import { mergeQuality } from '../quality/merge';
import type { ElementQuality } from '../quality/types';
import type { Project } from '../store/project';
import { countSamples, loadElementQualityByImport } from '../store/samples-repo';

export function loadElementQuality(p: Project): ElementQuality[] {
  return mergeQuality(loadElementQualityByImport(p), countSamples(p).kept);
}
