// GDAL as the judge of our Cloud Optimized GeoTIFFs: its validator, and its own overviews to compare ours with.
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/** GDAL's COG validator (python3-gdal's osgeo_utils), with the check of every tile's leader and trailer. */
export function validateCog(file: string): { valid: boolean; output: string } {
  const r = spawnSync('/usr/bin/python3', ['-m', 'osgeo_utils.samples.validate_cloud_optimized_geotiff', '--full-check=yes', file],
    { encoding: 'utf8' });
  const output = `${r.stdout}${r.stderr}`;
  return { valid: r.status === 0 && output.includes('is a valid cloud optimized GeoTIFF') && !/warning/i.test(output), output };
}

/**
 * For each overview of `file`'s first band: its size and how many cells differ from the overview gdaladdo builds
 * from a copy of the same full-resolution image with `resampling` (NaN equals NaN). Meaningful at even sizes: at odd
 * ones GDAL weights fractional windows (see overviewsAgainstBlocks). (GDAL's COG driver would round odd overview
 * sizes down where gdaladdo and we round up.)
 */
export function overviewsAgainstGdal(file: string, resampling: 'average' | 'nearest', dir: string): { size: [number, number]; differ: number }[] {
  const ref = path.join(dir, `${path.basename(file, '.tif')}_gdaladdo_${resampling}.tif`);
  // gdal_translate copies the pixels, not the overviews.
  execFileSync('gdal_translate', ['-q', '-of', 'GTiff', file, ref]);
  const levels = JSON.parse(execFileSync('gdalinfo', ['-json', file], { encoding: 'utf8' })).bands[0].overviews.map((_: unknown, i: number) => String(2 ** (i + 1)));
  execFileSync('gdaladdo', ['-q', '-r', resampling, ref, ...levels]);
  const py = `
import json, sys
import numpy as np
from osgeo import gdal
# The datasets stay referenced: a band outliving its dataset crashes the bindings.
da = gdal.Open(sys.argv[1]); db = gdal.Open(sys.argv[2])
a = da.GetRasterBand(1); b = db.GetRasterBand(1)
out = []
for i in range(a.GetOverviewCount()):
    x = a.GetOverview(i).ReadAsArray().astype(np.float64)
    y = b.GetOverview(i).ReadAsArray().astype(np.float64) if i < b.GetOverviewCount() else np.full(x.shape, np.inf)
    same = (x == y) | (np.isnan(x) & np.isnan(y)) if x.shape == y.shape else np.zeros(x.shape, bool)
    out.append({'size': [x.shape[1], x.shape[0]], 'differ': int((~same).sum())})
print(json.dumps(out))`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', py, file, ref], { encoding: 'utf8' }));
}

/** GDAL's checksum of the raw bytes of `band` (read through an ENVI header), independent of our writer. */
export function rawChecksum(band: Float32Array | Uint8Array, width: number, height: number, dir: string, name: string): number {
  const base = path.join(dir, `raw_${name}`);
  writeFileSync(`${base}.bil`, Buffer.from(band.buffer, band.byteOffset, band.byteLength));
  writeFileSync(`${base}.hdr`, ['ENVI', `samples = ${width}`, `lines = ${height}`, 'bands = 1', 'header offset = 0',
    'file type = ENVI Standard', `data type = ${band instanceof Float32Array ? 4 : 1}`, 'interleave = bsq', 'byte order = 0', ''].join('\n'));
  return gdalChecksum(`${base}.bil`);
}

export function gdalChecksum(file: string): number {
  const info = JSON.parse(execFileSync('gdalinfo', ['-json', '-checksum', file], { encoding: 'utf8' }));
  return info.bands[0].checksum;
}

/**
 * For each overview of `file`'s first band: how many cells differ from numpy's 2 x 2 block reduction of the level
 * above as GDAL reads it (mean of the valid cells, or the upper-left cell of the block).
 */
export function overviewsAgainstBlocks(file: string, resampling: 'average' | 'nearest'): { size: [number, number]; differ: number }[] {
  const py = `
import json, sys
import numpy as np
from osgeo import gdal
ds = gdal.Open(sys.argv[1]); band = ds.GetRasterBand(1)
nodata = band.GetNoDataValue()
def valid(a): return ~np.isnan(a) & (a != nodata) if nodata is not None else ~np.isnan(a)
prev = band.ReadAsArray().astype(np.float64)
out = []
for i in range(band.GetOverviewCount()):
    o = band.GetOverview(i).ReadAsArray().astype(np.float64)
    h, w = prev.shape
    if sys.argv[2] == 'nearest':
        ref = prev[::2, ::2]
    else:
        pad = np.full((2 * o.shape[0], 2 * o.shape[1]), np.nan); pad[:h, :w] = np.where(valid(prev), prev, np.nan)
        blocks = pad.reshape(o.shape[0], 2, o.shape[1], 2)
        n = (~np.isnan(blocks)).sum(axis=(1, 3))
        s = np.nansum(blocks, axis=(1, 3))
        ref = np.where(n > 0, s / np.maximum(n, 1), nodata if nodata is not None else np.nan).astype(np.float32).astype(np.float64)
    same = (o == ref) | (np.isnan(o) & np.isnan(ref))
    out.append({'size': [o.shape[1], o.shape[0]], 'differ': int((~same).sum())})
    prev = o
print(json.dumps(out))`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', py, file, resampling], { encoding: 'utf8' }));
}
