// What re-running a step replaces: the step and every later step with a stored run, in the pipeline's order, shown
// as the wizard's screens; and the question is asked only when the step itself has a stored run.
import { describe, expect, it } from 'vitest';
import { STEP_NAMES } from '../../src-main/core/vocabulary';
import { answerRerun, confirmRerun, replacedBy, replacedScreens, rerun } from '../../src-renderer/src/store/rerun';
import { en } from '../../src-renderer/src/locales/en';
import { zh } from '../../src-renderer/src/locales/zh';

// i18n.ts reads the browser's language on load; the dictionaries themselves are plain objects.
const DICT = { en, zh } as const;
function translate(l: 'en' | 'zh', key: keyof typeof en, params: Record<string, string> = {}): string {
  return DICT[l][key].replace(/\{(\w+)\}/g, (m, k: string) => params[k] ?? m);
}

const ALL = [...STEP_NAMES];

describe('replacedBy', () => {
  it('re-running grid on a finished project replaces every step, grid first', () => {
    expect(replacedBy('grid', ALL)).toEqual(ALL);
    expect(replacedScreens('grid', ALL)).toEqual(['grids', 'elements', 'dataset', 'train', 'evaluate', 'targets', 'export']);
  });
  it('names only the steps that have a stored run, from the step on', () => {
    expect(replacedBy('dataset', ['grid', 'select', 'dataset', 'train'])).toEqual(['dataset', 'train']);
    expect(replacedBy('select', ['grid', 'select'])).toEqual(['select']);
    expect(replacedScreens('predict', ['grid', 'select', 'dataset', 'train', 'predict', 'evaluate'])).toEqual(['evaluate', 'targets']);
  });
  it('never names an earlier step', () => {
    for (const s of STEP_NAMES) for (const r of replacedBy(s, ALL)) expect(STEP_NAMES.indexOf(r)).toBeGreaterThanOrEqual(STEP_NAMES.indexOf(s));
  });
  it('reads as the issue asks in both languages', () => {
    const done = ['grid', 'select', 'dataset', 'train', 'predict', 'evaluate'] as const;
    for (const [l, sep] of [['en', ', '], ['zh', '、']] as const) {
      const list = replacedScreens('grid', done).map((s) => translate(l, `step.${s}`)).join(sep);
      const text = translate(l, 'rerun.replaces', { step: translate(l, 'step.grids'), list });
      if (l === 'en') expect(text).toBe('Re-running Grids replaces: Grids, Elements, Dataset, Train, Evaluate, Targets.');
      else expect(text).toContain(translate('zh', 'step.targets'));
    }
  });
});

describe('confirmRerun', () => {
  it('runs at once when the step has no stored run, and for export', async () => {
    await expect(confirmRerun('train', ['grid', 'select', 'dataset'])).resolves.toBe(true);
    await expect(confirmRerun('export', ALL)).resolves.toBe(true);
    expect(rerun.pending).toBeNull();
  });
  it('waits for the answer when the step has one: Cancel runs nothing, Re-run goes on', async () => {
    const asked = confirmRerun('select', ['grid', 'select', 'dataset']);
    expect(rerun.pending).toEqual({ step: 'select', screens: ['elements', 'dataset'] });
    answerRerun(false);
    await expect(asked).resolves.toBe(false);
    expect(rerun.pending).toBeNull();
    const again = confirmRerun('grid', ['grid']);
    answerRerun(true);
    await expect(again).resolves.toBe(true);
  });
});
