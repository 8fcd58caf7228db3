// Reading Geoscience Australia's MPM-WofE test data (../shared/data/cloncurry-iocg-wofe) for the wofe tests.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readShapefilePoints } from '../../src-main/core/deposits/shapefile';
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
