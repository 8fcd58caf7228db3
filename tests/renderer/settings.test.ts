// The settings panels' text → the overrides step.run sends, checked against the core's own config resolution.
import { describe, expect, it } from 'vitest';
import { resolveConfig, type ConfigOverrides } from '../../src-main/core/config';
import { buildOverrides, defaultText, FIELDS, parseField } from '../../src-renderer/src/layers/settings';

describe('settings overrides', () => {
  it('turns typed settings into overrides that the core resolves over the preset', () => {
    const { overrides, errors } = buildOverrides({
      'grid.cellSize': '500', 'grid.size': '', 'grid.transform': 'clr', 'select.threshold': '1.96', 'select.holm': 'yes',
      'select.exclude': 'Bi, Sb', 'dataset.windowSize': 'auto', 'dataset.folds': '3', 'train.arch': 'resnet18', 'train.lr': '0.005',
    });
    expect(errors).toEqual({});
    const c = resolveConfig('quick', overrides as ConfigOverrides);
    expect(c.grid).toMatchObject({ cellSize: 500, transform: 'clr', radius: 'auto' });
    expect(c.grid.size).toBeUndefined();
    expect(c.select).toMatchObject({ threshold: 1.96, holm: true, exclude: ['Bi', 'Sb'], criterion: 'shift' });
    expect(c.dataset).toMatchObject({ windowSize: 'auto', folds: 3 });
    expect(c.train).toMatchObject({ arch: 'resnet18', lr: 0.005, epochs: resolveConfig('quick').train.epochs });
  });

  it('names each bad value and sends nothing for it', () => {
    const { overrides, errors } = buildOverrides({ 'grid.maxPoints': '2.5', 'dataset.folds': 'many', 'grid.minCoverage': '1.5', 'grid.size': '10 by 20' });
    expect(errors['grid.maxPoints']).toMatch(/not a whole number/);
    expect(errors['dataset.folds']).toMatch(/'many' is not a number/);
    expect(errors['grid.minCoverage']).toMatch(/above 1/);
    expect(errors['grid.size']).toMatch(/not a size/);
    expect(overrides).toEqual({});
    expect(parseField(FIELDS.grid[1]!, '512 x 256')).toEqual({ ok: true, value: [512, 256] });
  });

  it('shows every field with the preset default the core reports', () => {
    const paper = resolveConfig('paper');
    const text = (section: 'grid' | 'train', key: string) => defaultText(paper, FIELDS[section].find((f) => f.key === key)!);
    expect(text('grid', 'size')).toBe('3072 × 3072');
    expect(text('grid', 'cellSize')).toBe('');
    expect(text('train', 'arch')).toBe('resnet50');
    // Every field names a real setting of the configuration.
    for (const fields of Object.values(FIELDS)) {
      for (const f of fields) expect(Object.keys(resolveConfig('quick')[f.section]).concat(['cellSize', 'size', 'elements', 'force', 'exclude'])).toContain(f.key);
    }
  });
});
