// A synthetic DEM for basemap tests: hills over 26 x 26 km of UTM 45N around (310 km, 3295 km), as an Esri ASCII grid
// (no CRS of its own: the tests assign one with GDAL).
import { writeFileSync } from 'node:fs';

/** `ridge` adds a north-south ridge at x = 310 km, so that a shift of the picture shows. */
export function writeDem(file: string, { ridge = true } = {}): void {
  const n = 520;
  const cell = 50;
  // Origin off the grids' 100 m lattice, so no output pixel centre falls on a source pixel edge.
  const x0 = 297010;
  const y0 = 3282010;
  const rows: string[] = [`ncols ${n}`, `nrows ${n}`, `xllcorner ${x0}`, `yllcorner ${y0}`, `cellsize ${cell}`, 'NODATA_value -9999'];
  for (let r = 0; r < n; r++) {
    const y = y0 + (n - r - 0.5) * cell;
    const row: string[] = [];
    for (let c = 0; c < n; c++) {
      const x = x0 + (c + 0.5) * cell;
      const hills = 800 + 300 * Math.sin((x - x0) / 2500) * Math.cos((y - y0) / 3100) + 0.02 * (x - x0);
      row.push((hills + (ridge ? 200 * Math.exp(-(((x - 310000) / 1500) ** 2)) : 0)).toFixed(2));
    }
    rows.push(row.join(' '));
  }
  writeFileSync(file, rows.join('\n') + '\n');
}
