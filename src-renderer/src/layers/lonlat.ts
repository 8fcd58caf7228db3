// Longitude/latitude under the cursor from the core's lattice (lon/lat at nodes over the map's extent), by bilinear
// interpolation: the window needs no projection library, and the core stays the one place that knows the CRS.
import type { GeoLattice } from '../../../src-preload/contract';

export function lonLatAt(g: GeoLattice, x: number, y: number): [number, number] | null {
  const { xmin, ymin, xmax, ymax } = g.extent;
  const fx = ((x - xmin) / (xmax - xmin)) * (g.nx - 1);
  const fy = ((y - ymin) / (ymax - ymin)) * (g.ny - 1);
  if (!(fx >= 0 && fy >= 0 && fx <= g.nx - 1 && fy <= g.ny - 1)) return null;
  const i = Math.min(g.nx - 2, Math.floor(fx));
  const j = Math.min(g.ny - 2, Math.floor(fy));
  const u = fx - i;
  const v = fy - j;
  const at = (a: ArrayLike<number>, ii: number, jj: number) => a[jj * g.nx + ii]!;
  const bil = (a: ArrayLike<number>) =>
    (1 - u) * (1 - v) * at(a, i, j) + u * (1 - v) * at(a, i + 1, j) + (1 - u) * v * at(a, i, j + 1) + u * v * at(a, i + 1, j + 1);
  const lon = bil(g.lon);
  const lat = bil(g.lat);
  return Number.isFinite(lon) && Number.isFinite(lat) ? [lon, lat] : null;
}

/** Degrees with hemisphere letters, to 5 decimals (about a metre). */
export function formatLonLat([lon, lat]: [number, number]): string {
  return `${Math.abs(lat).toFixed(5)}°${lat >= 0 ? 'N' : 'S'} ${Math.abs(lon).toFixed(5)}°${lon >= 0 ? 'E' : 'W'}`;
}
