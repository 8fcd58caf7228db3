// The rule that keeps survey artefacts out of the grids: an element measured in too few samples (most cells censored,
// zero, or never analysed) interpolates the pattern of who analysed it, not the geochemistry.
import type { ElementQuality } from './types';
import type { LevellingMethod } from '../vocabulary';

/** Default least share of kept samples with a real measurement for an element to be gridded. */
export const MIN_COVERAGE = 0.3;

export interface GateOptions {
  minCoverage?: number;
  /** Elements kept whatever their coverage (true: all). */
  force?: readonly string[] | boolean;
  /** How the grid step levels campaigns: the level-step warnings say whether it was done or should be. */
  levelling?: LevellingMethod;
}

export interface GateResult {
  keep: string[];
  excluded: { element: string; reason: string }[];
  /** Kept elements the user should look at: level steps between campaigns, forced low coverage. */
  warnings: { element: string; message: string }[];
}

const pct = (v: number): string => `${(100 * v).toFixed(v < 0.1 ? 1 : 0)}%`;

/** Why an element's coverage is what it is, e.g. '6 of 866 samples measured; 625 below detection, 235 not analysed'. */
export function coverageText(q: ElementQuality): string {
  const below = q.censored + q.zerosCensored;
  const parts = [`${q.measured} of ${q.samples} samples measured (${pct(q.coverage)})`];
  if (below) parts.push(`${below} below detection${q.zerosCensored ? ` (${q.zerosCensored} of them zeros)` : ''}`);
  if (q.sentinel + q.missing) parts.push(`${q.sentinel + q.missing} not analysed`);
  return parts.join('; ');
}

/** Splits elements into those fit to grid and those left out with the reason; order follows `quality`. */
export function elementsFitToGrid(quality: readonly ElementQuality[], options: GateOptions = {}): GateResult {
  const min = options.minCoverage ?? MIN_COVERAGE;
  const forced = (e: string): boolean => options.force === true || (Array.isArray(options.force) && options.force.includes(e));
  const out: GateResult = { keep: [], excluded: [], warnings: [] };
  const fix = !options.levelling ? 'level by campaign before gridding'
    : options.levelling === 'none' ? 'level by campaign before gridding (levelling zscore or quantile)'
      : `levelled by campaign (${options.levelling}) before gridding`;
  for (const q of quality) {
    const low = !(q.coverage >= min);
    if (low && !forced(q.element)) {
      out.excluded.push({ element: q.element, reason: `coverage below ${pct(min)}: ${coverageText(q)}` });
      continue;
    }
    out.keep.push(q.element);
    if (low) out.warnings.push({ element: q.element, message: `forced although coverage is below ${pct(min)}: ${coverageText(q)}` });
    for (const s of q.campaignSteps) {
      out.warnings.push({
        element: q.element,
        message: `level steps between campaigns ${s.a} and ${s.b} (medians ${s.medianA} vs ${s.medianB} ppm on ` +
          `${s.nA} + ${s.nB} neighbouring samples, p = ${s.p.toExponential(1)}): ${fix}`,
      });
    }
  }
  return out;
}
