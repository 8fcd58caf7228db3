import { describe, expect, it } from 'vitest';
import { fitDeliveredCellMap } from '../../src-main/core/evaluation/deliver-map';
import { aucMannWhitney } from '../../src-main/core/selection/auc';
import type { GridStack } from '../../src-main/core/types';
import { createRng } from '../../src-main/core/util/random';

describe('the delivered simple map', () => {
  it('fits only the chosen per-cell model on the whole area and maps every valid cell', () => {
    const W = 50, H = 40;
    const rng = createRng(9);
    const deposits = Array.from({ length: 12 }, (_, k) => ({ id: `d${k}`, row: 5 + 3 * (k % 10), col: 5 + 4 * Math.floor(k / 2) }));
    const cu = Float32Array.from({ length: W * H }, () => rng.normal());
    const noise = Float32Array.from({ length: W * H }, () => rng.normal());
    for (const d of deposits) cu[d.row * W + d.col] += 3;
    noise[0] = NaN;
    const stack: GridStack = { spec: { crs: 'x', xmin: 0, ymax: H, cellX: 1, cellY: 1, width: W, height: H }, elements: ['Cu', 'Zn'], bands: [cu, noise] };
    const r = fitDeliveredCellMap({ stack, elements: ['Cu', 'Zn'], deposits, kind: 'best-element', radius: 1, seed: 1 });
    expect(r.model.kind).toBe('best-element');
    expect(r.model.details.element).toBe('Cu');
    expect(Number.isNaN(r.map[0])).toBe(true);
    const pos = deposits.map((d) => r.map[d.row * W + d.col]);
    const isDep = new Set(deposits.map((d) => d.row * W + d.col));
    const neg = Array.from(r.map).filter((v, i) => !isDep.has(i) && !Number.isNaN(v));
    expect(aucMannWhitney(pos, neg)).toBeGreaterThan(0.95);
    expect(fitDeliveredCellMap({ stack, elements: ['Cu', 'Zn'], deposits, kind: 'logistic', radius: 1, seed: 1 }).model.kind).toBe('logistic');
  });
});
