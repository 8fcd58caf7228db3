// What the later steps stored: each step's latest run, the paper's tiles, the prediction maps, the target areas and
// the last export. Each cache names the step it shows, so a re-run clears it with those of the steps after it.
import { reactive } from 'vue';
import { ApiError, invoke } from '../api';
import type { AnyRunView, GridSpecDto, MapKind, MapLevel, StepName, StepResponse, TargetsView, TileDto } from '../../../src-preload/contract';
import { STEP_NAMES } from '../../../src-main/core/vocabulary';
import { cacheOf } from './invalidate';
import { guarded, projectPath, quiet } from './session';

/** Stored runs by step, each typed with its step's result. */
type RunsByStep = { [S in StepName]?: Extract<AnyRunView, { step: S }> | null };

export const results = reactive({
  runs: {} as RunsByStep,
  tiles: null as { spec: GridSpecDto; rows: number; cols: number; tiles: TileDto[] } | null,
  /** The evaluation's target areas in field order and the paper's tile targets, as the core lists them. */
  targets: null as TargetsView | null,
  exported: null as StepResponse | null,
});

/** Prediction maps by kind and run: fetched once each. */
const mapLevels = new Map<string, MapLevel>();

for (const step of STEP_NAMES) cacheOf(step, () => delete results.runs[step]);
cacheOf('predict', () => {
  results.tiles = null;
});
// The maps and the targets show the prediction and the evaluation of it: the later of the two is their step.
cacheOf('evaluate', () => {
  results.targets = null;
  mapLevels.clear();
});
cacheOf('export', () => {
  results.exported = null;
});

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

export async function loadTiles(): Promise<void> {
  const r = await guarded(() => invoke('data.tiles', { project: projectPath() }));
  if (r !== undefined) results.tiles = r;
}

export async function loadRun(step: StepName): Promise<void> {
  const r = await guarded(() => invoke('data.run', { project: projectPath(), step }));
  if (r !== undefined) (results.runs as Record<StepName, AnyRunView | null>)[step] = r;
}

export async function loadTargets(): Promise<void> {
  const r = await guarded(() => invoke('data.targets', { project: projectPath() }));
  if (r !== undefined) results.targets = r;
}
