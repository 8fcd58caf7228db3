// Where a web-mercator tile's pixels land in the project's CRS, as few quads as keep them within a tolerance.
// The renderer draws a quad as two triangles (south-west, north-east, north-west and south-west, south-east,
// north-east) with the texture spread linearly over each; the true map from mercator to, say, UTM bends, by a
// share of a pixel that grows with the tile's ground size. Splitting a tile into d x d pieces cuts that by d^2.
import type { Projector } from '../util/crs';
import type { Corner } from '../view-types';

export type { Corner };

export interface TileQuads {
  /** Pieces a side (1, 2, 4 or 8). */
  divisions: number;
  /** (divisions + 1)^2 points in the project's CRS, row by row from the south edge, each row from west to east. */
  points: Corner[];
  /** The worst distance between a drawn and a projected tile pixel, in tile pixels, at the points checked. */
  errorPx: number;
}

const MAX_DIVISIONS = 8;

/** Where a point at fractions (u east, v north) of a quad is drawn: linear over the triangle that holds it. */
export function drawnPoint(sw: Corner, nw: Corner, ne: Corner, se: Corner, u: number, v: number): Corner {
  const mix = (a: Corner, b: Corner, c: Corner, wa: number, wb: number, wc: number): Corner =>
    [wa * a[0] + wb * b[0] + wc * c[0], wa * a[1] + wb * b[1] + wc * c[1]];
  return v >= u ? mix(sw, ne, nw, 1 - v, u, v - u) : mix(sw, se, ne, 1 - u, u - v, v);
}

/**
 * The quads of the mercator box `b` (a tile of `pixels` a side) in the project's CRS: the fewest pieces whose
 * drawing is within `tolerancePx` tile pixels of proj4 at the quarter points of every piece.
 */
export function tileQuads(b: { xmin: number; ymin: number; xmax: number; ymax: number }, pixels: number, toProject: Projector, tolerancePx: number): TileQuads {
  let best: TileQuads | null = null;
  for (let d = 1; d <= MAX_DIVISIONS; d *= 2) {
    const xs: number[] = [];
    const ys: number[] = [];
    for (let j = 0; j <= d; j++) {
      for (let i = 0; i <= d; i++) {
        xs.push(b.xmin + (i / d) * (b.xmax - b.xmin));
        ys.push(b.ymin + (j / d) * (b.ymax - b.ymin));
      }
    }
    const p = toProject(xs, ys);
    const points = xs.map((_, k) => [p.x[k]!, p.y[k]!] as Corner);
    // Quarter points of every piece, projected exactly, against where the piece's triangles put them.
    const qs = [0.25, 0.5, 0.75];
    const ex: number[] = [];
    const ey: number[] = [];
    for (let j = 0; j < d; j++) {
      for (let i = 0; i < d; i++) {
        for (const v of qs) {
          for (const u of qs) {
            ex.push(b.xmin + ((i + u) / d) * (b.xmax - b.xmin));
            ey.push(b.ymin + ((j + v) / d) * (b.ymax - b.ymin));
          }
        }
      }
    }
    const exact = toProject(ex, ey);
    const at = (i: number, j: number) => points[j * (d + 1) + i]!;
    // A tile pixel's ground size in the project's CRS, from the south edge's length.
    const pixel = Math.hypot(at(d, 0)[0] - at(0, 0)[0], at(d, 0)[1] - at(0, 0)[1]) / pixels;
    let worst = 0;
    let k = 0;
    for (let j = 0; j < d; j++) {
      for (let i = 0; i < d; i++) {
        for (const v of qs) {
          for (const u of qs) {
            const q = drawnPoint(at(i, j), at(i, j + 1), at(i + 1, j + 1), at(i + 1, j), u, v);
            worst = Math.max(worst, Math.hypot(q[0] - exact.x[k]!, q[1] - exact.y[k]!) / pixel);
            k++;
          }
        }
      }
    }
    best = { divisions: d, points, errorPx: worst };
    if (worst <= tolerancePx) break;
  }
  return best!;
}
