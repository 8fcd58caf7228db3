// Shared helpers for the grid tests: the real data sets and the real gdal_grid / gdal_translate / gdalinfo.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromFile } from 'geotiff';
import type { GridSpec, SamplePoints } from '../../src-main/core/types';
import { gdalGridAlgorithm, type IdwParams } from '../../src-main/core/grid/idw';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const dataDir = path.resolve(repoRoot, '../shared/data');

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** A plain CSV (no quoted commas in these files) as header + rows. */
export function readCsv(file: string): { header: string[]; rows: string[][] } {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  const split = (l: string) => l.split(',').map((s) => s.replace(/^"|"$/g, ''));
  return { header: split(lines[0]), rows: lines.slice(1).map(split) };
}

const num = (s: string | undefined) => (s === undefined || s === '' || s === 'NA' ? NaN : Number(s));

/** Kola C-horizon samples (UTM 35N) for the given columns. */
export function kolaPoints(columns: string[]): SamplePoints {
  const { header, rows } = readCsv(path.join(dataDir, 'kola-chorizon/kola_chorizon_fullcoords.csv'));
  const col = (name: string) => {
    const j = header.indexOf(name);
    if (j < 0) throw new Error(`no column ${name}`);
    return j;
  };
  const xi = col('XCOO'), yi = col('YCOO');
  return {
    crs: 'EPSG:32635',
    x: Float64Array.from(rows, (r) => num(r[xi])),
    y: Float64Array.from(rows, (r) => num(r[yi])),
    elements: columns,
    values: columns.map((c) => { const j = col(c); return Float64Array.from(rows, (r) => num(r[j])); }),
  };
}

/**
 * Runs `gdal_grid -a invdistnn` on one element (samples with a value only) onto `spec`, returns the Float32 band with
 * nodata turned into NaN. `-tye ymax ymin` makes gdal_grid write north-up rows like ours.
 */
export async function gdalGridBand(points: SamplePoints, e: number, spec: GridSpec, params: IdwParams, dir: string): Promise<Float32Array> {
  const csv = path.join(dir, `pts_${e}.csv`);
  const lines = ['x,y,z'];
  const v = points.values[e];
  for (let i = 0; i < v.length; i++) if (Number.isFinite(v[i])) lines.push(`${points.x[i]},${points.y[i]},${v[i]}`);
  writeFileSync(csv, lines.join('\n') + '\n');
  // GDAL 3.6's gdal_grid has no -oo: an OGR VRT turns the x/y columns into points.
  const vrt = path.join(dir, `pts_${e}.vrt`);
  writeFileSync(vrt, `<OGRVRTDataSource><OGRVRTLayer name="pts_${e}"><SrcDataSource>${csv}</SrcDataSource>` +
    `<GeometryType>wkbPoint</GeometryType><GeometryField encoding="PointFromColumns" x="x" y="y" z="z"/>` +
    `</OGRVRTLayer></OGRVRTDataSource>`);
  const out = path.join(dir, `gdal_${e}.tif`);
  const nodata = -3.0e38;
  execFileSync('gdal_grid', [
    '-q', '-zfield', 'z',
    '-a', gdalGridAlgorithm(params, nodata), '-ot', 'Float32',
    '-txe', String(spec.xmin), String(spec.xmin + spec.width * spec.cellX),
    '-tye', String(spec.ymax), String(spec.ymax - spec.height * spec.cellY),
    '-outsize', String(spec.width), String(spec.height), vrt, out,
  ]);
  const tiff = await fromFile(out);
  const img = await tiff.getImage();
  const [band] = (await img.readRasters({ interleave: false })) as unknown as Float32Array[];
  const res = Float32Array.from(band);
  for (let i = 0; i < res.length; i++) if (res[i] === Math.fround(nodata)) res[i] = NaN;
  await tiff.close();
  return res;
}

export function gdalinfoJson(file: string, checksum = true): Record<string, any> {
  const args = ['-json', ...(checksum ? ['-checksum'] : []), file];
  return JSON.parse(execFileSync('gdalinfo', args, { encoding: 'utf8' }));
}
