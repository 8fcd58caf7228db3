// The settings the app offers, step by step: each is one field of the core's PipelineConfig, edited as text and sent
// as `overrides` with step.run. Blank means "the preset's default", which the core reports through config.defaults.
import type { PipelineConfig } from '../../../src-preload/contract';

export type Section = 'grid' | 'select' | 'dataset' | 'train';
export type FieldKind = 'number' | 'auto' | 'choice' | 'bool' | 'list' | 'size';

export interface Field {
  section: Section;
  key: string;
  kind: FieldKind;
  /** For 'choice'. */
  options?: readonly string[];
  /** Integer fields refuse fractions. */
  integer?: boolean;
  min?: number;
  max?: number;
}

const f = (section: Section, key: string, kind: FieldKind, extra: Partial<Field> = {}): Field => ({ section, key, kind, ...extra });

export const FIELDS: Record<Section, Field[]> = {
  grid: [
    f('grid', 'cellSize', 'number', { min: 0 }),
    f('grid', 'size', 'size'),
    f('grid', 'radius', 'number', { min: 0 }),
    f('grid', 'power', 'number', { min: 0 }),
    f('grid', 'maxPoints', 'number', { integer: true, min: 1 }),
    f('grid', 'transform', 'choice', { options: ['none', 'log10', 'clr'] }),
    f('grid', 'minCoverage', 'number', { min: 0, max: 1 }),
    f('grid', 'levelling', 'choice', { options: ['none', 'zscore', 'quantile'] }),
    f('grid', 'elements', 'list'),
  ],
  select: [
    f('select', 'threshold', 'number', { min: 0 }),
    f('select', 'criterion', 'choice', { options: ['shift', 'zauc-null', 'zauc', 'permutation'] }),
    f('select', 'holm', 'bool'),
    f('select', 'force', 'list'),
    f('select', 'exclude', 'list'),
  ],
  dataset: [
    f('dataset', 'windowSize', 'auto', { integer: true, min: 4 }),
    f('dataset', 'cropSize', 'auto', { integer: true, min: 4 }),
    f('dataset', 'folds', 'auto', { integer: true, min: 2 }),
    f('dataset', 'foldBuffer', 'auto', { integer: true, min: 0 }),
  ],
  train: [
    f('train', 'arch', 'choice', { options: ['smallcnn', 'resnet18', 'resnet50', 'mobilenetv2', 'shufflenetv2', 'googlenet'] }),
    f('train', 'epochs', 'number', { integer: true, min: 1 }),
    f('train', 'batchSize', 'number', { integer: true, min: 1 }),
    f('train', 'lr', 'number', { min: 0 }),
    f('train', 'backend', 'choice', { options: ['auto', 'tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'] }),
  ],
};

/** The preset's value of a field as text ('' when the preset leaves it to the data, e.g. no cell size). */
export function defaultText(config: PipelineConfig | null, field: Field): string {
  const v = config ? (config[field.section] as unknown as Record<string, unknown>)[field.key] : undefined;
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return field.kind === 'size' ? v.join(' × ') : v.join(', ');
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

export type Parsed = { ok: true; value: unknown } | { ok: false; error: string };

/** A field's text as the value the core expects; blank is undefined (the default). */
export function parseField(field: Field, text: string): Parsed {
  const s = text.trim();
  if (s === '') return { ok: true, value: undefined };
  const num = (t: string): Parsed => {
    const v = Number(t);
    if (!Number.isFinite(v)) return { ok: false, error: `'${t}' is not a number` };
    if (field.integer && !Number.isInteger(v)) return { ok: false, error: `${v} is not a whole number` };
    if (field.min !== undefined && v < field.min) return { ok: false, error: `${v} is below ${field.min}` };
    if (field.max !== undefined && v > field.max) return { ok: false, error: `${v} is above ${field.max}` };
    return { ok: true, value: v };
  };
  switch (field.kind) {
    case 'number': return num(s);
    case 'auto': return s.toLowerCase() === 'auto' ? { ok: true, value: 'auto' } : num(s);
    case 'choice': return field.options!.includes(s) ? { ok: true, value: s } : { ok: false, error: `choose one of ${field.options!.join(', ')}` };
    case 'bool': return s === 'yes' || s === 'no' ? { ok: true, value: s === 'yes' } : { ok: false, error: 'yes or no' };
    case 'list': return { ok: true, value: s.split(/[\s,;]+/).filter(Boolean) };
    case 'size': {
      const m = /^(\d+)\s*[x×*,\s]\s*(\d+)$/i.exec(s) ?? /^(\d+)$/.exec(s);
      if (!m) return { ok: false, error: `'${s}' is not a size such as 512 × 512` };
      const w = Number(m[1]);
      const h = Number(m[2] ?? m[1]);
      return w > 0 && h > 0 ? { ok: true, value: [w, h] } : { ok: false, error: 'a size is positive' };
    }
  }
}

/** The overrides to send: every field the user filled in, section by section; the first bad field's error if any. */
export function buildOverrides(texts: Record<string, string>): { overrides: Record<string, Record<string, unknown>>; errors: Record<string, string> } {
  const overrides: Record<string, Record<string, unknown>> = {};
  const errors: Record<string, string> = {};
  for (const fields of Object.values(FIELDS)) {
    for (const field of fields) {
      const id = `${field.section}.${field.key}`;
      const p = parseField(field, texts[id] ?? '');
      if (!p.ok) errors[id] = p.error;
      else if (p.value !== undefined) (overrides[field.section] ??= {})[field.key] = p.value;
    }
  }
  return { overrides, errors };
}
