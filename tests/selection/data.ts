// Loads the real test data sets from ../shared/data (never copied into the repo).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fromFile } from 'geotiff';
import type { GridStack } from '../../src-main/core/types';
import type { DepositCell } from '../../src-main/core/dataset/cells';
import { repoRoot } from './sklearn';

export const dataDir = path.resolve(repoRoot, '../shared/data');

/** Xinjiang grids read with the geotiff package directly (289 x 117, 1 km, UTM 45N). */
export async function loadXinjiang(elements: string[]): Promise<{ stack: GridStack; deposits: DepositCell[] }> {
  const dir = path.join(dataDir, 'xinjiang-au-grids');
  const bands: Float32Array[] = [];
  let width = 0;
  let height = 0;
  let origin: number[] = [];
  let res: number[] = [];
  for (const e of elements) {
    const tiff = await fromFile(path.join(dir, 'Geochemical_data', `${e}.tif`));
    const img = await tiff.getImage();
    width = img.getWidth();
    height = img.getHeight();
    origin = img.getOrigin();
    res = img.getResolution();
    const [band] = (await img.readRasters()) as unknown as Float32Array[];
    const b = Float32Array.from(band);
    for (let i = 0; i < b.length; i++) if (b[i] < -1e30) b[i] = NaN; // GDAL nodata -3.4e38 (unused here)
    bands.push(b);
  }
  const csv = readFileSync(path.join(dir, 'DERIVED_au_deposits_on_geochem_grid.csv'), 'utf8').trim().split(/\r?\n/);
  const head = csv[0].split(',');
  const ri = head.indexOf('geochem_row');
  const ci = head.indexOf('geochem_col');
  const deposits = csv.slice(1).map((line, k) => {
    const f = line.split(',');
    return { row: Number(f[ri]), col: Number(f[ci]), id: `xj${k + 1}` };
  });
  return {
    stack: {
      spec: { crs: 'EPSG:32645', xmin: origin[0], ymax: origin[1], cellX: res[0], cellY: Math.abs(res[1]), width, height },
      elements,
      bands,
    },
    deposits,
  };
}

/** Minimal RFC 4180 line splitter (quoted fields with commas, doubled quotes). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (q) {
      if (ch === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (ch === '"') q = false;
      else cur += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') out.push(cur), (cur = '');
    else cur += ch;
  }
  out.push(cur);
  return out;
}

export function readCsv(file: string): { head: string[]; rows: string[][] } {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  return { head: splitCsvLine(lines[0]), rows: lines.slice(1).map(splitCsvLine) };
}

function haversineKm(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(a));
}

/** Katanning stream sediments: per element, values and the label 'within 2 km of an Au site'; -9999 excluded. */
export function loadKatanning(elements: string[]): { element: string; values: number[]; labels: number[] }[] {
  const dir = path.join(dataDir, 'wa-katanning-sediment');
  const samples = readCsv(path.join(dir, 'area1_sediment_au.csv'));
  const sites = readCsv(path.join(dir, 'area1_sediment_au_site.csv'));
  const sx = sites.head.indexOf('X');
  const sy = sites.head.indexOf('Y');
  const siteXY = sites.rows.map((r) => [Number(r[sx]), Number(r[sy])]);
  const x = samples.head.indexOf('X');
  const y = samples.head.indexOf('Y');
  const label = samples.rows.map((r) =>
    siteXY.some(([lon, lat]) => haversineKm(Number(r[x]), Number(r[y]), lon, lat) <= 2) ? 1 : 0,
  );
  return elements.map((e) => {
    const col = samples.head.indexOf(`${e}_ppm`);
    if (col < 0) throw new Error(`no column ${e}_ppm`);
    const values: number[] = [];
    const labels: number[] = [];
    samples.rows.forEach((r, i) => {
      const s = r[col]?.trim();
      if (!s) return;
      const v = Number(s);
      if (!Number.isFinite(v) || v === -9999) return;
      values.push(v);
      labels.push(label[i]);
    });
    return { element: e, values, labels };
  });
}
