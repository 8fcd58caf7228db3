// What the Targets screen lists: the evaluate run's target areas in field order (greenfield first), with the
// labels their scores may carry, and the paper's 12 x 12 tile targets beside them.
import { orderForField } from '../../evaluation/target-files';
import type { Project } from '../../store/project';
import { latestPredictionTargets } from '../targets';
import { deliveringRun } from './map-level';
import { fieldAreasOf } from '../steps/field-export';
import type { TargetsView } from '../../view-types';

export type { TargetsView };

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
  // The areas the field files list (field-export.ts: the minimum area dropped), so screen and files agree.
  const field = fieldAreasOf(p, latest.spec, t);
  return {
    evaluateRunId: d.runId, scoreKind: t.scoreKind, threshold: t.threshold, targetShare: t.targetShare,
    calibration: { method: t.calibration.method, reason: t.calibration.reason }, areas: field?.kept ?? orderForField(t.areas), tiles, missing: null,
    verdict: d.verdict ? { sentence: d.verdict.sentence, trust: d.verdict.trust ?? 'unknown' } : null,
  };
}
