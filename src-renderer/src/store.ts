// The wizard's state: one reactive object and the actions that fill it through the typed client.
// No Pinia: a module-level reactive store is enough for one window.
import { computed, reactive, shallowRef } from 'vue';
import { specFromPoints } from './layers/geometry';
import { buildOverrides } from './layers/settings';
import { ApiError, invoke, on, type ApiErrorInfo } from './api';
import type {
  AnyRunView, AppInfo, ChooseFileKind, GridLevel, JobProgress, PresetName, ProjectSummary, SamplePreview, SelectionRow, StepName, StepResponse, TargetsView, SampleImportRequest, DepositImportRequest, TableInspection, MapKind, MapLevel, GeoLattice, SampleClasses, PipelineConfig, TileDto, WindowDto, GridSpecDto, PointsResponse,
} from '../../src-preload/contract';
import type { ElementDistribution } from '../../src-preload/contract';

/** Stored runs by step, each typed with its step's result. */
type RunsByStep = { [S in StepName]?: Extract<AnyRunView, { step: S }> | null };

export const STEPS = ['project', 'samples', 'deposits', 'grids', 'elements', 'dataset', 'train', 'evaluate', 'targets', 'export'] as const;
export type WizardStep = (typeof STEPS)[number];

export interface TrainPoint {
  epoch: number;
  loss?: number;
  accuracy?: number;
  valLoss?: number;
  valAccuracy?: number;
}

export const state = reactive({
  app: null as AppInfo | null,
  step: 'project' as WizardStep,
  preset: 'quick' as PresetName,
  /** The folder the demo and exports go to; the host proposes one. */
  workDir: '',
  project: null as ProjectSummary | null,
  error: null as ApiErrorInfo | null,
  job: null as { id: string; step: string; progress: JobProgress | null } | null,
  preview: null as SamplePreview | null,
  points: null as PointsResponse | null,
  element: '' as string,
  selection: [] as SelectionRow[],
  roc: [] as { element: string; auc: number; points: [number, number][] }[],
  windows: [] as WindowDto[],
  training: [] as TrainPoint[],
  trainStatus: '' as '' | 'running' | 'done' | 'cancelled',
  lastTrainMetrics: {} as Record<string, number>,
  tiles: null as { spec: GridSpecDto; rows: number; cols: number; tiles: TileDto[] } | null,
  runs: {} as RunsByStep,
  /** The evaluation's target areas in field order and the paper's tile targets, as the core lists them. */
  targets: null as TargetsView | null,
  exported: null as StepResponse | null,
  /** The preset's settings as the core resolves them: what a blank setting means. */
  defaults: null as PipelineConfig | null,
  /** The user's settings as typed, by 'section.key'; blank or absent: the preset's default. */
  settings: {} as Record<string, string>,
});

/** Grid levels by element: fetched once, then switching elements is a lookup. */
export const levels = shallowRef(new Map<string, GridLevel>());
/** Prediction maps by kind and run, sample classes by element, lon/lat lattices by extent: fetched once each. */
const mapLevels = new Map<string, MapLevel>();
const sampleClassCache = new Map<string, SampleClasses>();
const geoCache = new Map<string, GeoLattice | null>();

let jobSeq = 0;

function setError(e: unknown): void {
  if (e instanceof ApiError) state.error = e.info;
  else state.error = { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
}

/** Column choices sent with an import (the same as the CLI's flags). */
export type ImportChoices = Omit<SampleImportRequest, 'project' | 'file'> | Omit<DepositImportRequest, 'project' | 'file'>;

/** Like guarded, but keeps an error already on screen: for reloads that follow an action whose failure must stay shown. */
async function quiet<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (e) {
    setError(e);
    return undefined;
  }
}

async function guarded<T>(fn: () => Promise<T>): Promise<T | undefined> {
  state.error = null;
  try {
    return await fn();
  } catch (e) {
    setError(e);
    return undefined;
  }
}

on('job.progress', (p) => {
  if (!state.job || p.jobId !== state.job.id) return;
  state.job.progress = p;
  if (p.step === 'train' && p.metrics) {
    state.lastTrainMetrics = p.metrics;
    const epoch = p.metrics.epoch;
    if (epoch !== undefined && (p.metrics.loss !== undefined || p.metrics.accuracy !== undefined)) {
      const last = state.training[state.training.length - 1];
      const point: TrainPoint = {
        epoch, loss: p.metrics.loss, accuracy: p.metrics.accuracy ?? p.metrics.acc,
        valLoss: p.metrics.valLoss ?? p.metrics.val_loss, valAccuracy: p.metrics.valAccuracy ?? p.metrics.val_accuracy,
      };
      if (last && last.epoch === epoch) state.training[state.training.length - 1] = point;
      else state.training.push(point);
    }
  }
});

export async function loadAppInfo(): Promise<void> {
  const info = await guarded(() => invoke('app.info', {}));
  if (info) {
    state.app = info;
    if (!state.workDir) state.workDir = info.workDir;
  }
}

function remember(p: ProjectSummary): void {
  void invoke('recent.add', { path: p.path, name: p.name }).then((recent) => {
    if (state.app) state.app.recent = recent;
  }, () => undefined);
}

/**
 * Asks the shell for a path through a native dialog (Electron); null when cancelled. A page in a browser has no
 * native dialogs: it opens FileBrowser instead (FileField, ProjectStep), so this returns null there without asking.
 */
export async function choosePath(kind: 'open' | 'save' | ChooseFileKind, defaultName?: string): Promise<string | null> {
  if (!state.app?.nativeDialogs) return null;
  const r = await guarded(() =>
    kind === 'open' ? invoke('dialog.openProject', {}) : kind === 'save' ? invoke('dialog.saveProject', { defaultName }) : invoke('dialog.chooseFile', { kind }),
  );
  return r?.path ?? null;
}

function projectPath(): string {
  if (!state.project) throw new ApiError({ code: 'NO_PROJECT', message: 'Create or open a project first (step Project).' }, 'renderer');
  return state.project.path;
}

export async function refreshSummary(): Promise<void> {
  if (!state.project) return;
  const s = await guarded(() => invoke('project.summary', { path: projectPath() }));
  if (s) state.project = s;
}

export async function createDemoProject(dir: string, small = true): Promise<void> {
  await guarded(async () => {
    state.job = { id: `demo-${++jobSeq}`, step: 'demo', progress: { jobId: '', step: 'demo', done: 0, total: 4 } };
    const setP = (done: number, message: string): void => {
      if (state.job) state.job.progress = { jobId: state.job.id, step: 'demo', done, total: 4, message };
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
      state.project = summary;
      if (summary.samples.kept === 0) {
        setP(2, 'samples');
        await invoke('import.samples', { project: path, file: demo.samplesFile, crs: demo.crs });
      }
      if (summary.deposits === 0) {
        setP(3, 'deposits');
        await invoke('import.deposits', { project: path, file: demo.depositsFile, crs: demo.crs });
      }
      setP(4, 'done');
      state.project = await invoke('project.summary', { path });
      remember(state.project);
      resetViews();
    } finally {
      state.job = null;
    }
  });
}

export async function openProject(path: string): Promise<void> {
  const s = await guarded(() => invoke('project.open', { path }));
  if (s) {
    state.project = s;
    remember(s);
    resetViews();
  }
}

export async function createProject(path: string, name: string): Promise<void> {
  const s = await guarded(() => invoke('project.create', { path, name }));
  if (s) {
    state.project = s;
    remember(s);
    resetViews();
  }
}

function resetViews(): void {
  restoreSettings();
  state.preview = null;
  state.points = null;
  state.selection = [];
  state.windows = [];
  state.tiles = null;
  state.training = [];
  state.runs = {};
  state.targets = null;
  state.exported = null;
  levels.value = new Map();
  mapLevels.clear();
  sampleClassCache.clear();
  geoCache.clear();
}

/**
 * Imports a file; true when it went in. A failed import leaves the error on screen and the views as they were (the
 * core's import is one transaction, so the project is unchanged too).
 */
export async function importFile(kind: 'samples' | 'deposits', file: string, crs?: string, choices: ImportChoices = {}): Promise<boolean> {
  const ok = await guarded<unknown>(() =>
    kind === 'samples'
      ? invoke('import.samples', { project: projectPath(), file, crs: crs || undefined, ...choices as Omit<SampleImportRequest, 'project' | 'file'> })
      : invoke('import.deposits', { project: projectPath(), file, crs: crs || undefined, ...choices as Omit<DepositImportRequest, 'project' | 'file'> }),
  );
  if (!ok) return false;
  state.preview = null;
  state.points = null;
  await refreshSummary();
  return true;
}

/** The core's first look at a file and its guesses, for the column mapping; undefined (and the error shown) when unreadable. */
export async function inspectFile(kind: 'samples' | 'deposits', file: string, sheet?: string): Promise<TableInspection | undefined> {
  return guarded(() => invoke('data.inspectTable', { file, kind, ...(sheet ? { sheet } : {}) }));
}

export async function loadPreview(): Promise<void> {
  const r = await quiet(() => invoke('data.samples', { project: projectPath(), offset: 0, limit: 50 }));
  if (r) state.preview = r;
}

/** A map frame around the samples, for the steps that show points before any grid exists. */
export const pointsSpec = computed(() => (state.points ? specFromPoints(state.points.samples.x, state.points.samples.y) : null));

export async function loadPoints(): Promise<void> {
  const r = await quiet(() => invoke('data.points', { project: projectPath() }));
  if (r) state.points = r;
}

/** The preset's defaults; a host without the core (a page that needs no project) leaves them unknown. */
export async function loadDefaults(): Promise<void> {
  state.defaults = await invoke('config.defaults', { preset: state.preset }).catch(() => null);
}

const settingsKey = (): string => `settings:${state.project?.path ?? ''}`;

/** The settings typed for this project, kept across reloads of the page. */
export function restoreSettings(): void {
  try {
    state.settings = JSON.parse(localStorage.getItem(settingsKey()) ?? '{}') as Record<string, string>;
  } catch {
    state.settings = {};
  }
}

export function setSetting(id: string, text: string): void {
  state.settings = { ...state.settings, [id]: text };
  try {
    localStorage.setItem(settingsKey(), JSON.stringify(state.settings));
  } catch {
    /* storage may be unavailable: the settings then last as long as the page */
  }
}

/** Runs one pipeline step as a named job with every setting of the panels; progress arrives through 'job.progress'. */
export async function runStep(step: StepName, extra: { outDir?: string } = {}): Promise<StepResponse | undefined> {
  const { overrides, errors } = buildOverrides(state.settings);
  const bad = Object.entries(errors);
  if (bad.length) {
    state.error = { code: 'BAD_SETTING', message: bad.map(([k, e]) => `${k}: ${e}`).join('\n'), details: { column: bad[0]![0] } };
    return undefined;
  }
  const jobId = `${step}-${++jobSeq}`;
  state.job = { id: jobId, step, progress: null };
  if (step === 'train') {
    state.training = [];
    state.trainStatus = 'running';
  }
  try {
    const res = await guarded(() => invoke('step.run', { project: projectPath(), step, preset: state.preset, jobId, overrides, ...extra }));
    if (step === 'train') state.trainStatus = res ? 'done' : state.error?.code === 'ABORTED' ? 'cancelled' : '';
    if (res) await afterStep(step);
    return res;
  } finally {
    state.job = null;
    await refreshSummary();
  }
}

export async function cancelJob(): Promise<void> {
  if (state.job) await guarded(() => invoke('job.cancel', { jobId: state.job!.id }));
}

async function afterStep(step: StepName): Promise<void> {
  if (step === 'grid') levels.value = new Map();
  if (step === 'select') await loadSelection();
  if (step === 'dataset') await loadWindows();
  if (step === 'predict' || step === 'evaluate') {
    mapLevels.clear();
    await Promise.all([loadTiles(), loadTargets()]);
  }
  await loadRun(step);
}

export async function loadLevel(element: string, as: 'raw' | 'z' = 'raw'): Promise<GridLevel | undefined> {
  const key = `${element}:${as}`;
  const hit = levels.value.get(key);
  if (hit) return hit;
  const r = await guarded(() => invoke('data.gridLevel', { project: projectPath(), element, maxSize: 256, as }));
  if (r) {
    const next = new Map(levels.value);
    next.set(key, r);
    levels.value = next;
  }
  return r;
}

/** A prediction map (dense, calibrated, uncertainty, target classes); undefined when the project has none. */
export async function loadMapLevel(kind: MapKind, runId: number | null | undefined): Promise<MapLevel | undefined> {
  const key = `${kind}:${runId ?? ''}`;
  const hit = mapLevels.get(key);
  if (hit) return hit;
  // A map the evaluation did not make (no uncertainty without fold maps) is simply not offered.
  const r = await quiet(() => invoke('data.map', { project: projectPath(), kind, maxSize: 512 }).catch((e: unknown) => {
    if (e instanceof ApiError && (e.code === 'NO_TARGETS' || e.code === 'NO_PREDICTION')) return undefined;
    throw e;
  }));
  if (r) mapLevels.set(key, r);
  return r;
}

/** The kept samples classed by one element's percentiles, for the classed symbol map. */
export async function loadSampleClasses(element: string): Promise<SampleClasses | undefined> {
  const hit = sampleClassCache.get(element);
  if (hit) return hit;
  const r = await quiet(() => invoke('data.sampleClasses', { project: projectPath(), element }));
  if (r) sampleClassCache.set(element, r);
  return r;
}

/** One element's histogram and probability plot over the kept samples. Not cached: an import changes them, and the
 * core answers in milliseconds. Undefined for an element no sample has (a grid imported as a GeoTIFF). */
export async function loadElementDistribution(element: string): Promise<ElementDistribution | undefined> {
  return quiet(() => invoke('data.elementDistribution', { project: projectPath(), element }).catch((e: unknown) => {
    if (e instanceof ApiError && e.code === 'NO_ELEMENT') return undefined;
    throw e;
  }));
}

/** Lon/lat at a lattice over a map's extent, for the read-out; null when the project has no CRS. */
export async function loadGeo(extent: { xmin: number; ymin: number; xmax: number; ymax: number }): Promise<GeoLattice | null> {
  if (!state.project) return null;
  const key = `${state.project.path}:${extent.xmin}:${extent.ymin}:${extent.xmax}:${extent.ymax}`;
  if (geoCache.has(key)) return geoCache.get(key)!;
  const r = await invoke('data.geo', { project: state.project.path, extent, n: 9 }).catch(() => null);
  geoCache.set(key, r);
  return r;
}

export async function loadSelection(): Promise<void> {
  const r = await guarded(() => invoke('data.selection', { project: projectPath() }));
  if (r) state.selection = r;
  const roc = await guarded(() => invoke('data.roc', { project: projectPath() }));
  if (roc) state.roc = roc;
}

export async function loadWindows(): Promise<void> {
  const r = await guarded(() => invoke('data.windows', { project: projectPath() }));
  if (r) state.windows = r;
}

export async function loadTiles(): Promise<void> {
  const r = await guarded(() => invoke('data.tiles', { project: projectPath() }));
  if (r !== undefined) state.tiles = r;
}

export async function loadRun(step: StepName): Promise<void> {
  const r = await guarded(() => invoke('data.run', { project: projectPath(), step }));
  if (r !== undefined) (state.runs as Record<StepName, AnyRunView | null>)[step] = r;
}

export async function loadTargets(): Promise<void> {
  const r = await guarded(() => invoke('data.targets', { project: projectPath() }));
  if (r !== undefined) state.targets = r;
}

export function stepDone(step: StepName): boolean {
  return !!state.project?.steps.find((s) => s.step === step && s.done);
}

/** What the wizard step still lacks before the next one, as i18n keys. */
export function missingFor(step: WizardStep): ('missing.project' | 'missing.samples' | 'missing.deposits' | 'missing.grids' | 'missing.selection' | 'missing.dataset' | 'missing.model' | 'missing.evaluation' | 'missing.targets')[] {
  const p = state.project;
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
