// What the imports put in the project: the sample table's preview, the points on the maps, and the per-element
// views of the samples (classed symbols, distributions). All of it is read from the samples and deposits, so an
// import clears it (invalidate.ts).
import { computed, reactive } from 'vue';
import { specFromPoints } from '../layers/geometry';
import { ApiError, invoke } from '../api';
import type { DepositImportRequest, ElementDistribution, PointsResponse, SampleClasses, SampleImportRequest, SamplePreview, TableInspection, TableKind } from '../../../src-preload/contract';
import { cacheOf, invalidateImports } from './invalidate';
import { guarded, projectPath, quiet, refreshSummary } from './session';

export const imports = reactive({
  preview: null as SamplePreview | null,
  points: null as PointsResponse | null,
});

/** Sample classes by element: fetched once each. */
const sampleClassCache = new Map<string, SampleClasses>();

cacheOf('import', () => {
  imports.preview = null;
  imports.points = null;
  sampleClassCache.clear();
});

/** Column choices sent with an import (the same as the CLI's flags). */
export type ImportChoices = Omit<SampleImportRequest, 'project' | 'file'> | Omit<DepositImportRequest, 'project' | 'file'>;

/**
 * Imports a file; true when it went in. A failed import leaves the error on screen and the views as they were (the
 * core's import is one transaction, so the project is unchanged too).
 */
export async function importFile(kind: TableKind, file: string, crs?: string, choices: ImportChoices = {}): Promise<boolean> {
  const ok = await guarded<unknown>(() =>
    kind === 'samples'
      ? invoke('import.samples', { project: projectPath(), file, crs: crs || undefined, ...choices as Omit<SampleImportRequest, 'project' | 'file'> })
      : invoke('import.deposits', { project: projectPath(), file, crs: crs || undefined, ...choices as Omit<DepositImportRequest, 'project' | 'file'> }),
  );
  if (!ok) return false;
  invalidateImports();
  await refreshSummary();
  return true;
}

/** The core's first look at a file and its guesses, for the column mapping; undefined (and the error shown) when unreadable. */
export async function inspectFile(kind: TableKind, file: string, sheet?: string): Promise<TableInspection | undefined> {
  return guarded(() => invoke('data.inspectTable', { file, kind, ...(sheet ? { sheet } : {}) }));
}

export async function loadPreview(): Promise<void> {
  const r = await quiet(() => invoke('data.samples', { project: projectPath(), offset: 0, limit: 50 }));
  if (r) imports.preview = r;
}

/** A map frame around the samples, for the steps that show points before any grid exists. */
export const pointsSpec = computed(() => (imports.points ? specFromPoints(imports.points.samples.x, imports.points.samples.y) : null));

export async function loadPoints(): Promise<void> {
  const r = await quiet(() => invoke('data.points', { project: projectPath() }));
  if (r) imports.points = r;
}

/** The kept samples classed by one element's percentiles, for the classed symbol map. */
export async function loadSampleClasses(element: string): Promise<SampleClasses | undefined> {
  const hit = sampleClassCache.get(element);
  if (hit) return hit;
  const r = await quiet(() => invoke('data.sampleClasses', { project: projectPath(), element }));
  if (r) sampleClassCache.set(element, r);
  return r;
}

/** One element's histogram and probability plot over the kept samples. Not cached: the core answers in milliseconds.
 * Undefined for an element no sample has (a grid imported as a GeoTIFF). */
export async function loadElementDistribution(element: string): Promise<ElementDistribution | undefined> {
  return quiet(() => invoke('data.elementDistribution', { project: projectPath(), element }).catch((e: unknown) => {
    if (e instanceof ApiError && e.code === 'NO_ELEMENT') return undefined;
    throw e;
  }));
}
