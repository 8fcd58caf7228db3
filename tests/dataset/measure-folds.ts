// Not a test: prints how many windows blocked spatial folds keep on paper-like layouts (one JSON line per case).
// Run: npx tsx tests/dataset/measure-folds.ts
import { sampleWindowsDetailed } from '../../src-main/core/dataset/windows';
import { buildSpatialFolds, bufferViolations } from '../../src-main/core/dataset/folds';
import { createRng } from '../../src-main/core/util/random';
import { loadXinjiang } from '../selection/data';

const cases: { name: string; width: number; height: number; deposits: { row: number; col: number; id: string }[]; size: number; nPositive: number; nNegative: number; slideRadius: number; k: number }[] = [];
for (const seed of [1, 2, 3]) {
  const r = createRng(seed);
  const deposits = Array.from({ length: 20 }, (_, i) => ({ row: 200 + r.int(2672), col: 200 + r.int(2672), id: 'd' + i }));
  cases.push({ name: `paper-like 3072^2, 20 random deposits, seed ${seed}`, width: 3072, height: 3072, deposits, size: 256, nPositive: 212, nNegative: 225, slideRadius: 64, k: 5 });
}
const xj = await loadXinjiang(['Au']);
cases.push({ name: 'xinjiang 289x117, 10 deposits', width: 289, height: 117, deposits: xj.deposits.map((d) => ({ ...d, id: d.id! })), size: 16, nPositive: 212, nNegative: 225, slideRadius: 4, k: 5 });
cases.push({ name: 'xinjiang 289x117, 10 deposits, k=3', width: 289, height: 117, deposits: xj.deposits.map((d) => ({ ...d, id: d.id! })), size: 16, nPositive: 212, nNegative: 225, slideRadius: 4, k: 3 });
for (const c of cases) {
  const spec = { crs: '', xmin: 0, ymax: 0, cellX: 1, cellY: 1, width: c.width, height: c.height };
  const t0 = performance.now();
  const res = sampleWindowsDetailed(spec, null, c.deposits, { size: c.size, nPositive: c.nPositive, nNegative: c.nNegative, slideRadius: c.slideRadius, seed: 1 });
  const t1 = performance.now();
  const f = buildSpatialFolds(res.windows, { k: c.k, seed: 1 });
  const t2 = performance.now();
  console.log(JSON.stringify({ case: c.name, windows: res.windows.length, shortfall: res.shortfall, dropped: f.dropped, lostDeposits: f.droppedDeposits.length, posPerFold: f.positivesPerFold, negPerFold: f.negativesPerFold, violations: bufferViolations(res.windows, f).length, sample_ms: +(t1 - t0).toFixed(1), folds_ms: +(t2 - t1).toFixed(1) }));
}
