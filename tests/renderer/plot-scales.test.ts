// Axis layout of the distribution plots: the probability axis sits at scipy's normal quantiles, decade ticks on the
// log axis, count ticks that reach past the tallest bar, and point thinning that keeps every distinct pixel.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { circlesPath, countTicks, formatPpm, log10Ticks, PROBABILITY_TICKS } from '../../src-renderer/src/components/plots/plot-scales';

describe('plot scales', () => {
  it('the probability axis is ruled at norm.ppf of its percentages', () => {
    const ref = JSON.parse(execFileSync('/usr/bin/python3', ['-c',
      'import json,sys; from scipy.stats import norm; print(json.dumps([norm.ppf(p/100) for p in json.load(sys.stdin)]))'],
    { input: JSON.stringify(PROBABILITY_TICKS.map((t) => t.percent)), encoding: 'utf8' })) as number[];
    expect(PROBABILITY_TICKS.map((t) => t.percent)).toEqual([1, 5, 10, 25, 50, 75, 90, 95, 99]);
    PROBABILITY_TICKS.forEach((t, i) => expect(t.z).toBeCloseTo(ref[i]!, 14));
  });

  it('decade ticks over wide ranges, 1-2-5 over narrow ones, labelled in plain ppm', () => {
    expect(log10Ticks(-4.2, 0.3).map((t) => t.label)).toEqual(['0.0001', '0.001', '0.01', '0.1', '1']);
    expect(log10Ticks(-0.8, 0.7).map((t) => t.label)).toEqual(['0.2', '0.5', '1', '2', '5']);
    expect(formatPpm(0.00002)).toBe('0.00002');
    expect(formatPpm(1234)).toBe('1230');
  });

  it('count ticks reach the tallest bar', () => {
    expect(countTicks(157)).toEqual([0, 50, 100, 150, 200]);
    expect(countTicks(150)).toEqual([0, 50, 100, 150]);
    expect(countTicks(3)).toEqual([0, 1, 2, 3]);
    expect(countTicks(0)).toEqual([0]);
  });

  it('circles within half a pixel of the last one drawn are left out', () => {
    const r = circlesPath([10, 10.2, 10.4, 12, 12], [5, 5.1, 5.2, 5, 9], 2);
    expect(r.drawn).toBe(3);
    expect(r.d.match(/M/g)).toHaveLength(3);
  });
});
