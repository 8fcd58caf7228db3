// What the Targets screen lists: the evaluate run's target areas in field order (greenfield first), with the
// labels their scores may carry, and the paper's 12 x 12 tile targets beside them.
import { orderForField } from '../../evaluation/target-files';
import type { Target } from '../../evaluation/targets';
import type { Project } from '../../store/project';
import type { VerdictTrust } from '../../results';
import type { Calibration, TargetAreaResult } from '../../targets-types';
import { latestPredictionTargets } from '../targets';
import { deliveringRun } from './map-level';

export interface TargetsView {
  /** The evaluate run the areas come from; null when none delivered areas for the latest prediction. */
  evaluateRunId: number | null;
  /** 'probability' only when the calibration may be called one; null without areas. */
  scoreKind: 'probability' | 'score' | null;
  /** The map value that flags a cell, and the share of the surveyed area that value flags. */
  threshold: number | null;
  targetShare: number | null;
  calibration: Pick<Calibration, 'method' | 'reason'> | null;
  /** Greenfield first, then extensions, then known; by peak score within each (target-files.ts orderForField). */
  areas: TargetAreaResult[];
  /** The paper's tile targets at the prediction's threshold (the list tiles.csv and targets.csv hold). */
  tiles: { threshold: number; targets: Target[] };
  /** What to run to get target areas, when there are none. */
  missing: string | null;
  /** The evaluate run's held-out verdict: the screen warns above the list unless it says 'act'. */
  verdict: { sentence: string; trust: VerdictTrust } | null;
}

export function targetsView(p: Project): TargetsView | null {
  const latest = latestPredictionTargets(p);
  if (!latest) return null;
  const tiles = { threshold: latest.threshold, targets: latest.targets };
  const d = deliveringRun(p);
  const none = { evaluateRunId: null, scoreKind: null, threshold: null, targetShare: null, calibration: null, areas: [], tiles, verdict: null };
  if (!d) return { ...none, missing: 'No target areas yet: run the evaluate step (it calibrates the dense map and draws the target areas).' };
  if (d.predictRunId !== latest.predictRunId) {
    return { ...none, missing: 'The target areas belong to an older prediction: run the evaluate step again for the latest one.' };
  }
  const t = d.targets;
  return {
    evaluateRunId: d.runId, scoreKind: t.scoreKind, threshold: t.threshold, targetShare: t.targetShare,
    calibration: { method: t.calibration.method, reason: t.calibration.reason }, areas: orderForField(t.areas), tiles, missing: null,
    verdict: d.verdict ? { sentence: d.verdict.sentence, trust: d.verdict.trust ?? 'unknown' } : null,
  };
}
