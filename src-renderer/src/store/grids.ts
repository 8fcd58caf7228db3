// The element grids on screen: the element shown and its downsampled levels, fetched once each and cleared when the
// grid step runs again.
import { reactive, shallowRef } from 'vue';
import { invoke } from '../api';
import type { GridLevel } from '../../../src-preload/contract';
import { cacheOf } from './invalidate';
import { guarded, projectPath } from './session';

export const grids = reactive({ element: '' as string });

/** Grid levels by element and kind: fetched once, then switching elements is a lookup. */
export const levels = shallowRef(new Map<string, GridLevel>());

cacheOf('grid', () => {
  levels.value = new Map();
});

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
