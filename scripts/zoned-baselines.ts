// The benchmark where shape matters, before any CNN change (issue 26): held-out map AUC and capture at 5% / 20% of
// the area for the evaluation's per-cell maps, a pure per-cell logistic, logistic regressions on neighbourhood means
// and a hand-made shape filter, on the evaluation's own blocked folds.
//
//   npx tsx scripts/zoned-baselines.ts --scenario zoned --out DIR        generate the area, import, grid, select, dataset
//   npx tsx scripts/zoned-baselines.ts --scenario isotropic --out DIR    the same on the original demo
//   npx tsx scripts/zoned-baselines.ts --project DIR/demo.prospect       a project from `prospect demo` (dataset step done)
//
// Quick preset, its seed and its measured window, folds and buffer. Prints a table, then one JSON line.
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resolveConfig } from '../src-main/core/config';
import { DEMO_SCENARIOS, generateScenario, type DemoScenario } from '../src-main/core/demo/scenarios';
import { shapeBenchmark } from '../src-main/core/evaluation/shape-benchmark';
import { runPipeline } from '../src-main/core/app/pipeline';
import { importDepositsStep, importSamplesStep } from '../src-main/core/app/steps/import-step';
import { loadDataset } from '../src-main/core/store/datasets-repo';
import { projectDepositCells } from '../src-main/core/app/deposit-cells';
import { listGridElements } from '../src-main/core/store/grids-repo';
import { loadGridStack } from '../src-main/core/app/grid-stack';
import { Project } from '../src-main/core/store/project';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const config = resolveConfig('quick');
  const t0 = performance.now();
  const log = (m: string) => process.stderr.write(`[${((performance.now() - t0) / 1000).toFixed(0)} s] ${m}\n`);
  let projectPath = flag('project');
  let scenario: string = 'from project';
  if (!projectPath) {
    const s = flag('scenario') ?? 'zoned';
    if (!(DEMO_SCENARIOS as readonly string[]).includes(s)) throw new Error(`--scenario must be ${DEMO_SCENARIOS.join(' or ')}; got '${s}'.`);
    scenario = s;
    const out = resolve(flag('out') ?? `zoned-baselines-${s}`);
    mkdirSync(out, { recursive: true });
    const files = generateScenario(s as DemoScenario, join(out, 'data'));
    log(`${s}: ${files.samples} samples, ${files.deposits} deposits`);
    projectPath = join(out, 'bench.prospect');
    rmSync(projectPath, { force: true });
    const p = Project.create(projectPath, { name: `shape benchmark (${s})` });
    try {
      await importSamplesStep(p, files.samplesFile, { x: 'X', y: 'Y', crs: files.crs });
      await importDepositsStep(p, files.depositsFile, { x: 'X', y: 'Y', crs: files.crs, nameColumn: 'NAME' });
      await runPipeline(p, config, { steps: ['grid', 'select', 'dataset'], outDir: out, onProgress: (q) => q.message && log(`${q.step}: ${q.message}`) });
    } finally {
      p.close();
    }
  }
  const p = Project.open(resolve(projectPath));
  try {
    const ds = loadDataset(p);
    const stack = loadGridStack(p, listGridElements(p), 'z');
    const cells = projectDepositCells(p, stack.spec);
    log(`grid ${stack.spec.width} x ${stack.spec.height} cells of ${stack.spec.cellX} m; window ${ds.windows[0].size}; fold buffer ${ds.params.foldBuffer}; ${ds.windows.length} windows`);
    const r = shapeBenchmark({ stack, depositCells: cells, windows: ds.windows, foldBuffer: ds.params.foldBuffer }, config, undefined, {
      onProgress: (q) => log(`benchmark ${q.message ?? ''}`),
    });
    const pct = (v: number | null) => (v === null ? '  -' : `${Math.round(100 * v)}%`.padStart(4));
    const f3 = (v: number | null | undefined) => (v === null || v === undefined ? '  -  ' : v.toFixed(3));
    console.log(`\nscenario ${scenario}; folds ${r.folds.join(', ')}${r.skipped.length ? `; skipped ${r.skipped.map((s) => `${s.fold} (${s.reason})`).join(', ')}` : ''}; neighbourhood radii ${r.radiiCells.join(', ')} cells; filter centre ${r.filterCells.centre}, ring ${r.filterCells.inner}-${r.filterCells.outer} cells`);
    console.log('model                                  map AUC  (95% interval)   capture@5%  capture@20%  deposits');
    for (const row of [...r.rows].sort((a, b) => (b.mapAuc ?? -1) - (a.mapAuc ?? -1))) {
      console.log(`${row.model.padEnd(38)} ${f3(row.mapAuc)}  (${f3(row.interval?.lo)}-${f3(row.interval?.hi)})    ${pct(row.captureAt5)}        ${pct(row.captureAt20)}       ${row.nDeposits}`);
    }
    for (const d of r.pairs) console.log(`paired: ${d.a} - ${d.b} = ${d.difference.toFixed(3)} (95% ${d.lo.toFixed(3)} to ${d.hi.toFixed(3)})`);
    console.log(JSON.stringify({ scenario, project: projectPath, seconds: (performance.now() - t0) / 1000, ...r }));
  } finally {
    p.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
