// Adding up the quality of several imports into one project-wide figure per element.
import type { ElementQuality } from './types';

/**
 * Sums per-import counts; an element absent from an import counts that import's samples as not analysed (missing),
 * because the grid sees them as samples without a value. `totalSamples` is the project's kept samples.
 */
export function mergeQuality(parts: readonly ElementQuality[][], totalSamples: number): ElementQuality[] {
  const by = new Map<string, ElementQuality>();
  for (const part of parts) {
    for (const q of part) {
      const m = by.get(q.element);
      if (!m) { by.set(q.element, { ...q, detectionLimits: [...q.detectionLimits], campaignSteps: [...q.campaignSteps] }); continue; }
      m.samples += q.samples; m.measured += q.measured; m.censored += q.censored; m.zeros += q.zeros;
      m.zerosCensored += q.zerosCensored; m.sentinel += q.sentinel; m.missing += q.missing;
      m.detectionLimits = [...new Set([...m.detectionLimits, ...q.detectionLimits])].sort((a, b) => a - b).slice(0, 12);
      m.campaignSteps.push(...q.campaignSteps);
    }
  }
  return [...by.values()].map((q) => {
    const missing = q.missing + Math.max(0, totalSamples - q.samples);
    const samples = Math.max(totalSamples, q.samples);
    return { ...q, samples, missing, coverage: samples ? q.measured / samples : 0 };
  });
}
