// The renderer's caches are cleared by the pipeline's step order: a step's re-run clears its own caches and those of
// every later step, an import only what is read from the samples, another project everything.
import { describe, expect, it } from 'vitest';
import { cacheOf, invalidateAll, invalidateFrom, invalidateImports, type Source } from '../../src-renderer/src/store/invalidate';
import { STEP_NAMES } from '../../src-main/core/vocabulary';

const SOURCES: Source[] = ['project', 'import', ...STEP_NAMES];
const cleared = new Set<Source>();
for (const s of SOURCES) cacheOf(s, () => cleared.add(s));

function after(action: () => void): Source[] {
  cleared.clear();
  action();
  return SOURCES.filter((s) => cleared.has(s));
}

describe('cache invalidation by step order', () => {
  it('a re-run clears that step and every later one', () => {
    expect(after(() => invalidateFrom('dataset'))).toEqual(['dataset', 'train', 'predict', 'evaluate', 'export']);
    expect(after(() => invalidateFrom('grid'))).toEqual([...STEP_NAMES]);
    expect(after(() => invalidateFrom('export'))).toEqual(['export']);
  });

  it('an import clears only what is read from the samples and deposits', () => {
    expect(after(invalidateImports)).toEqual(['import']);
  });

  it('another project clears everything', () => {
    expect(after(invalidateAll)).toEqual(SOURCES);
  });
});
