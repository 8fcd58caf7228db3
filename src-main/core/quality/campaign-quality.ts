// Coverage over chosen campaigns only. An element a newer campaign analysed and an older one did not has low coverage
// over the whole survey but full coverage over the newer campaign: restricting to campaigns must gate on the samples
// that will be gridded, not on all of them.
import type { CampaignSummary, ElementQuality } from './types';

/**
 * Each element's quality over the samples of the `keep` campaigns, added up from the per-campaign statistics of the
 * imports. Censored counts include zeros read as censored and not-analysed counts sentinels (the summaries do not
 * tell them apart). Level steps are kept only between two kept campaigns. An element no summary mentions keeps its
 * survey-wide figures.
 */
export function qualityOfCampaigns(
  quality: readonly ElementQuality[],
  summaries: readonly CampaignSummary[],
  keep: readonly string[],
): ElementQuality[] {
  const kept = new Set(keep);
  const chosen = summaries.filter((s) => kept.has(s.campaign));
  return quality.map((q) => {
    let samples = 0, measured = 0, censored = 0, notAnalysed = 0, seen = false;
    const dls = new Set<number>();
    for (const s of chosen) {
      const e = s.elements.find((x) => x.element === q.element);
      if (!e) {
        // Not in that campaign's file at all: its samples have no value for the element.
        samples += s.samples;
        notAnalysed += s.samples;
        continue;
      }
      seen = true;
      samples += e.count;
      measured += e.measured;
      censored += Math.round(e.censoredShare * e.count);
      notAnalysed += Math.round(e.notAnalysedShare * e.count);
      for (const d of e.detectionLimits) dls.add(d);
    }
    if (!seen) return q;
    return {
      element: q.element, samples, measured, censored, zeros: 0, zerosCensored: 0, sentinel: 0, missing: notAnalysed,
      coverage: samples ? measured / samples : 0,
      detectionLimits: [...dls].sort((a, b) => a - b).slice(0, 12),
      campaignSteps: q.campaignSteps.filter((s) => kept.has(s.a) && kept.has(s.b)),
    };
  });
}
