// One element's distribution over the kept samples, as geochemists read it before trusting a map: a histogram in
// log10 space and a cumulative probability plot, each splitting real measurements from values below detection
// (drawn at the substitute the import stored), so a spike of substituted values is not mistaken for a population.
import { quantileSorted } from '../../quality/stats';
import { loadElementCells } from '../../store/element-cells';
import type { Project } from '../../store/project';
import { loadElementQuality } from '../element-quality';
import { ProspectError } from '../../types';
import { normalQuantile } from './normal-quantile';
import type { DistributionHistogram, ProbabilityPoints, ElementDistribution } from '../../view-types';

export type { DistributionHistogram, ProbabilityPoints, ElementDistribution };

export const MIN_BINS = 10;
export const MAX_BINS = 60;

/** Freedman-Diaconis bins on ascending log10 values, capped to MIN_BINS..MAX_BINS. */
export function log10Histogram(logs: Float64Array, censored: Uint8Array): DistributionHistogram {
  const n = logs.length;
  if (n === 0) return { log10Edges: [], measured: [], censored: [], fdWidth: NaN, fdBins: 0 };
  let lo = logs[0]!, hi = logs[n - 1]!;
  const fdWidth = (2 * (quantileSorted(logs, 0.75) - quantileSorted(logs, 0.25))) / Math.cbrt(n);
  const fdBins = fdWidth > 0 ? Math.ceil((hi - lo) / fdWidth) : 0;
  const bins = Math.min(MAX_BINS, Math.max(MIN_BINS, fdBins));
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const w = (hi - lo) / bins;
  const log10Edges = Array.from({ length: bins + 1 }, (_, k) => (k === bins ? hi : lo + k * w));
  const m = new Array<number>(bins).fill(0);
  const c = new Array<number>(bins).fill(0);
  for (let i = 0; i < n; i++) {
    // The division can land one bin off near an edge; the edges drawn are the judge (as numpy's histogram does).
    let k = Math.min(bins - 1, Math.max(0, Math.floor((logs[i]! - lo) / w)));
    if (logs[i]! < log10Edges[k]!) k--;
    else if (k < bins - 1 && logs[i]! >= log10Edges[k + 1]!) k++;
    (censored[i] ? c : m)[k]!++;
  }
  return { log10Edges, measured: m, censored: c, fdWidth, fdBins };
}

/** Blom plotting positions turned into normal quantiles, for n ordered values. */
export function blomQuantiles(n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => normalQuantile((i + 1 - 0.375) / (n + 0.25)));
}

export function elementDistribution(p: Project, element: string): ElementDistribution {
  const cells = loadElementCells(p, element);
  if (cells.length === 0) {
    throw new ProspectError(`No kept sample of this project has a cell of ${element}.`, 'NO_ELEMENT', { column: element });
  }
  let missing = 0, sentinel = 0, nonPositive = 0, censoredWithoutValue = 0;
  const stored: number[] = [];
  const plotted: { v: number; c: 0 | 1 }[] = [];
  for (const { value, flag } of cells) {
    if (flag === 'sentinel') sentinel++;
    else if (flag === null || flag === 'missing' || (flag === 'ok' && value === null)) missing++;
    else if (value === null) censoredWithoutValue++;
    else {
      stored.push(value);
      if (value > 0) plotted.push({ v: value, c: flag === 'censored' ? 1 : 0 });
      else nonPositive++;
    }
  }
  // Ties put censored values first, so a substitute equal to a measured value plots below it.
  plotted.sort((a, b) => a.v - b.v || b.c - a.c);
  const values = Float64Array.from(plotted, (q) => q.v);
  const censored = Uint8Array.from(plotted, (q) => q.c);
  const sorted = Float64Array.from(stored).sort();
  const at = (q: number) => (sorted.length ? quantileSorted(sorted, q) : null);
  const nCensored = censored.reduce((s, c) => s + c, 0);
  return {
    element, unit: 'ppm', samples: cells.length,
    measured: plotted.length - nCensored, censored: nCensored, missing, sentinel, nonPositive, censoredWithoutValue,
    detectionLimits: loadElementQuality(p).find((q) => q.element === element)?.detectionLimits ?? [],
    median: at(0.5), p90: at(0.9), p98: at(0.98), max: sorted.length ? sorted[sorted.length - 1]! : null,
    histogram: log10Histogram(values.map(Math.log10), censored),
    probability: { values, z: blomQuantiles(values.length), censored },
  };
}
