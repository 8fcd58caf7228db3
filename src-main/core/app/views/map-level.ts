// The prediction maps for the screen: the predict run's dense map, and the evaluate run's calibrated map,
// uncertainty, sampling support and target-area classes, each shrunk like the element grids.
import type { Verdict } from '../../results';
import type { DeliveredTargets } from '../../targets-types';
import { findPrediction, loadMap } from '../../store/predictions-repo';
import type { Project } from '../../store/project';
import { latestRun } from '../../store/runs-repo';
import { ProspectError } from '../../types';
import { downsample } from './downsample';
import { SUPPORT_SAMPLES } from '../../grid/sampling-support';
import type { MapKind } from '../../vocabulary';
import type { MapLevel } from '../../view-types';

export type { MapLevel };

export type { MapKind };

/** The latest evaluate run that delivered targets for the latest prediction, with what it delivered. */
export function deliveringRun(p: Project): { runId: number; predictRunId: number; targets: DeliveredTargets; verdict: Verdict | null } | null {
  const run = latestRun(p, 'evaluate');
  const m = run?.metrics;
  if (!run || m?.kind !== 'cv' || !m.targets) return null;
  return { runId: run.id, predictRunId: m.predictRunId, targets: m.targets, verdict: m.verdict };
}

export function mapLevel(p: Project, kind: MapKind, maxSize: number): MapLevel {
  if (kind === 'dense') {
    const pred = findPrediction(p);
    if (!pred?.dense) throw new ProspectError(`${p.path} has no dense map yet; run the predict step first.`, 'NO_PREDICTION');
    return { kind, runId: pred.runId, unit: 'model score (uncalibrated)', ...downsample(pred.dense, pred.spec, maxSize) };
  }
  const d = deliveringRun(p);
  const pred = d && findPrediction(p, d.predictRunId);
  const band = d && pred && d.predictRunId === latestRun(p, 'predict')?.id ? loadMap(p, d.runId, kind) : null;
  if (!d || !pred || !band) {
    throw new ProspectError(`${p.path} has no ${kind} map for its latest prediction: run the evaluate step after predict (it calibrates the map and draws the target areas).`, 'NO_TARGETS');
  }
  const unit = kind === 'target-classes' ? 'class' : kind === 'sampling-support' ? `metres to the k-th nearest sample (k = ${SUPPORT_SAMPLES})` : kind === 'uncertainty' ? 'sd of the models\' scores' : d.targets.scoreKind === 'probability' ? 'P(ore), calibrated' : 'score (not a probability)';
  return { kind, runId: d.runId, unit, ...downsample(band, pred.spec, maxSize, kind === 'target-classes' ? 'mode' : 'mean') };
}
