// A raster attribute table beside a GeoTIFF (ArcGIS's FILE.tif.vat.dbf): class codes, and names when it has them.
import { existsSync } from 'node:fs';
import { dbfEncoding, readDbf } from '../formats/shapefile';

export interface Vat {
  file: string;
  codes: number[];
  /** Code -> name, from the first text column other than Value/Count; null when the table has codes only. */
  names: Map<number, string> | null;
  nameField: string | null;
}

export function readVat(tif: string): Vat | null {
  const file = [`${tif}.vat.dbf`, tif.replace(/\.tiff?$/i, '.vat.dbf')].find((f) => existsSync(f));
  if (!file) return null;
  const { fields, rows } = readDbf(file, dbfEncoding(undefined));
  const valueField = fields.find((f) => /^value$/i.test(f));
  if (!valueField) return null;
  const codes = rows.map((r) => Number(r[valueField])).filter(Number.isFinite);
  const nameField = fields.find((f) => !/^(value|count|oid|objectid|rowid)$/i.test(f) &&
    rows.some((r) => r[f] !== '' && !Number.isFinite(Number(r[f])))) ?? null;
  const names = nameField ? new Map(rows.map((r) => [Number(r[valueField]), r[nameField]] as [number, string])) : null;
  return { file, codes, names, nameField };
}
