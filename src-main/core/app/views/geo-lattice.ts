// Longitude and latitude at the nodes of a lattice over a map's extent, so the map's read-out can show lon/lat under
// the cursor without a projection library in the window: over a survey-sized extent, bilinear interpolation
// between nodes a few km apart is within centimetres of the projection.
import type { Project } from '../../store/project';
import { makeTransformer } from '../../util/crs';
import type { GeoLattice } from '../../view-types';

export type { GeoLattice };

export function geoLattice(p: Project, extent: GeoLattice['extent'], n: number): GeoLattice | null {
  const crs = p.getMeta('crs');
  if (!crs) return null;
  const to = makeTransformer(crs, 'EPSG:4326');
  const xs: number[] = [];
  const ys: number[] = [];
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      xs.push(extent.xmin + (i * (extent.xmax - extent.xmin)) / (n - 1));
      ys.push(extent.ymin + (j * (extent.ymax - extent.ymin)) / (n - 1));
    }
  }
  const r = to(xs, ys);
  return { crs, extent, nx: n, ny: n, lon: r.x, lat: r.y };
}
