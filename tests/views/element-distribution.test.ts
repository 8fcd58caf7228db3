// One element's histogram and probability plot on a real mixed-campaign survey (Katanning, WA): counts against the
// import's own report, bins and normal quantiles against numpy and scipy.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSamplesStep } from '../../src-main/core/app/steps/import-step';
import { Project } from '../../src-main/core/store/project';
import { loadElementQuality } from '../../src-main/core/app/element-quality';
import { elementDistribution, type ElementDistribution } from '../../src-main/core/app/views/element-distribution';
import { normalQuantile } from '../../src-main/core/app/views/normal-quantile';
import { sampleClasses } from '../../src-main/core/app/views/sample-classes';
import { ProspectError } from '../../src-main/core/types';
import { tempDir } from '../helpers/cli';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const file = path.resolve(repoRoot, '../shared/data/wa-katanning-sediment/area1_sediment_au.csv');

function python<T>(code: string, input: unknown): T {
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', code], { input: JSON.stringify(input), encoding: 'utf8' })) as T;
}

let p: Project;
let au: ElementDistribution;
beforeAll(async () => {
  p = Project.create(path.join(tempDir('distribution-'), 'k.prospect'), { name: 'K' });
  await importSamplesStep(p, file, {});
  au = elementDistribution(p, 'Au');
}, 120_000);
afterAll(() => p?.close());

describe('element distribution on Katanning', () => {
  it('Au: censored as the import counts them (flagged and zeros read as below detection), histogram sums to both', () => {
    const q = loadElementQuality(p).find((e) => e.element === 'Au')!;
    expect(q).toMatchObject({ samples: 866, censored: 32, zerosCensored: 97 });
    expect(au.samples).toBe(866);
    expect(au.censored).toBe(q.censored + q.zerosCensored);
    expect(au.measured).toBe(q.measured);
    expect(au.measured + au.censored + au.missing + au.sentinel + au.nonPositive + au.censoredWithoutValue).toBe(866);
    const sum = (a: number[]) => a.reduce((s, v) => s + v, 0);
    expect(sum(au.histogram.measured)).toBe(au.measured);
    expect(sum(au.histogram.censored)).toBe(au.censored);
    expect(au.detectionLimits).toEqual([0.00002, 0.001]);
    // every censored value sits at a substitute below a stated limit, so the lowest bin is mostly censored
    expect(au.histogram.censored[0]).toBeGreaterThan(au.histogram.measured[0]!);
    expect(au.probability.censored.reduce((s, c) => s + c, 0)).toBe(au.censored);
  });

  it('bins: Freedman-Diaconis on log10, capped to 10..60, counts as numpy bins them', () => {
    const h = au.histogram;
    const ref = python<{ fd: number; counts: number[]; edges: number[] }>(
      'import json,sys,numpy as np; v=np.log10(np.array(json.load(sys.stdin)))\n' +
      "e=np.histogram_bin_edges(v,bins='fd'); n=min(60,max(10,len(e)-1)); c,edges=np.histogram(v,bins=n)\n" +
      "print(json.dumps({'fd':len(e)-1,'counts':c.tolist(),'edges':edges.tolist()}))",
      Array.from(au.probability.values),
    );
    expect(h.fdBins).toBe(ref.fd);
    expect(h.log10Edges.length - 1).toBe(Math.min(60, Math.max(10, ref.fd)));
    h.log10Edges.forEach((e, k) => expect(e).toBeCloseTo(ref.edges[k]!, 12));
    expect(h.measured.map((m, k) => m + h.censored[k]!)).toEqual(ref.counts);
  });

  it('probability plot: sorted values at the normal quantile of Blom positions, as scipy computes them', () => {
    const { values, z } = au.probability;
    expect(values.length).toBe(au.measured + au.censored);
    for (let i = 1; i < values.length; i++) expect(values[i]!).toBeGreaterThanOrEqual(values[i - 1]!);
    const ref = python<number[]>(
      'import json,sys,numpy as np; from scipy.stats import norm; n=json.load(sys.stdin); i=np.arange(1,n+1)\n' +
      'print(json.dumps(norm.ppf((i-0.375)/(n+0.25)).tolist()))', values.length);
    for (let i = 0; i < z.length; i++) expect(Math.abs(z[i]! - ref[i]!)).toBeLessThan(1e-12);
    expect(z[0]!).toBeLessThan(-2.9);
    expect(z[Math.floor(z.length / 2)]!).toBeCloseTo(0, 2);
  });

  it('the inverse normal holds to known quantiles deep in both tails', () => {
    const known: [number, number][] = [[0.5, 0], [0.975, 1.959963984540054], [0.99, 2.3263478740408408],
      [0.001, -3.090232306167813], [1e-10, -6.361340902404056], [1e-300, -37.0470962993612]];
    for (const [pr, zz] of known) expect(Math.abs(normalQuantile(pr) - zz)).toBeLessThan(1e-12 * Math.max(1, Math.abs(zz)));
    const ref = python<number[]>('import json,sys; from scipy.stats import norm; print(json.dumps(norm.ppf(json.load(sys.stdin)).tolist()))',
      [1e-20, 1e-8, 0.02, 0.07, 0.3, 0.425, 0.5749, 0.93, 0.9999999]);
    [1e-20, 1e-8, 0.02, 0.07, 0.3, 0.425, 0.5749, 0.93, 0.9999999].forEach((pr, i) =>
      expect(Math.abs(normalQuantile(pr) - ref[i]!)).toBeLessThan(1e-9 * Math.max(1, Math.abs(ref[i]!))));
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1.5)).toBeNaN();
  });

  it('P90 and P98 are the map\'s percentile classes; median and max from the stored values', () => {
    const c = sampleClasses(p, 'Au');
    expect(au.median).toBeCloseTo(c.breaks[1]!, 15);
    expect(au.p90).toBeCloseTo(c.breaks[3]!, 15);
    expect(au.p98).toBeCloseTo(c.breaks[5]!, 15);
    expect(au.max).toBe(Math.max(...Array.from(c.values).filter(Number.isFinite)));
  });

  it('Bi: "not analysed" codes counted apart and left out of the plots', () => {
    const bi = elementDistribution(p, 'Bi');
    expect(bi).toMatchObject({ samples: 866, measured: 6, censored: 625, sentinel: 235, missing: 0 });
    expect(bi.probability.values.length).toBe(631);
    expect(bi.histogram.measured.reduce((s, v) => s + v, 0) + bi.histogram.censored.reduce((s, v) => s + v, 0)).toBe(631);
  });

  it('an element no sample has: an error naming the column', () => {
    expect(() => elementDistribution(p, 'Unobtainium')).toThrow(ProspectError);
    try {
      elementDistribution(p, 'Unobtainium');
    } catch (e) {
      expect((e as ProspectError).code).toBe('NO_ELEMENT');
      expect((e as ProspectError).details.column).toBe('Unobtainium');
    }
  });
});
