// Levelling by campaign: bring each campaign's values onto the pooled distribution before gridding, so that a digest
// or lab change does not draw its boundary on the map.
//
// Default 'zscore': per campaign, the z-score of log10 values, mapped back through the pooled log mean and standard
// deviation. It keeps each campaign's internal shape (an anomaly stays as many deviations above its campaign's
// background) and needs only two parameters per campaign, so small campaigns level stably. 'quantile' forces every
// campaign onto the pooled distribution rank by rank: stronger, but with a few dozen samples its tails are coarse, and
// censored values (ties) move as a block. Both assume each campaign samples comparable ground: a campaign confined to
// a mineralised belt loses part of its real contrast, which is why levelling is an option and the step warning
// (campaign-step.ts) says where it matters.
import { finiteSorted, midRanks, quantileSorted } from './stats';
import { NO_CAMPAIGN } from './campaign-stats';
import type { LevellingMethod } from '../vocabulary';

export type { LevellingMethod };
export const DEFAULT_LEVELLING: LevellingMethod = 'zscore';
/** Campaigns with fewer finite values than this are left as they are. */
export const MIN_LEVEL_SAMPLES = 10;

export interface LevelledCampaign {
  campaign: string;
  /** Finite values of the campaign. */
  n: number;
  levelled: boolean;
  /** Mean and standard deviation of its log10 values. */
  mean: number;
  sd: number;
}

export interface LevelResult {
  /** Same order and units as the input (positive; NaN stays NaN). */
  values: Float64Array;
  method: LevellingMethod;
  campaigns: LevelledCampaign[];
  notes: string[];
}

export interface LevelOptions {
  /** Campaigns with fewer finite values are left as they are (default MIN_LEVEL_SAMPLES). */
  minSamples?: number;
}

function groups(campaigns: ArrayLike<string | null>): Map<string, number[]> {
  const g = new Map<string, number[]>();
  for (let i = 0; i < campaigns.length; i++) {
    const c = campaigns[i] ?? NO_CAMPAIGN;
    const list = g.get(c);
    if (list) list.push(i); else g.set(c, [i]);
  }
  return g;
}

function meanSd(v: number[]): { mean: number; sd: number } {
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  const sd = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, v.length - 1));
  return { mean, sd };
}

/**
 * Levels `values` (ppm, one per sample) by the campaign of each sample (null: no campaign, one group). Values <= 0
 * enter the logs as half the smallest positive value, the same rule as the grid transform.
 */
export function levelByCampaign(
  values: ArrayLike<number>,
  campaigns: ArrayLike<string | null>,
  method: LevellingMethod = DEFAULT_LEVELLING,
  options: LevelOptions = {},
): LevelResult {
  if (values.length !== campaigns.length) {
    throw new RangeError(`levelByCampaign: ${values.length} values but ${campaigns.length} campaigns`);
  }
  const minSamples = options.minSamples ?? MIN_LEVEL_SAMPLES;
  const out = Float64Array.from(values);
  const result: LevelResult = { values: out, method, campaigns: [], notes: [] };
  let smallest = Infinity;
  for (let i = 0; i < values.length; i++) if (values[i] > 0 && values[i] < smallest) smallest = values[i];
  const floor = Number.isFinite(smallest) ? smallest / 2 : 1;
  const logs = Float64Array.from(values, (v) => (Number.isFinite(v) ? Math.log10(v > 0 ? v : floor) : NaN));
  const pooledSorted = finiteSorted(logs);
  const pooled = meanSd([...pooledSorted]);
  for (const [campaign, idx] of groups(campaigns)) {
    const finite = idx.filter((i) => Number.isFinite(logs[i]));
    const { mean, sd } = finite.length ? meanSd(finite.map((i) => logs[i])) : { mean: NaN, sd: NaN };
    const ok = method !== 'none' && finite.length >= minSamples && sd > 0;
    result.campaigns.push({ campaign, n: finite.length, levelled: ok, mean, sd });
    if (!ok) {
      if (method !== 'none' && finite.length > 0) {
        result.notes.push(`campaign ${campaign}: ${finite.length} values${sd > 0 ? '' : ', all equal'}; left as they are ` +
          `(levelling needs at least ${minSamples} differing values)`);
      }
      continue;
    }
    if (method === 'zscore') {
      for (const i of finite) out[i] = 10 ** (pooled.mean + (pooled.sd * (logs[i] - mean)) / sd);
    } else {
      const { ranks } = midRanks(finite.map((i) => logs[i]));
      finite.forEach((i, k) => { out[i] = 10 ** quantileSorted(pooledSorted, (ranks[k] - 0.5) / finite.length); });
    }
  }
  return result;
}

/** Keeps only the samples of the chosen campaigns: an index list into the sample arrays. */
export function samplesOfCampaigns(campaigns: ArrayLike<string | null>, keep: readonly string[]): Int32Array {
  const set = new Set(keep);
  const idx: number[] = [];
  for (let i = 0; i < campaigns.length; i++) if (set.has(campaigns[i] ?? NO_CAMPAIGN)) idx.push(i);
  return Int32Array.from(idx);
}
