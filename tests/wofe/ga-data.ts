// Reading Geoscience Australia's MPM-WofE test data (../shared/data/cloncurry-iocg-wofe) for the wofe tests.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readShapefilePoints } from '../../src-main/core/formats/shapefile';
import { readGeoTiff } from '../../src-main/core/grid/geotiff-read';
import type { GridSpec } from '../../src-main/core/types';
import { cellsOfPoints } from '../../src-main/core/wofe';

export const GA_DIR = path.resolve(import.meta.dirname, '../../../shared/data/cloncurry-iocg-wofe');

/** GA's weights table columns, in csv order. */
export const GA_COLUMNS = ['CLASS', 'CLASS_AREA', 'AREA_SQ_KM', 'AREA_UNITS', 'NO_POINTS', 'WPLUS', 'S_WPLUS', 'WMINUS',
  'S_WMINUS', 'CONTRAST', 'S_CONTRAST', 'STUDC', 'GEN_CLASS', 'WEIGHT', 'W_STD'] as const;
export type GaColumn = (typeof GA_COLUMNS)[number];
export type GaRow = Record<GaColumn, number>;

/** A *_CT / *_CA / *_CD table as written by R's write.csv (first column the row name). */
export function readGaTable(rel: string): GaRow[] {
  const lines = readFileSync(path.join(GA_DIR, rel), 'utf8').trim().split(/\r?\n/);
  const header = lines[0].split(',').map((h) => h.replace(/"/g, ''));
  if (header.slice(1).join() !== GA_COLUMNS.join()) throw new Error(`${rel}: unexpected header ${header.join()}`);
  return lines.slice(1).map((line) => {
    const cells = line.split(',').slice(1).map(Number);
    return Object.fromEntries(GA_COLUMNS.map((c, i) => [c, cells[i]])) as GaRow;
  });
}

export async function readRaster(rel: string): Promise<{ spec: GridSpec; values: Float32Array }> {
  const g = await readGeoTiff(path.join(GA_DIR, rel));
  return { spec: g.spec, values: g.bands[0] };
}

/** The 258 IOCG points as cell indices of `spec`. */
export function depositCells(spec: GridSpec): Int32Array {
  const shp = readShapefilePoints(path.join(GA_DIR, 'CalculateWeights/IOCG_Deposits.shp'));
  return cellsOfPoints(spec, shp.points.map((p) => p.x), shp.points.map((p) => p.y));
}

export interface ColumnDiff {
  maxAbs: number;
  maxRel: number;
}

/**
 * Our table against GA's, column by column: the largest absolute difference, and the largest relative one
 * (|ours - GA| / max(1, |GA|): absolute below 1, relative above, the tolerance the tests state).
 */
export function compareWithGa(
  ours: { class: number; area: number; patternArea: number; points: number; wPlus: number; sWPlus: number; wMinus: number;
    sWMinus: number; contrast: number; sContrast: number; studC: number }[],
  gen: { genClass: number; weight: number; wStd: number }[],
  ga: GaRow[],
): Record<GaColumn, ColumnDiff> {
  const pick: Record<GaColumn, (i: number) => number> = {
    CLASS: (i) => ours[i].class, CLASS_AREA: (i) => ours[i].area, AREA_SQ_KM: (i) => ours[i].patternArea,
    AREA_UNITS: (i) => ours[i].patternArea, NO_POINTS: (i) => ours[i].points, WPLUS: (i) => ours[i].wPlus,
    S_WPLUS: (i) => ours[i].sWPlus, WMINUS: (i) => ours[i].wMinus, S_WMINUS: (i) => ours[i].sWMinus,
    CONTRAST: (i) => ours[i].contrast, S_CONTRAST: (i) => ours[i].sContrast, STUDC: (i) => ours[i].studC,
    GEN_CLASS: (i) => gen[i].genClass, WEIGHT: (i) => gen[i].weight, W_STD: (i) => gen[i].wStd,
  };
  const out = {} as Record<GaColumn, ColumnDiff>;
  for (const col of GA_COLUMNS) {
    let maxAbs = 0;
    let maxRel = 0;
    for (let i = 0; i < ga.length; i++) {
      const d = Math.abs(pick[col](i) - ga[i][col]);
      maxAbs = Math.max(maxAbs, Number.isNaN(d) ? Infinity : d);
      maxRel = Math.max(maxRel, Number.isNaN(d) ? Infinity : d / Math.max(1, Math.abs(ga[i][col])));
    }
    out[col] = { maxAbs, maxRel };
  }
  return out;
}

/** Compact figures for the log: column -> [max abs, max rel] in 2 significant digits. */
export function diffSummary(d: Record<GaColumn, ColumnDiff>): Record<string, string> {
  return Object.fromEntries(Object.entries(d).map(([k, v]) => [k, `${v.maxAbs.toExponential(1)} / ${v.maxRel.toExponential(1)}`]));
}
