import { idwGrid, buildGroups } from '../src-main/core/grid/idw';
import { extentFromPoints } from '../src-main/core/grid/spec';
export default async function (args: string[]) {
  const m = await import('./grid');
  void m;
  const { laterites } = await import('./grid') as unknown as { laterites: () => any };
  const points = laterites();
  const size = Number(args[0] ?? 1024);
  const [xmin, , xmax, ymax] = extentFromPoints(points.x, points.y, 5000, 1000);
  void xmax;
  const cell = 1442 * 1024 / size;
  const spec = { crs: points.crs, xmin, ymax, cellX: cell, cellY: cell, width: size, height: size };
  console.log('groups', buildGroups(points, 5000, false).map((g) => [g.x.length, g.bands.length]));
  const t = performance.now();
  await idwGrid(points, spec, { power: 2, maxPoints: 12, radius: 5000 }, { workers: 0 });
  console.log('inline', performance.now() - t);
  for (const w of [1, 2]) { const t2 = performance.now(); await idwGrid(points, spec, { power: 2, maxPoints: 12, radius: 5000 }, { workers: w }); console.log('workers', w, performance.now() - t2); }
}
