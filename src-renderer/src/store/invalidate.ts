// Which caches a change makes stale, by the pipeline's step order rather than by hand: each cache says the last step
// whose result it shows, and a step's re-run clears the caches of that step and of every step after it (a later
// step's stored result was built on the earlier one). An import changes the samples or deposits but no stored step
// result, so it clears only what is read from them; opening another project clears everything.
import { stepIndex, type StepName } from '../../../src-main/core/vocabulary';

/**
 * What a cache is read from: the imported samples and deposits, a step's stored result, or only the open project
 * (what a job showed as it ran: cleared when another project opens, not when a step's result changes).
 */
export type Source = 'project' | 'import' | StepName;

const caches: { source: Source; clear: () => void }[] = [];

/** Registers a cache with the source it shows; `clear` empties it. */
export function cacheOf(source: Source, clear: () => void): void {
  caches.push({ source, clear });
}

/** After `step` ran: clears the caches of that step and of the steps after it. */
export function invalidateFrom(step: StepName): void {
  for (const c of caches) if (c.source !== 'import' && c.source !== 'project' && stepIndex(c.source) >= stepIndex(step)) c.clear();
}

/** After an import: clears what is read from the samples and deposits. */
export function invalidateImports(): void {
  for (const c of caches) if (c.source === 'import') c.clear();
}

/** Another project: every cache goes. */
export function invalidateAll(): void {
  for (const c of caches) c.clear();
}
