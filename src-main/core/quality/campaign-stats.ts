// Per-campaign statistics of each element: how many samples, how many measured, the detection limits the campaign
// states, its median and its censored share. Two campaigns with different digests or labs show here first.
import { median } from './stats';
import type { CampaignSummary } from './types';

/** What a kept sample holds for one element. */
export const CELL = { measured: 0, censored: 1, notAnalysed: 2 } as const;

export interface ElementCells {
  element: string;
  /** Per sample: a CELL value. */
  kind: Uint8Array;
  /** Per sample, ppm (substituted for censored cells, NaN where not analysed). */
  value: Float64Array;
  /** Detection limits stated per campaign index (-1: no campaign), ppm. */
  dls: Map<number, Set<number>>;
}

export const NO_CAMPAIGN = '(none)';
const MAX_DLS = 12;

export const sortedDls = (s: Iterable<number> | undefined): number[] =>
  [...new Set(s ?? [])].sort((a, b) => a - b).slice(0, MAX_DLS).map((v) => +v.toPrecision(6));

/** One summary per campaign with kept samples, in order of first appearance; samples without one come last as '(none)'. */
export function campaignSummaries(names: string[], campaignOf: Int32Array, elements: ElementCells[]): CampaignSummary[] {
  const ids = [...names.keys()];
  if (campaignOf.some((c) => c < 0)) ids.push(-1);
  const members = new Map<number, number[]>(ids.map((c) => [c, []]));
  campaignOf.forEach((c, i) => members.get(c)!.push(i));
  return ids.filter((c) => members.get(c)!.length > 0).map((c) => {
    const idx = members.get(c)!;
    return {
      campaign: c < 0 ? NO_CAMPAIGN : names[c],
      samples: idx.length,
      elements: elements.map((el) => {
        let measured = 0, censored = 0, notAnalysed = 0;
        const vals: number[] = [];
        for (const i of idx) {
          const k = el.kind[i];
          if (k === CELL.measured) { measured++; vals.push(el.value[i]); }
          else if (k === CELL.censored) censored++;
          else notAnalysed++;
        }
        const m = median(vals);
        const n = idx.length || 1;
        return {
          element: el.element, count: idx.length, measured, censoredShare: censored / n, notAnalysedShare: notAnalysed / n,
          median: Number.isFinite(m) ? +m.toPrecision(6) : null, detectionLimits: sortedDls(el.dls.get(c)),
        };
      }),
    };
  });
}
