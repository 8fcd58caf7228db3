// The command-line flags of the data-quality gate, the selection settings and the data-driven dataset values.
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src-main/cli/args';
import { configFromArgs, CONFIG_FLAGS_HELP } from '../../src-main/cli/config-flags';
import { PRESETS } from '../../src-main/core/config';

const cfg = (line: string) => configFromArgs(parseArgs(line.split(' ').filter(Boolean)));

describe('config flags', () => {
  it('defaults: coverage 0.3, zscore levelling, the null test, 5 deposits, dataset values from the data', () => {
    const c = cfg('');
    expect(c.grid).toMatchObject({ minCoverage: 0.3, levelling: 'zscore' });
    expect(c.grid.campaigns).toBeUndefined();
    expect(c.select).toMatchObject({ criterion: 'shift', holm: false, minDeposits: 5 });
    expect(c.dataset).toMatchObject({ windowSize: 'auto', cropSize: 'auto', folds: 'auto', foldBuffer: 'auto' });
    expect(c).toEqual(PRESETS.quick);
  });

  it('reads every gate, selection and dataset flag', () => {
    const c = cfg('--min-coverage 0.1 --levelling quantile --campaigns 93974,94616 --criterion permutation --holm ' +
      '--min-deposits 3 --exclude Bi,Sb --force Au --window 24 --crop auto --folds 3 --fold-buffer 8');
    expect(c.grid).toMatchObject({ minCoverage: 0.1, levelling: 'quantile', campaigns: ['93974', '94616'] });
    expect(c.select).toMatchObject({ criterion: 'permutation', holm: true, minDeposits: 3, exclude: ['Bi', 'Sb'], force: ['Au'] });
    expect(c.dataset).toMatchObject({ windowSize: 24, cropSize: 'auto', folds: 3, foldBuffer: 8 });
    expect(cfg('--window auto --fold-buffer auto').dataset).toMatchObject({ windowSize: 'auto', foldBuffer: 'auto' });
  });

  it('refuses bad values naming the flag', () => {
    expect(() => cfg('--levelling median')).toThrow(/--levelling must be none, zscore, quantile; got 'median'/);
    expect(() => cfg('--criterion auc')).toThrow(/--criterion must be shift, zauc, zauc-null, permutation/);
    expect(() => cfg('--min-coverage 30')).toThrow(/--min-coverage must be a share between 0 and 1/);
    expect(() => cfg('--window big')).toThrow(/--window must be a number/);
  });

  it('lists them in the help', () => {
    for (const f of ['--min-coverage', '--levelling', '--campaigns', '--criterion', '--holm', '--min-deposits', '--exclude', '--fold-buffer', 'CELLS|auto']) {
      expect(CONFIG_FLAGS_HELP).toContain(f);
    }
  });
});
