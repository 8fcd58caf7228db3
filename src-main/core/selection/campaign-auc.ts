// Is an element's AUC the deposits' or the campaigns'? When deposits sit in the area of one campaign whose lab reads
// higher, every element of that campaign "predicts" them. Comparing positives with negatives of the same campaign
// only (a stratified Mann-Whitney AUC) removes that: an AUC that collapses towards 0.5 within campaigns was carried by
// the campaign boundary.
import { aucMannWhitney } from './auc';
import { NO_CAMPAIGN } from '../quality/campaign-stats';

export interface CampaignAucOptions {
  /** Least |AUC - 0.5| across all for the question to matter (default 0.1). */
  minEdge?: number;
  /** Driven when the within-campaign edge keeps less than this share of the overall edge (default 0.5). */
  keepShare?: number;
}

export interface CampaignAuc {
  /** Positives against every negative. */
  aucAll: number;
  /** Positives against negatives of the campaigns that hold positives, pooled. */
  aucDepositCampaigns: number;
  /** Stratified: within each campaign holding both classes, weighted by its pairs (NaN when none). */
  aucWithin: number;
  /** Campaigns holding positives, with their positive and negative counts. */
  depositCampaigns: { campaign: string; positives: number; negatives: number }[];
  driven: boolean;
  reason: string;
}

/**
 * `values` are an element's scores (sample values or grid cells), `labels` 1 for positives (deposit cells or samples
 * near deposits), 0 for negatives, NaN to leave out; `campaigns` the campaign of each (null: none).
 */
export function campaignDrivenAuc(
  values: ArrayLike<number>,
  labels: ArrayLike<number>,
  campaigns: ArrayLike<string | null>,
  options: CampaignAucOptions = {},
): CampaignAuc {
  const minEdge = options.minEdge ?? 0.1;
  const keepShare = options.keepShare ?? 0.5;
  const byCampaign = new Map<string, { pos: number[]; neg: number[] }>();
  const pos: number[] = [], neg: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v) || !(labels[i] === 0 || labels[i] === 1)) continue;
    const c = campaigns[i] ?? NO_CAMPAIGN;
    let g = byCampaign.get(c);
    if (!g) byCampaign.set(c, (g = { pos: [], neg: [] }));
    (labels[i] === 1 ? g.pos : g.neg).push(v);
    (labels[i] === 1 ? pos : neg).push(v);
  }
  const aucAll = aucMannWhitney(pos, neg);
  const depositCampaigns: CampaignAuc['depositCampaigns'] = [];
  const negOfDepositCampaigns: number[] = [];
  let u = 0, pairs = 0;
  for (const [campaign, g] of byCampaign) {
    if (g.pos.length === 0) continue;
    depositCampaigns.push({ campaign, positives: g.pos.length, negatives: g.neg.length });
    for (const v of g.neg) negOfDepositCampaigns.push(v);
    if (g.neg.length === 0) continue;
    u += aucMannWhitney(g.pos, g.neg) * g.pos.length * g.neg.length;
    pairs += g.pos.length * g.neg.length;
  }
  const aucDepositCampaigns = aucMannWhitney(pos, negOfDepositCampaigns);
  const aucWithin = pairs ? u / pairs : NaN;
  const edge = aucAll - 0.5;
  const within = aucWithin - 0.5;
  let driven = false;
  let reason: string;
  const f = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : 'n/a');
  if (!(Math.abs(edge) >= minEdge)) {
    reason = `AUC ${f(aucAll)} is within ${minEdge} of 0.5: nothing for a campaign to drive`;
  } else if (!Number.isFinite(aucWithin)) {
    reason = `no campaign holds both deposits and background, so the AUC (${f(aucAll)}) cannot be told apart from the campaign boundary`;
    driven = true;
  } else if (Math.sign(within) !== Math.sign(edge) || Math.abs(within) < keepShare * Math.abs(edge)) {
    driven = true;
    reason = `AUC ${f(aucAll)} across all campaigns but ${f(aucWithin)} within the campaigns that hold deposits: ` +
      'the contrast is mostly between campaigns';
  } else {
    reason = `AUC ${f(aucAll)} across all, ${f(aucWithin)} within campaigns: the contrast holds inside campaigns`;
  }
  return { aucAll, aucDepositCampaigns, aucWithin, depositCampaigns, driven, reason };
}
