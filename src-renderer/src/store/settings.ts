// The settings panels: the preset's defaults as the core resolves them, and the user's settings as typed, kept per
// project across reloads of the page.
import { reactive } from 'vue';
import { invoke } from '../api';
import type { PipelineConfig } from '../../../src-preload/contract';
import { session } from './session';

export const settings = reactive({
  /** The preset's settings as the core resolves them: what a blank setting means. */
  defaults: null as PipelineConfig | null,
  /** The user's settings as typed, by 'section.key'; blank or absent: the preset's default. */
  texts: {} as Record<string, string>,
});

/** The preset's defaults; a host without the core (a page that needs no project) leaves them unknown. */
export async function loadDefaults(): Promise<void> {
  settings.defaults = await invoke('config.defaults', { preset: session.preset }).catch(() => null);
}

const settingsKey = (): string => `settings:${session.project?.path ?? ''}`;

/** The settings typed for this project, kept across reloads of the page. */
export function restoreSettings(): void {
  try {
    settings.texts = JSON.parse(localStorage.getItem(settingsKey()) ?? '{}') as Record<string, string>;
  } catch {
    settings.texts = {};
  }
}

export function setSetting(id: string, text: string): void {
  settings.texts = { ...settings.texts, [id]: text };
  try {
    localStorage.setItem(settingsKey(), JSON.stringify(settings.texts));
  } catch {
    /* storage may be unavailable: the settings then last as long as the page */
  }
}
