// The uniform survey of the whole-command case: 7,000 samples uniform over 100 x 100 km (UTM 50N), 16 elements with
// lognormal values, seeded; and the 3072 x 3072 grid of 33 m cells around it (whole metres keep every cell centre
// exact, as gdal_grid's own arithmetic does).
import { writeFileSync } from 'node:fs';
import { createRng } from '../../src-main/core/util/random';
import { PAPER_ELEMENTS, type GridSpec, type SamplePoints } from '../../src-main/core/types';

export const UNIFORM_SIZE = 3072;
const CELL = 33;
const SIDE = 100_000;
const X0 = 500_000, Y0 = 4_000_000;
const MARGIN = (UNIFORM_SIZE * CELL - SIDE) / 2;

export const uniformSpec: GridSpec = {
  crs: 'EPSG:32650', xmin: X0 - MARGIN, ymax: Y0 + SIDE + MARGIN, cellX: CELL, cellY: CELL, width: UNIFORM_SIZE, height: UNIFORM_SIZE,
};

export function uniformPoints(seed = 7, n = 7000): SamplePoints {
  const rng = createRng(seed);
  const x = new Float64Array(n), y = new Float64Array(n);
  const values = PAPER_ELEMENTS.map(() => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    // One decimal, as a survey table holds them: the CSV and the points are the same numbers.
    x[i] = Math.round((X0 + rng.uniform(0, SIDE)) * 10) / 10;
    y[i] = Math.round((Y0 + rng.uniform(0, SIDE)) * 10) / 10;
    for (const v of values) v[i] = Math.round(Math.exp(rng.normal() + 2) * 1000) / 1000;
  }
  return { crs: uniformSpec.crs, x, y, elements: [...PAPER_ELEMENTS], values };
}

export function writeUniformCsv(file: string, p: SamplePoints): void {
  const lines = [['X', 'Y', ...p.elements].join(',')];
  for (let i = 0; i < p.x.length; i++) lines.push([p.x[i], p.y[i], ...p.values.map((v) => v[i])].join(','));
  writeFileSync(file, lines.join('\n') + '\n');
}
