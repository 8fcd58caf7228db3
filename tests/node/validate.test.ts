// Requests are parsed into fresh objects of known fields only: the checks of node/validate.ts on hostile input as it
// arrives (JSON text, so '__proto__' is an own key), with errors naming the channel and the field.
import { describe, expect, it } from 'vitest';
import { LIMITS, name, optConfigOverrides, optRecord, optStrList, shape, str } from '../../src-main/node/validate';

function refused(fn: () => unknown, column: string): void {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err, column).toMatchObject({ code: 'BAD_REQUEST', details: { channel: 'c', column } });
  expect((err as Error).message).toContain("Bad request on 'c'");
}

describe('request validation', () => {
  it("refuses '__proto__', 'constructor' and 'prototype' as keys at any depth", () => {
    refused(() => shape('c', JSON.parse('{"project":"p","constructor":{"prototype":{"x":1}}}'), { project: str }), 'constructor');
    refused(() => shape('c', JSON.parse('{"project":"p","__proto__":{"x":1}}'), { project: str }), '__proto__');
    refused(() => shape('c', JSON.parse('{"o":{"grid":{"__proto__":{"x":1}}}}'), { o: optConfigOverrides }), 'o.grid.__proto__');
    refused(() => shape('c', JSON.parse('{"o":{"a":[{"b":{"prototype":1}}]}}'), { o: optConfigOverrides }), 'o.a[0].b.prototype');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
  it('returns a fresh object of the known fields, and refuses unknown ones', () => {
    const req = { project: 'p' };
    const out = shape<{ project: string }>('c', req, { project: str });
    expect(out).toEqual(req);
    expect(out).not.toBe(req);
    refused(() => shape('c', { project: 'p', toString: 'x' }, { project: str }), 'toString');
    refused(() => shape('c', { project: 'p', extra: 1 }, { project: str }), 'extra');
  });
  it('merges overrides by the known config sections only, copied value by value', () => {
    const o = { grid: { cellSize: 100, size: [64, 64] }, train: { lrStep: { every: 3, factor: 0.5 } }, seed: 7 };
    const out = optConfigOverrides(o, 'c', 'overrides')!;
    expect(out).toEqual(o);
    expect(out.grid).not.toBe(o.grid);
    expect(() => optConfigOverrides({ preset: 'paper' }, 'c', 'o')).toThrow(/not a configuration section/);
    expect(() => optConfigOverrides({ nosuch: {} }, 'c', 'o')).toThrow(/not a configuration section/);
    expect(() => optConfigOverrides({ grid: 3 }, 'c', 'o')).toThrow(/must be an object/);
    expect(() => optConfigOverrides({ grid: { 'a b': 1 } }, 'c', 'o')).toThrow(/not a setting name/);
    expect(() => optConfigOverrides({ seed: -1 }, 'c', 'o')).toThrow(/whole number/);
  });
  it('bounds nesting, record keys, list lengths, strings and names', () => {
    let deep: unknown = 1;
    for (let i = 0; i < LIMITS.depth + 2; i++) deep = { a: deep };
    refused(() => shape('c', { o: deep }, { o: optConfigOverrides }), 'o.a.a.a.a.a.a.a');
    refused(() => optRecord(Object.fromEntries(Array.from({ length: LIMITS.recordKeys + 1 }, (_, i) => [`k${i}`, 'v'])), 'c', 'r'), 'r');
    refused(() => optStrList(Array.from({ length: LIMITS.list + 1 }, () => 'x'), 'c', 'l'), 'l');
    refused(() => str('x'.repeat(LIMITS.string + 1), 'c', 's'), 's');
    refused(() => name('x'.repeat(LIMITS.name + 1), 'c', 'name'), 'name');
    refused(() => name('a\u0007b', 'c', 'name'), 'name');
    expect(name('Katanning 1', 'c', 'name')).toBe('Katanning 1');
  });
});
