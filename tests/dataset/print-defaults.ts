// Not a test: prints the defaults chosen for the demo, Xinjiang and Katanning with every reason (one block per area and intent).
// Run: npx tsx tests/dataset/print-defaults.ts [xinjiang,katanning,demo]
import { xinjiangArea, katanningArea, demoArea } from './areas';
import { chooseDatasetDefaults } from '../../src-main/core/dataset/defaults';
const which = process.argv[2] ?? 'xinjiang,katanning,demo';
const loaders = { xinjiang: xinjiangArea, katanning: katanningArea, demo: demoArea } as const;
for (const name of which.split(',') as (keyof typeof loaders)[]) {
  const a = await loaders[name]();
  for (const intent of ['quick', 'paper'] as const) {
    const t0 = performance.now();
    const d = chooseDatasetDefaults({ spec: a.spec, mask: a.mask, bands: a.bands, elements: a.elements, deposits: a.deposits, samples: a.samples, intent });
    const ms = performance.now() - t0;
    console.log(`\n== ${name} (${a.spec.width} x ${a.spec.height} cells of ${a.spec.cellX} m, ${a.deposits.length} deposits, ${a.elements.join(',')}) intent ${intent}: ${ms.toFixed(0)} ms`);
    for (const key of ['window', 'crop', 'tiles', 'denseStride', 'folds', 'foldBuffer', 'slideRadius', 'negativeMinDistance'] as const) {
      console.log(`  ${key}: ${JSON.stringify(d[key].value)} - ${d[key].reason}`);
    }
    const { tried, ...check } = d.check;
    console.log('  evidence:', JSON.stringify(d.evidence));
    console.log('  check:', JSON.stringify(check));
    console.log('  tried:', tried.map((t) => `w${t.window}/k${t.folds}/b${t.buffer}:${t.dropped}/${t.windows}${t.errors.length ? '[' + t.errors.join(',') + ']' : ' ok'}`).join(' '));
  }
}
