import { idwGrid } from '../src-main/core/grid/idw';
import { deflateFloatTile, tileBound, TileScratch } from '../src-main/core/grid/deflate-planes';
import { uniformPoints, uniformSpec } from './grid-cases/uniform';
const pts = uniformPoints();
const one = { ...pts, elements: pts.elements.slice(0, 1), values: pts.values.slice(0, 1) };
const stack = await idwGrid(one, uniformSpec, { power: 2, maxPoints: 12, radius: 2400 }, { workers: 0 });
const band = stack.bands[0] as Float32Array;
const bits = new Uint32Array(band.buffer, band.byteOffset, band.length);
let nan = 0; for (const v of band) if (Number.isNaN(v)) nan++;
console.log('nan share', nan / band.length);
const t = { bits, width: 3072, height: 3072, tile: 256, nodataBits: new Uint32Array(Float32Array.of(-9999).buffer)[0] };
const scratch = new TileScratch();
const out = Buffer.alloc(tileBound(256) * 144);
for (let rep = 0; rep < 4; rep++) {
  const t0 = performance.now();
  let at = 0;
  for (let ty = 0; ty < 12; ty++) for (let tx = 0; tx < 12; tx++) at = deflateFloatTile(t, tx, ty, scratch, out, at);
  const ms = performance.now() - t0;
  console.log(`rep ${rep}: ${ms.toFixed(1)} ms for one band, ${(ms * 1e6 / band.length).toFixed(2)} ns/float, ratio ${(at / (band.length * 4)).toFixed(3)}`);
}
