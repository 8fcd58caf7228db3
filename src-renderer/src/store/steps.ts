// Running a pipeline step from the wizard: the settings become overrides, the job's progress arrives through
// 'job.progress', and when it is done the caches of that step and of every later step are cleared (invalidate.ts)
// before the step's own views are read again.
import { invoke } from '../api';
import type { StepName, StepResponse } from '../../../src-preload/contract';
import { buildOverrides } from '../layers/settings';
import { invalidateFrom } from './invalidate';
import { confirmRerun } from './rerun';
import { loadRun, loadTargets, loadTiles } from './results';
import { loadSelection } from './selection';
import { guarded, nextJobId, projectPath, refreshSummary, session } from './session';
import { settings } from './settings';
import { loadWindows, training } from './training';

/** Runs one pipeline step as a named job with every setting of the panels; progress arrives through 'job.progress'. */
export async function runStep(step: StepName, extra: { outDir?: string } = {}, opts: { asked?: boolean } = {}): Promise<StepResponse | undefined> {
  // A step with a stored run asks first, naming what it replaces (rerun.ts); `asked`: the caller already did.
  const done = session.project?.steps.filter((s) => s.done).map((s) => s.step) ?? [];
  if (!opts.asked && !(await confirmRerun(step, done))) return undefined;
  const { overrides, errors } = buildOverrides(settings.texts);
  const bad = Object.entries(errors);
  if (bad.length) {
    session.error = { code: 'BAD_SETTING', message: bad.map(([k, e]) => `${k}: ${e}`).join('\n'), details: { column: bad[0]![0] } };
    return undefined;
  }
  const jobId = nextJobId(step);
  session.job = { id: jobId, step, progress: null };
  if (step === 'train') {
    training.curve = [];
    training.status = 'running';
  }
  try {
    const res = await guarded(() => invoke('step.run', { project: projectPath(), step, preset: session.preset, jobId, overrides, ...extra }));
    if (step === 'train') training.status = res ? 'done' : session.error?.code === 'ABORTED' ? 'cancelled' : '';
    if (res) await afterStep(step);
    return res;
  } finally {
    session.job = null;
    await refreshSummary();
  }
}

export async function cancelJob(): Promise<void> {
  if (session.job) await guarded(() => invoke('job.cancel', { jobId: session.job!.id }));
}

/** The step's own views, read again once its caches and those of the later steps are cleared. */
async function afterStep(step: StepName): Promise<void> {
  invalidateFrom(step);
  if (step === 'select') await loadSelection();
  if (step === 'dataset') await loadWindows();
  if (step === 'predict' || step === 'evaluate') await Promise.all([loadTiles(), loadTargets()]);
  await loadRun(step);
}
