// Opening, creating and making the demo project: each replaces the session's project and clears every cache.
import { ApiError, invoke } from '../api';
import type { ProjectSummary } from '../../../src-preload/contract';
import { invalidateAll } from './invalidate';
import { guarded, nextJobId, remember, session } from './session';
import { restoreSettings } from './settings';

function resetViews(): void {
  restoreSettings();
  invalidateAll();
}

export async function createDemoProject(dir: string, small = true): Promise<void> {
  await guarded(async () => {
    session.job = { id: nextJobId('demo'), step: 'demo', progress: { jobId: '', step: 'demo', done: 0, total: 4 } };
    const setP = (done: number, message: string): void => {
      if (session.job) session.job.progress = { jobId: session.job.id, step: 'demo', done, total: 4, message };
    };
    try {
      setP(0, 'demo');
      const demo = await invoke('demo.generate', { dir, small, seed: 42 });
      setP(1, 'project');
      const path = `${dir.replace(/[\\/]$/, '')}/demo.prospect`;
      let summary: ProjectSummary;
      try {
        summary = await invoke('project.create', { path, name: 'Demo study area' });
      } catch (e) {
        if (e instanceof ApiError && e.code === 'PROJECT_EXISTS') summary = await invoke('project.open', { path });
        else throw e;
      }
      session.project = summary;
      if (summary.samples.kept === 0) {
        setP(2, 'samples');
        await invoke('import.samples', { project: path, file: demo.samplesFile, crs: demo.crs });
      }
      if (summary.deposits === 0) {
        setP(3, 'deposits');
        await invoke('import.deposits', { project: path, file: demo.depositsFile, crs: demo.crs });
      }
      setP(4, 'done');
      session.project = await invoke('project.summary', { path });
      remember(session.project);
      resetViews();
    } finally {
      session.job = null;
    }
  });
}

export async function openProject(path: string): Promise<void> {
  const s = await guarded(() => invoke('project.open', { path }));
  if (s) {
    session.project = s;
    remember(s);
    resetViews();
  }
}

export async function createProject(path: string, name: string): Promise<void> {
  const s = await guarded(() => invoke('project.create', { path, name }));
  if (s) {
    session.project = s;
    remember(s);
    resetViews();
  }
}
