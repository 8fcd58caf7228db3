// Levelling every element of a sample table by campaign, with one account of what was done for the grid result.
import { NO_CAMPAIGN } from './campaign-stats';
import { levelByCampaign, MIN_LEVEL_SAMPLES, type LevellingMethod } from './levelling';
import type { LevellingSummary } from './types';

/**
 * Levels each element's values by the campaign of each sample. Returns the values unchanged (and says why in the
 * notes) when the samples hold fewer than two campaigns: there is no boundary to level across.
 */
export function levelElements(
  elements: readonly string[],
  values: readonly Float64Array[],
  campaigns: ArrayLike<string | null>,
  method: LevellingMethod,
): { values: Float64Array[]; levelling: LevellingSummary } {
  const counts = new Map<string, number>();
  for (let i = 0; i < campaigns.length; i++) {
    const c = campaigns[i] ?? NO_CAMPAIGN;
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  const levelling: LevellingSummary = {
    method, campaigns: [...counts].map(([campaign, samples]) => ({ campaign, samples })), elements: [], notes: [],
  };
  if (method === 'none') return { values: [...values], levelling };
  if (counts.size < 2) {
    levelling.notes.push(`one campaign only (${[...counts.keys()][0] ?? 'none'}): nothing to level`);
    return { values: [...values], levelling };
  }
  // campaign -> elements left as they were, so that a small campaign makes one note, not one per element
  const leftAlone = new Map<string, string[]>();
  const out = values.map((v, k) => {
    const r = levelByCampaign(v, campaigns, method);
    if (r.campaigns.some((c) => c.levelled)) levelling.elements.push(elements[k]);
    for (const c of r.campaigns) {
      if (c.levelled || c.n === 0) continue;
      const list = leftAlone.get(c.campaign);
      if (list) list.push(elements[k]); else leftAlone.set(c.campaign, [elements[k]]);
    }
    return r.values;
  });
  // In campaign order with elements sorted, so that the notes do not depend on the order of the element columns.
  for (const { campaign } of levelling.campaigns) {
    const els = leftAlone.get(campaign)?.sort();
    if (!els) continue;
    levelling.notes.push(`campaign ${campaign}: ${els.join(', ')} left as they are (fewer than ${MIN_LEVEL_SAMPLES} values, or all equal)`);
  }
  return { values: out, levelling };
}
