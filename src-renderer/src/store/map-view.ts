// The map's read-out: lon/lat at a lattice over the shown extent, fetched once per project and extent.
import type { Extent, GeoLattice } from '../../../src-preload/contract';
import { invoke } from '../api';
import { cacheOf } from './invalidate';
import { session } from './session';

const geoCache = new Map<string, GeoLattice | null>();
// The first import gives the project its CRS, which the lattices are in.
cacheOf('import', () => geoCache.clear());

/** Lon/lat at a lattice over a map's extent, for the read-out; null when the project has no CRS. */
export async function loadGeo(extent: Extent): Promise<GeoLattice | null> {
  if (!session.project) return null;
  const key = `${session.project.path}:${extent.xmin}:${extent.ymin}:${extent.xmax}:${extent.ymax}`;
  if (geoCache.has(key)) return geoCache.get(key)!;
  const r = await invoke('data.geo', { project: session.project.path, extent, n: 9 }).catch(() => null);
  geoCache.set(key, r);
  return r;
}
