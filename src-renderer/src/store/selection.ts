// The element selection: every element's AUC row and its ROC curve, from the select step.
import { reactive } from 'vue';
import { invoke } from '../api';
import type { SelectionRow } from '../../../src-preload/contract';
import { cacheOf } from './invalidate';
import { guarded, projectPath } from './session';

export const selection = reactive({
  rows: [] as SelectionRow[],
  roc: [] as { element: string; auc: number; points: [number, number][] }[],
});

cacheOf('select', () => {
  selection.rows = [];
  selection.roc = [];
});

export async function loadSelection(): Promise<void> {
  const r = await guarded(() => invoke('data.selection', { project: projectPath() }));
  if (r) selection.rows = r;
  const roc = await guarded(() => invoke('data.roc', { project: projectPath() }));
  if (roc) selection.roc = roc;
}
