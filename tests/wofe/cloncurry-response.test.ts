// GA's "Calculate Response" on the Cloncurry IOCG test data: our weights for the four binary maps against their
// *_CT.csv, our posterior probability and its standard deviation against PosteriorProbability.tif and
// PosteriorProbability_StdDev.tif on every one of the 3.1 M cells, the map's AUC against GA's CalculateAUC table, and
// Agterberg and Cheng's conditional independence test against a hand computation from GA's rasters.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  conditionalIndependenceTest, countClasses, gaGenColumns, mapAuc, posterior, weightsTable, type EvidenceLayer,
  type Posterior, type WeightsTable,
} from '../../src-main/core/wofe';
import { compareWithGa, depositCells, diffSummary, GA_COLUMNS, GA_DIR, readGaTable, readRaster } from './ga-data';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const TOL = 1e-4;
const AREAS = { cellArea: 100 * 100, unitArea: 1e6 };
const UNITS_PER_CELL = 0.01;
const BINARY = ['Dist2Breccia', 'Dist2Fault', 'FaultDensity', 'StratNo'];

const tables = new Map<string, WeightsTable>();
const layers: EvidenceLayer[] = [];
let points: Int32Array;
let post: Posterior;
let gaProb: Float32Array;
let gaStd: Float32Array;

beforeAll(async () => {
  for (const name of BINARY) {
    const r = await readRaster(`CalculateResponse/${name}.tif`);
    points ??= depositCells(r.spec);
    const t = weightsTable(countClasses(r.values, points), 'categorical', AREAS);
    tables.set(name, t);
    // GA's response takes each class's WEIGHT / W_STD: for a binary map, W+ and s(W+) of each of its two classes.
    const gen = gaGenColumns(t, 2);
    layers.push({ name, values: r.values, weights: new Map(t.rows.map((row, i) => [row.class, { weight: gen[i].weight, wStd: gen[i].wStd }])) });
  }
  const t0 = tables.get(BINARY[0])!;
  post = posterior(layers, t0.studyArea, t0.points);
  gaProb = (await readRaster('CalculateResponse/PosteriorProbability.tif')).values;
  gaStd = (await readRaster('CalculateResponse/PosteriorProbability_StdDev.tif')).values;
});

describe('posterior probability against GA\'s CalculateResponse (Cloncurry IOCG)', () => {
  it('weights of the four binary maps equal their *_CT.csv on every row', () => {
    for (const name of BINARY) {
      const t = tables.get(name)!;
      const ga = readGaTable(`CalculateResponse/${name}_CT.csv`);
      expect(t.rows.length).toBe(2);
      const d = compareWithGa(t.rows, gaGenColumns(t, 2), ga);
      console.log(JSON.stringify({ table: `CalculateResponse/${name}_CT.csv`, 'maxAbs / maxRel': diffSummary(d) }));
      for (const col of GA_COLUMNS) expect(d[col].maxRel, `${name} ${col}`).toBeLessThanOrEqual(TOL);
    }
  });

  it('posterior probability and its standard deviation equal GA\'s rasters to 1e-4 on every cell', () => {
    expect(post.probability.length).toBe(3131133);
    let dp = 0;
    let ds = 0;
    for (let i = 0; i < gaProb.length; i++) {
      dp = Math.max(dp, Math.abs(post.probability[i] - gaProb[i]));
      ds = Math.max(ds, Math.abs(post.std[i] - gaStd[i]));
    }
    console.log(JSON.stringify({ posteriorMaxAbsDiff: dp, stdMaxAbsDiff: ds, prior: post.priorProbability }));
    expect(dp).toBeLessThanOrEqual(TOL);
    expect(ds).toBeLessThanOrEqual(TOL);
    // 2^4 unique conditions, as in GA's map.
    expect(new Set(post.probability).size).toBe(16);
  });

  it('AUC against the 258 points is GA\'s 0.7145 (their table: 0.714467740807205)', () => {
    const csv = readFileSync(path.join(GA_DIR, 'CalculateAUC/IOCG_PostProb_AUC.csv'), 'utf8').split(/\r?\n/);
    const header = csv[0].split(',').map((h) => h.replace(/"/g, ''));
    const gaAuc = Number(csv[1].split(',')[header.indexOf('AUC')]);
    const gaN = Number(csv[1].split(',')[header.indexOf('N')]);
    const ours = mapAuc(post.probability, points);
    const onGaMap = mapAuc(gaProb, points);
    console.log(JSON.stringify({ aucOurs: ours.auc, aucOnGaRaster: onGaMap.auc, aucGa: gaAuc }));
    expect(Math.abs(ours.auc - 0.7145)).toBeLessThanOrEqual(0.002);
    expect(ours.auc).toBeCloseTo(gaAuc, 9);
    expect(onGaMap.auc).toBeCloseTo(gaAuc, 9);
    // modEvA's N: 258 presences (a cell with two points counts twice) + the 3,130,881 cells without points.
    expect(ours.presences + ours.absences).toBe(gaN);
  });

  it('conditional independence test (Agterberg and Cheng 2002) agrees with a hand computation from GA\'s rasters', () => {
    const ci = conditionalIndependenceTest(post.probability, post.std, UNITS_PER_CELL, 258);
    // By hand from GA's rasters: T = sum of P x 0.01 km^2; s^2(T) = sum over the distinct s(P) of (s x cells x 0.01)^2.
    let T = 0;
    for (let i = 0; i < gaProb.length; i++) T += gaProb[i];
    T *= UNITS_PER_CELL;
    const sorted = Float32Array.from(gaStd).sort();
    let varT = 0;
    for (let i = 0; i < sorted.length;) {
      let j = i;
      while (j < sorted.length && sorted[j] === sorted[i]) j++;
      varT += (sorted[i] * (j - i) * UNITS_PER_CELL) ** 2;
      i = j;
    }
    const z = (T - 258) / Math.sqrt(varT);
    console.log(JSON.stringify({ ci, hand: { T, sT: Math.sqrt(varT), z, ratio: 258 / T } }));
    expect(ci.conditions).toBe(16);
    expect(Math.abs(ci.T - T) / T).toBeLessThanOrEqual(TOL);
    expect(Math.abs(ci.sT - Math.sqrt(varT)) / ci.sT).toBeLessThanOrEqual(TOL);
    expect(ci.z).toBeCloseTo(z, 4);
    expect(ci.ratio).toBeCloseTo(258 / T, 6);
    // T well above n: the four maps are not conditionally independent (Dist2Breccia and StratNo both map the host
    // units), so the posterior overstates; the one-sided p is far below 0.05.
    expect(ci.T).toBeGreaterThan(258);
    expect(ci.p).toBeLessThan(0.01);
  });
});
