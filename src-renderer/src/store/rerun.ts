// Re-running a step replaces its stored result and every later step's (a later step was built on it), so the
// wizard asks first and names those steps. The order is the pipeline's (vocabulary.ts), not a list of our own.
import { reactive } from 'vue';
import { STEP_NAMES, stepIndex, type StepName } from '../../../src-main/core/vocabulary';
import { STEPS, type WizardStep } from './wizard-steps';

/** The wizard screen that shows each pipeline step's result (predict's map and targets are on Targets). */
const SCREEN_OF: Record<StepName, WizardStep> = {
  grid: 'grids', select: 'elements', dataset: 'dataset', train: 'train', predict: 'targets', evaluate: 'evaluate', export: 'export',
};

/** The pipeline steps whose stored results running `step` replaces: it and every later step that has a stored run. */
export function replacedBy(step: StepName, done: readonly StepName[]): StepName[] {
  return STEP_NAMES.filter((s) => stepIndex(s) >= stepIndex(step) && done.includes(s));
}

/** The same as wizard screens, in the wizard's order and each once (what the dialog lists). */
export function replacedScreens(step: StepName, done: readonly StepName[]): WizardStep[] {
  const screens = new Set(replacedBy(step, done).map((s) => SCREEN_OF[s]));
  return STEPS.filter((w) => screens.has(w));
}

/** The question on screen, if any: ConfirmRerun.vue shows it and answers through `answer`. */
export const rerun = reactive({
  pending: null as { step: StepName; screens: WizardStep[] } | null,
});
let resolver: ((ok: boolean) => void) | null = null;

/** Asks whether to re-run `step` when it already has a stored run; true at once when it has none. */
export function confirmRerun(step: StepName, done: readonly StepName[]): Promise<boolean> {
  // An export replaces only its own files and says so on its own screen; nothing else is lost.
  if (step === 'export' || !done.includes(step)) return Promise.resolve(true);
  resolver?.(false);
  rerun.pending = { step, screens: replacedScreens(step, done) };
  return new Promise((resolve) => { resolver = resolve; });
}

export function answerRerun(ok: boolean): void {
  rerun.pending = null;
  const r = resolver;
  resolver = null;
  r?.(ok);
}
