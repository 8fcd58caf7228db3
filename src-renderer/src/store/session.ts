// The session: the host's info, the open project, the wizard step, the preset, the running job and the error on
// screen, with the helpers every other store's actions report through.
import { reactive } from 'vue';
import { ApiError, invoke, type ApiErrorInfo } from '../api';
import type { AppInfo, ChooseFileKind, JobProgress, PresetName, ProjectSummary, StepName } from '../../../src-preload/contract';
import { PRESET_NAMES } from '../../../src-main/core/vocabulary';
import { STEPS, type WizardStep } from './wizard-steps';

export { STEPS, type WizardStep };

export const session = reactive({
  app: null as AppInfo | null,
  step: 'project' as WizardStep,
  preset: PRESET_NAMES[0] as PresetName,
  /** The folder the demo and exports go to; the host proposes one. */
  workDir: '',
  project: null as ProjectSummary | null,
  error: null as ApiErrorInfo | null,
  job: null as { id: string; step: string; progress: JobProgress | null } | null,
});

let jobSeq = 0;
/** A fresh job id for a job of `kind`. */
export const nextJobId = (kind: string): string => `${kind}-${++jobSeq}`;

export function setError(e: unknown): void {
  if (e instanceof ApiError) session.error = e.info;
  else session.error = { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
}

/** Runs an action, clearing the error first; a failure is shown and the action returns undefined. */
export async function guarded<T>(fn: () => Promise<T>): Promise<T | undefined> {
  session.error = null;
  try {
    return await fn();
  } catch (e) {
    setError(e);
    return undefined;
  }
}

/** Like guarded, but keeps an error already on screen: for reloads that follow an action whose failure must stay shown. */
export async function quiet<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (e) {
    setError(e);
    return undefined;
  }
}

export function projectPath(): string {
  if (!session.project) throw new ApiError({ code: 'NO_PROJECT', message: 'Create or open a project first (step Project).' }, 'renderer');
  return session.project.path;
}

export async function loadAppInfo(): Promise<void> {
  const info = await guarded(() => invoke('app.info', {}));
  if (info) {
    session.app = info;
    if (!session.workDir) session.workDir = info.workDir;
  }
}

export function remember(p: ProjectSummary): void {
  void invoke('recent.add', { path: p.path, name: p.name }).then((recent) => {
    if (session.app) session.app.recent = recent;
  }, () => undefined);
}

/**
 * Asks the shell for a path through a native dialog (Electron); null when cancelled. A page in a browser has no
 * native dialogs: it opens FileBrowser instead (FileField, ProjectStep), so this returns null there without asking.
 */
export async function choosePath(kind: 'open' | 'save' | ChooseFileKind, defaultName?: string): Promise<string | null> {
  if (!session.app?.nativeDialogs) return null;
  const r = await guarded(() =>
    kind === 'open' ? invoke('dialog.openProject', {}) : kind === 'save' ? invoke('dialog.saveProject', { defaultName }) : invoke('dialog.chooseFile', { kind }),
  );
  return r?.path ?? null;
}

export async function refreshSummary(): Promise<void> {
  if (!session.project) return;
  const s = await guarded(() => invoke('project.summary', { path: projectPath() }));
  if (s) session.project = s;
}

export function stepDone(step: StepName): boolean {
  return !!session.project?.steps.find((s) => s.step === step && s.done);
}

/** What the wizard step still lacks before the next one, as i18n keys. */
export function missingFor(step: WizardStep): ('missing.project' | 'missing.samples' | 'missing.deposits' | 'missing.grids' | 'missing.selection' | 'missing.dataset' | 'missing.model' | 'missing.evaluation' | 'missing.targets')[] {
  const p = session.project;
  if (!p) return ['missing.project'];
  switch (step) {
    case 'project': return [];
    case 'samples': return p.samples.kept > 0 ? [] : ['missing.samples'];
    case 'deposits': return p.deposits > 0 ? [] : ['missing.deposits'];
    case 'grids': return p.gridElements.length > 0 ? [] : ['missing.grids'];
    case 'elements': return stepDone('select') ? [] : ['missing.selection'];
    case 'dataset': return stepDone('dataset') ? [] : ['missing.dataset'];
    case 'train': return stepDone('train') ? [] : ['missing.model'];
    case 'evaluate': return stepDone('evaluate') ? [] : ['missing.evaluation'];
    case 'targets': return stepDone('predict') ? [] : ['missing.targets'];
    case 'export': return [];
  }
}
