// gdal_grid invdistnn on one element: the baseline every gridding case is measured against, in the same run.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gdalGridAlgorithm, type IdwParams } from '../../src-main/core/grid/idw';
import type { GridSpec, SamplePoints } from '../../src-main/core/types';

/** Runs gdal_grid for element `e` of `points` onto `spec`; returns its file and its own CPU seconds. */
export function gdalGrid(points: SamplePoints, e: number, spec: GridSpec, params: IdwParams, dir: string): { file: string; cpu: number } {
  const csv = path.join(dir, `p${e}.csv`), vrt = path.join(dir, `p${e}.vrt`), out = path.join(dir, `g${e}.tif`);
  const lines = ['x,y,z'];
  const v = points.values[e];
  for (let i = 0; i < v.length; i++) if (Number.isFinite(v[i]) && Number.isFinite(points.x[i])) lines.push(`${points.x[i]},${points.y[i]},${v[i]}`);
  writeFileSync(csv, lines.join('\n') + '\n');
  writeFileSync(vrt, `<OGRVRTDataSource><OGRVRTLayer name="p${e}"><SrcDataSource>${csv}</SrcDataSource>` +
    '<GeometryType>wkbPoint</GeometryType><GeometryField encoding="PointFromColumns" x="x" y="y" z="z"/>' +
    '</OGRVRTLayer></OGRVRTDataSource>');
  // /usr/bin/time reports gdal_grid's own CPU seconds: the machine is shared, CPU time is the steadier figure.
  const r = spawnSync('/usr/bin/time', ['-f', 'CPU %U %S', 'gdal_grid', '-q', '-zfield', 'z', '-a',
    gdalGridAlgorithm(params, -3e38), '-ot', 'Float32',
    '-txe', String(spec.xmin), String(spec.xmin + spec.width * spec.cellX),
    '-tye', String(spec.ymax), String(spec.ymax - spec.height * spec.cellY),
    '-outsize', String(spec.width), String(spec.height), vrt, out], { encoding: 'utf8' });
  const m = /CPU ([\d.]+) ([\d.]+)/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`gdal_grid failed: ${r.stderr}`);
  return { file: out, cpu: Number(m[1]) + Number(m[2]) };
}
