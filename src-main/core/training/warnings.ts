// What a finished training run's history says about whether the model learned anything it can carry to the held-out
// fold. A model that calls every window one class scores exactly that class's share of the validation windows, and a
// model that learned nothing keeps the same validation accuracy epoch after epoch: both look like "finished" otherwise.
import type { EpochRecord } from './types';

export interface ValidationClasses {
  /** Validation windows. */
  n: number;
  /** Ore windows among them. */
  positives: number;
}

const pct = (v: number): string => `${(100 * v).toFixed(0)}%`;

/** Plain-language warnings from the per-epoch validation accuracy; empty when training looks sound or was not validated. */
export function trainingWarnings(history: readonly EpochRecord[], val: ValidationClasses): string[] {
  const acc = history.map((h) => h.valAccuracy).filter((v): v is number => v !== null && Number.isFinite(v));
  if (acc.length === 0 || val.n === 0) return [];
  const out: string[] = [];
  // Half a window: accuracies on n windows are multiples of 1/n, so this is "the same number of windows right".
  const tol = 0.5 / val.n;
  const ore = val.positives / val.n;
  const last = acc[acc.length - 1]!;
  const tail = acc.slice(-Math.min(acc.length, 3));
  if (acc.length >= 3 && Math.max(...acc) - Math.min(...acc) < tol) {
    out.push(`validation accuracy stayed at ${last.toFixed(3)} for all ${acc.length} epochs: the model learned nothing that ` +
      'holds on the validation fold; try more epochs, another learning rate or architecture, or check the selected elements');
  }
  const oneClass = (share: number) => tail.every((a) => Math.abs(a - share) < tol);
  if (val.positives > 0 && val.positives < val.n && (oneClass(ore) || oneClass(1 - ore))) {
    const which = oneClass(ore) ? 'ore' : 'barren';
    out.push(`validation accuracy ${last.toFixed(3)} equals the share of ${which} windows in the validation fold ` +
      `(${pct(which === 'ore' ? ore : 1 - ore)} of ${val.n}): the model calls every window ${which}`);
  } else if (last < Math.max(ore, 1 - ore) - tol) {
    out.push(`validation accuracy ${last.toFixed(3)} is below always answering the larger class (${pct(Math.max(ore, 1 - ore))}): ` +
      'the model does worse than no model on the validation fold');
  }
  return out;
}
