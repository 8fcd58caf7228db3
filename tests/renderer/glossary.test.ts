// The glossary: every term defined in both languages, and the step screens' headers and settings labels that are
// technical terms wrapped in <Term> (a scan of the templates, so a new bare "<th>AUC</th>" fails here).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GLOSSARY, GLOSSARY_KEYS, SETTING_TERMS } from '../../src-renderer/src/glossary';
import { en } from '../../src-renderer/src/locales/en';
import { FIELDS } from '../../src-renderer/src/layers/settings';

const src = (p: string): string => readFileSync(new URL(`../../src-renderer/src/${p}`, import.meta.url), 'utf8');

describe('glossary', () => {
  it('has an English and a Chinese definition for every term, and they differ', () => {
    expect(GLOSSARY_KEYS.length).toBeGreaterThan(20);
    for (const k of GLOSSARY_KEYS) {
      const e = GLOSSARY[k];
      expect(e.en.trim().length, k).toBeGreaterThan(15);
      expect(e.zh.trim().length, k).toBeGreaterThan(5);
      expect(/[\u4e00-\u9fff]/.test(e.zh), `${k} zh`).toBe(true);
      expect(e.zh).not.toBe(e.en);
    }
  });
  it('covers the terms the issue names', () => {
    for (const k of ['zauc', 'auc', 'platt', 'ece', 'brier', 'foldBuffer', 'heldOut', 'calibration', 'idw', 'levelling', 'censored',
      'studentized', 'capture', 'clusterInterval', 'window', 'crop', 'greenfield', 'extension', 'known', 'probability', 'uncertainty'] as const) {
      expect(GLOSSARY_KEYS).toContain(k);
    }
  });
  it('the terms map onto real settings', () => {
    const ids = new Set(Object.values(FIELDS).flat().map((f) => `${f.section}.${f.key}`));
    for (const id of Object.keys(SETTING_TERMS)) expect(ids.has(id), id).toBe(true);
  });
});

// Header cells (<th>) whose text is one of these locale keys must wrap it in <Term>.
const TERM_HEADERS: Record<string, (keyof typeof en)[]> = {
  'steps/ElementsStep.vue': ['elements.auc', 'elements.se', 'elements.zauc'],
  'steps/EvaluateStep.vue': ['evaluate.mapAuc', 'evaluate.interval', 'evaluate.capture20', 'evaluate.auc'],
  'components/samples/ImportReport.vue': ['report.coverageShort', 'report.censored', 'report.dls'],
  'components/samples/CampaignTable.vue': ['report.censoredShare'],
  'steps/TargetsStep.vue': ['targets.peak', 'targets.mean', 'targets.uncertainty', 'targets.area', 'targets.drivers', 'targets.tile', 'targets.tileScore'],
};

describe('technical terms on screen', () => {
  for (const [file, keys] of Object.entries(TERM_HEADERS)) {
    it(`${file}: every technical header is a <Term>`, () => {
      const text = src(file);
      const headers = [...text.matchAll(/<th\b[^>]*>([\s\S]*?)<\/th>/g)].map((m) => m[1]!);
      for (const k of keys) {
        const cells = headers.filter((h) => h.includes(`'${k}'`));
        expect(cells.length, `${file} has a header ${k}`).toBeGreaterThan(0);
        for (const c of cells) expect(c, `${file} ${k}`).toMatch(/^<Term\b/);
      }
      // The literal terms too (e.g. "95% CI"): no bare header naming AUC, ZAUC or CI.
      for (const h of headers) if (/\b(AUC|ZAUC|CI|ECE|Brier|DL)\b/.test(h)) expect(h, `${file}: ${h}`).toMatch(/<Term\b/);
    });
  }
  it('the settings panel wraps each setting listed in SETTING_TERMS', () => {
    const panel = src('components/SettingsPanel.vue');
    expect(panel).toMatch(/<Term v-if="SETTING_TERMS\[x\.id\]"/);
    // Settings whose English label names a term the glossary defines are in SETTING_TERMS.
    for (const f of Object.values(FIELDS).flat()) {
      const id = `${f.section}.${f.key}`;
      const label = en[`setting.${id}` as keyof typeof en];
      if (/radius|IDW|levelling|coverage|threshold|criterion|Holm|window|crop|fold/i.test(label)) expect(SETTING_TERMS[id], `${id} "${label}"`).toBeDefined();
    }
  });
  it('the Targets table names the scale of the score and of the uncertainty', () => {
    expect(en['targets.scale01']).toMatch(/0-1/);
    expect(en['targets.scaleSd']).toMatch(/score.*0-0\.5/);
    expect(src('steps/TargetsStep.vue')).toMatch(/scaleSd/);
    // A score that is not a probability (e.g. a delivered single-element z-score map) is not labelled 0-1.
    expect(src('steps/TargetsStep.vue')).toMatch(/probability \? t\('targets\.scale01'\) : t\('targets\.scaleRank'\)/);
    expect(GLOSSARY.score.en).not.toMatch(/0-1/);
  });
});
