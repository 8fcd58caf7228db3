// Kernel-only timing of the IDW on the uniform case, one thread: `npx tsx bench/knn-micro.ts [elements=16] [rows=3072]
// [groups] [js]` (groups: element e lacks every 16th sample from e, so each element is a group of its own; js: the
// JavaScript cells instead of the WebAssembly module).
// Prints the kernel seconds (wall and CPU: the machine may be shared) and a sha256 of the bands (to check a change leaves every bit as it was).
import { createHash } from 'node:crypto';
import { buildIndexes, groupElements } from '../src-main/core/grid/idw-index';
import { idwRows, IdwScratch, type IdwKernelParams } from '../src-main/core/grid/idw-kernel';
import { uniformPoints, uniformSpec } from './grid-cases/uniform';

const nEl = Number(process.argv[2] ?? 16);
const rows = Number(process.argv[3] ?? uniformSpec.height);
const all = uniformPoints();
const values = all.values.slice(0, nEl).map((v, e) => (process.argv[4] === 'groups' ? v.map((x, i) => (i % 16 === e ? NaN : x)) : v));
const points = { ...all, elements: all.elements.slice(0, nEl), values };
const s = uniformSpec;
const kp: IdwKernelParams = {
  xmin: s.xmin, ymax: s.ymax, cellX: s.cellX, cellY: s.cellY, width: s.width, height: rows,
  power: 2, maxPoints: 12, radius: 2400, minPoints: 0,
};
const indexes = buildIndexes(points, groupElements(points), kp.radius, false);
const out = points.elements.map(() => new Float32Array(s.width * rows));
const scratch = new IdwScratch(!process.argv.includes('js'));
const t0 = performance.now(), c0 = process.cpuUsage();
for (const ix of indexes) idwRows(kp, ix, out, 0, rows, scratch);
const sec = (performance.now() - t0) / 1000, cpu = process.cpuUsage(c0);
const h = createHash('sha256');
for (const b of out) h.update(new Uint8Array(b.buffer));
console.log(JSON.stringify({ elements: nEl, rows, simd: scratch.simdInUse(), kernel_s: +sec.toFixed(3), cpu_s: +((cpu.user + cpu.system) / 1e6).toFixed(3), sha256: h.digest('hex').slice(0, 16) }));
