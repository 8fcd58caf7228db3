import { refreshGisLayers } from '../../core/app/gis-layers';
import { Project } from '../../core/store/project';
import { ProspectError } from '../../core/types';
import { required, str, type Args } from '../args';
import type { Output } from '../output';
import { stepCommand } from './step';

/**
 * `prospect export --project P --gpkg FILE.gpkg`: the project file is already a GeoPackage, but QGIS opens the
 * rasters of one only under a .gpkg name; this writes that copy (layers brought up to date first). Without --gpkg,
 * the export step.
 */
export async function exportCommand(args: Args, out: Output, signal: AbortSignal) {
  const gpkg = str(args, 'gpkg');
  if (!gpkg) return stepCommand('export')(args, out, signal);
  if (!/\.gpkg$/i.test(gpkg)) throw new ProspectError(`--gpkg ${gpkg}: give a file name ending in .gpkg.`, 'BAD_ARGS', { column: '--gpkg' });
  const path = required(args, 'project', 'the project file');
  const p = Project.open(path);
  try {
    const { built } = refreshGisLayers(p);
    await p.copyTo(gpkg);
    out.text(`export: ${gpkg} (a GeoPackage copy of ${path}${built.length ? `; layers rebuilt: ${built.join(', ')}` : ''})`);
    return { project: path, files: [gpkg] };
  } finally {
    p.close();
  }
}
