// Stored runs as the current code reads them. A run row keeps the JSON its step wrote, so files made by older
// versions lack fields added since; this is the ONE place that fills them, with the defaults every reader used to
// apply on its own (and not always the same ones):
//   predict  params.threshold        the threshold its result records, else 0.5 (both presets' prediction threshold)
//            metrics.elements        [] (app/targets.ts then takes the latest selection's selected elements as drivers)
//   select   metrics.excluded        [] (nothing reported as left out)
//   train    params.validationFold   null (refitted on every window, the default since folds existed)
//            metrics.history         []
//   evaluate metrics.kind            'cv' (the only kind before models from other areas were scored)
//            metrics.verdict         null (no held-out map comparison was made)
//            metrics.targets         null (no target areas were delivered)
//            metrics.predictRunId    the run's parent, the prediction it evaluated
// Fields documented as optional in results.ts (e.g. dataset params.denseStrideFraction, select metrics.criterion)
// stay absent: their readers say what absent means.
import type { StepName, StepParams, StepResults } from '../results';

type Loose = Record<string, unknown>;
const obj = (v: unknown): Loose => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Loose) : {});

/** A stored run's parameters and result, brought to the current shape of its step's types. */
export function upgradeRun<S extends StepName>(step: S, params: unknown, metrics: unknown, parentId: number | null): { params: StepParams[S]; metrics: StepResults[S] | null } {
  const pa = { ...obj(params) };
  const m = metrics === null || metrics === undefined ? null : { ...obj(metrics) };
  switch (step as StepName) {
    case 'predict':
      pa.threshold ??= typeof m?.threshold === 'number' ? m.threshold : 0.5;
      if (m) m.elements ??= [];
      break;
    case 'select':
      if (m) m.excluded ??= [];
      break;
    case 'train':
      pa.validationFold ??= null;
      if (m) m.history ??= [];
      break;
    case 'evaluate':
      if (m) {
        m.kind ??= 'cv';
        if (m.kind === 'cv') {
          m.verdict ??= null;
          m.targets ??= null;
          if (m.predictRunId === undefined && parentId !== null) m.predictRunId = parentId;
        }
      }
      break;
    default:
      break;
  }
  return { params: pa as unknown as StepParams[S], metrics: m as unknown as StepResults[S] | null };
}
