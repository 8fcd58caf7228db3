// The user's overrides of selection: forcing keeps an element, excluding never selects it, and both say why.
import { describe, expect, it } from 'vitest';
import { excludeElements, forceElements } from '../../src-main/core/selection/force';

const rows = () => [
  { element: 'Au', selected: true } as { element: string; selected: boolean; excluded?: string },
  { element: 'Bi', selected: true },
  { element: 'Cu', selected: false },
];

describe('forceElements / excludeElements', () => {
  it('excludes with the reason, forces, and refuses contradictions and names without a grid', () => {
    const r = excludeElements(forceElements(rows(), ['Cu']), ['Bi'], { force: ['Cu'] });
    expect(r.map((x) => [x.element, x.selected, x.excluded])).toEqual([
      ['Au', true, undefined], ['Bi', false, 'excluded by the configuration (select.exclude)'], ['Cu', true, undefined],
    ]);
    expect(() => excludeElements(rows(), ['Au'], { force: ['Au'] })).toThrow(/Au is both forced into and excluded/);
    expect(() => excludeElements(rows(), ['Sb'])).toThrow(/Sb was excluded from the selection but has no grid/);
    // An element the coverage gate left ungridded may be excluded too.
    expect(excludeElements(rows(), ['Sb'], { absent: ['Sb'] }).every((x) => x.excluded === undefined)).toBe(true);
    expect(() => forceElements(rows(), ['Sb'])).toThrow(/Sb was forced into the selection but has no grid/);
  });
});
