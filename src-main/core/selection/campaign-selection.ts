// The campaign check of element selection on grids: each cell takes the campaign of its nearest sample, deposit cells
// are the positives, and every element's AUC is compared within and across campaigns.
import type { DepositCell } from '../dataset/cells';
import type { GridStack } from '../types';
import { campaignDrivenAuc } from './campaign-auc';
import { campaignOfCells } from '../quality/campaign-cells';

export interface CampaignDriven {
  driven: boolean;
  /** The stratified AUC within campaigns holding both deposits and background; null when none does. */
  aucWithin: number | null;
  reason: string;
}

/**
 * Per element of the stack, whether its deposit AUC is carried by a campaign boundary. `samples` are the gridded
 * samples with their campaigns; null when they hold fewer than two campaigns (nothing to compare).
 */
export function campaignDrivenByElement(
  stack: GridStack,
  depositCells: readonly DepositCell[],
  samples: { x: ArrayLike<number>; y: ArrayLike<number>; campaigns: readonly (string | null)[] },
): Map<string, CampaignDriven> | null {
  if (new Set(samples.campaigns.filter((c) => c !== null)).size < 2) return null;
  const { spec } = stack;
  const cellCampaign = campaignOfCells(spec, samples.x, samples.y, samples.campaigns);
  const labels = new Uint8Array(spec.width * spec.height);
  for (const d of depositCells) labels[d.row * spec.width + d.col] = 1;
  const out = new Map<string, CampaignDriven>();
  stack.elements.forEach((e, k) => {
    const r = campaignDrivenAuc(stack.bands[k], labels, cellCampaign);
    out.set(e, { driven: r.driven, aucWithin: Number.isFinite(r.aucWithin) ? r.aucWithin : null, reason: r.reason });
  });
  return out;
}
