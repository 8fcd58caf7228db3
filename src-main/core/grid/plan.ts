// What the grid step grids, and on which grid: the one rule used by the grid step and by `prospect grid` without a
// project, so both grid the same elements, gated, restricted and levelled the same way, on the same cells.
import type { GridConfig } from '../config';
import { NO_CAMPAIGN } from '../quality/campaign-stats';
import { qualityOfCampaigns } from '../quality/campaign-quality';
import { elementsFitToGrid } from '../quality/gate';
import { levelElements } from '../quality/level-elements';
import { samplesOfCampaigns } from '../quality/levelling';
import type { CampaignSummary, ElementQuality, LevellingSummary } from '../quality/types';
import { PAPER_ELEMENTS, ProspectError, type GridSpec, type SamplePoints } from '../types';
import { extentFromPoints, proposeCellSize, specFromExtent, type Extent } from './spec';
import type { IdwParams } from './idw';

/** Too few values to interpolate an element honestly: such an element is reported and left out of the stack. */
export const MIN_VALID_SAMPLES = 10;

/** What is known about the samples besides their values: the data-quality gate's inputs. */
export interface GridInputs {
  /** Coverage per element (the import's, or the project's over all imports); absent: no coverage gate. */
  quality?: readonly ElementQuality[];
  /** The campaign of each sample, in the order of the points; absent: no levelling, no restriction. */
  campaigns?: readonly (string | null)[];
  /** Per-campaign statistics of the imports, to measure coverage over the chosen campaigns (grid.campaigns). */
  campaignSummaries?: readonly CampaignSummary[];
  /** Forced past the coverage gate besides the elements grid.elements names (select.force). */
  force?: readonly string[];
  /** Elements considered when grid.elements is absent (default: the paper's 16 that were imported). */
  candidates?: readonly string[];
}

/** What the plan decided about the elements and campaigns: the grid step's result carries it as it is. */
export interface GridPlan extends Pick<GridResult, 'skipped' | 'excluded' | 'warnings' | 'levelling' | 'campaigns'> {
  elements: string[];
  extent: Extent;
  /** The cell size in CRS units when the grid is sized by cell (undefined when sized by cell count). */
  cellSize?: number;
  spec: GridSpec;
  /** The samples to interpolate (restricted to the chosen campaigns, levelled), the planned elements in that order. */
  points: SamplePoints;
  idw: IdwParams;
}

function restrict(pts: SamplePoints, idx: Int32Array): SamplePoints {
  return {
    ...pts,
    x: Float64Array.from(idx, (i) => pts.x[i]),
    y: Float64Array.from(idx, (i) => pts.y[i]),
    values: pts.values.map((v) => Float64Array.from(idx, (i) => v[i])),
  };
}

/** The samples of the chosen campaigns, with their campaigns; a campaign the samples do not hold is an error. */
function chooseCampaigns(pts: SamplePoints, campaigns: readonly (string | null)[] | undefined, keep: readonly string[]) {
  const known = [...new Set((campaigns ?? []).map((c) => c ?? NO_CAMPAIGN))];
  if (!campaigns || known.every((c) => c === NO_CAMPAIGN)) {
    throw new ProspectError(`Gridding was restricted to campaigns ${keep.join(', ')}, but the samples carry no campaign; ` +
      'import them with --campaign COLUMN, or drop the restriction (--campaigns).', 'NO_CAMPAIGNS', { column: 'campaigns' });
  }
  const unknown = keep.filter((c) => !known.includes(c));
  if (unknown.length) {
    throw new ProspectError(`No sample belongs to campaign ${unknown.join(', ')}; the samples' campaigns are ${known.join(', ')}.`,
      'UNKNOWN_CAMPAIGN', { column: 'campaigns' });
  }
  const idx = samplesOfCampaigns(campaigns, keep);
  return { points: restrict(pts, idx), campaigns: Array.from(idx, (i) => campaigns[i]) };
}

/**
 * Elements (asked for, else the candidates) that pass the coverage gate (unless forced) and have at least
 * MIN_VALID_SAMPLES values; the samples restricted to grid.campaigns and levelled by campaign (grid.levelling) when
 * they carry campaigns; the grid from the configured extent (or all samples' extent plus margin, so that a
 * restriction to campaigns keeps the same cells and the deposits on them) and size (or cell size, or one proposed
 * from the spacing of all samples).
 */
export function planGrid(all: SamplePoints, g: GridConfig, inputs: GridInputs = {}): GridPlan {
  const paper = PAPER_ELEMENTS as readonly string[];
  const wanted = g.elements ?? (inputs.candidates ? [...inputs.candidates] : all.elements.filter((e) => paper.includes(e)));
  for (const e of g.elements ?? []) {
    if (!all.elements.includes(e)) throw new ProspectError(`Element ${e} was asked for but no imported sample has it.`, 'UNKNOWN_ELEMENT', { column: e });
  }
  const chosen = g.campaigns?.length ? chooseCampaigns(all, inputs.campaigns, g.campaigns) : null;
  const pts = chosen?.points ?? all;
  const campaigns = chosen?.campaigns ?? inputs.campaigns;

  let quality = inputs.quality;
  const warnings: GridPlan['warnings'] = [];
  if (quality && chosen) {
    if (inputs.campaignSummaries?.length) quality = qualityOfCampaigns(quality, inputs.campaignSummaries, g.campaigns!);
    else warnings.push({ message: 'coverage measured over all samples: the imports hold no per-campaign statistics' });
  }
  const gate = elementsFitToGrid((quality ?? []).filter((q) => wanted.includes(q.element)), {
    minCoverage: g.minCoverage, force: [...(g.elements ?? []), ...(inputs.force ?? [])], levelling: campaigns?.some((c) => c !== null) ? g.levelling : undefined,
  });
  warnings.push(...gate.warnings);
  const gated = new Set(gate.excluded.map((x) => x.element));

  const skipped: GridPlan['skipped'] = [];
  const logged = g.transform !== 'none';
  const elements = wanted.filter((e) => {
    const i = pts.elements.indexOf(e);
    if (i < 0 || gated.has(e)) return false;
    // Under a log transform only positive values carry information (the rest are floored to one value).
    const valid = pts.values[i].reduce((n, v) => n + (Number.isFinite(v) && (logged ? v > 0 : true) ? 1 : 0), 0);
    if (valid < MIN_VALID_SAMPLES) skipped.push({ element: e, valid });
    return valid >= MIN_VALID_SAMPLES;
  });
  if (elements.length === 0) {
    const why = [...gate.excluded.map((x) => `${x.element}: ${x.reason}`), ...skipped.map((s) => `${s.element}: ${s.valid} valid samples`)];
    throw new ProspectError(`No element is fit to grid${why.length ? ` (${why.join('; ')})` : ''}. Lower the coverage threshold ` +
      '(--min-coverage) or name the elements to grid (--elements).', 'NO_ELEMENTS');
  }

  let values = elements.map((e) => pts.values[pts.elements.indexOf(e)]);
  let levelling: LevellingSummary | null = null;
  if (campaigns && campaigns.some((c) => c !== null)) {
    const lv = levelElements(elements, values, campaigns, g.levelling);
    values = lv.values;
    levelling = lv.levelling;
  }

  const extent: Extent = g.extent ?? extentFromPoints(all.x, all.y, g.margin);
  const cellSize = g.size ? undefined : (g.cellSize ?? proposeCellSize(all.x, all.y));
  const spec = specFromExtent(extent, g.size ? { width: g.size[0], height: g.size[1] } : { cellSize: cellSize! }, all.crs);
  return {
    elements, skipped, excluded: gate.excluded, warnings, levelling, ...(chosen ? { campaigns: [...g.campaigns!] } : {}),
    extent, cellSize, spec,
    points: { ...pts, elements, values },
    idw: { power: g.power, maxPoints: g.maxPoints, radius: g.radius, minPoints: g.minPoints },
  };
}

/** The grid step: IDW of every element that has enough samples onto one grid. */
export interface GridResult {
  elements: string[];
  /** Elements left out, with the number of valid samples they had. */
  skipped: { element: string; valid: number }[];
  /** Elements left out by the data-quality gate (coverage below grid.minCoverage), with the reason. */
  excluded: { element: string; reason: string }[];
  /** Gridded elements to look at (forced past the gate, level steps between campaigns); no element: the whole grid. */
  warnings: { element?: string; message: string }[];
  /** Levelling by campaign before IDW; null when the samples carry no campaign. */
  levelling: LevellingSummary | null;
  /** The campaigns the samples were restricted to (grid.campaigns); absent: all samples. */
  campaigns?: string[];
  width: number;
  height: number;
  cellX: number;
  cellY: number;
  crs: string;
  extent: Extent;
  /** Samples interpolated (those of the chosen campaigns when restricted). */
  samples: number;
  validCells: number;
  seconds: number;
}
