// The plane encoder alone on one smooth 3072^2 Float32 band (256-sample tiles, NaN swapped for -9999), one thread:
// `npx tsx bench/encode-micro.ts`. Prints CPU seconds for encoding every tile and for the predictor pass alone, with
// the JavaScript pass (js) and the WebAssembly SIMD pass (simd) alternating, and the total bytes (the same for both).
import { deflateFloatTile, tileBound, TileScratch } from '../src-main/core/grid/deflate-planes';

const W = 3072, w = 256;
const f = new Float32Array(W * W);
for (let y = 0; y < W; y++) {
  for (let x = 0; x < W; x++) f[y * W + x] = 20 + Math.sin(x / 97) * Math.cos(y / 131) * 8 + ((x * 7 + y * 13) % 17) * 0.013;
}
const tile = { bits: new Uint32Array(f.buffer), width: W, height: W, tile: w, nodataBits: new Uint32Array(Float32Array.of(-9999).buffer)[0] };
const out = Buffer.alloc(tileBound(w));
const cpu = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1e6;
for (const simd of [false, true, false, true]) {
  const s = new TileScratch(simd);
  let bytes = 0;
  const c0 = process.cpuUsage();
  for (let ty = 0; ty < W / w; ty++) for (let tx = 0; tx < W / w; tx++) bytes += deflateFloatTile(tile, tx, ty, s, out, 0);
  const encode = cpu(process.cpuUsage(c0));
  const c1 = process.cpuUsage();
  for (let ty = 0; ty < W / w; ty++) for (let tx = 0; tx < W / w; tx++) s.predict(tile, tx, ty);
  const predict = cpu(process.cpuUsage(c1));
  console.log(JSON.stringify({ pass: simd ? 'simd' : 'js', encode_cpu_s: +encode.toFixed(3), predict_cpu_s: +predict.toFixed(3), bytes }));
}
