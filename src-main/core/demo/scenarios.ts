// The demo study areas by name. 'isotropic' (the default) is the original demo: round log-space halos, for which a
// per-cell model is close to optimal. 'zoned' is the benchmark where shape matters (zoned, elongated halos and false
// anomalies shaped unlike deposits; resources/demo-recipe-zoned.json).
import type { TaskOptions } from '../types';
import { generateDemo, type DemoFiles } from './generate';
import { generateZonedDemo } from './zoned';

import { DEMO_SCENARIOS, type DemoScenario } from '../vocabulary';

export { DEMO_SCENARIOS, type DemoScenario };

/** The `--small` area: fewer samples over a smaller square, for quick checks (either scenario). */
export const SMALL_DEMO = { samples: 2500, sizeKm: 24, deposits: 18 } as const;

export interface ScenarioOptions {
  seed?: number;
  small?: boolean;
}

/** Generates the named scenario into outDir; the recipe's seed unless one is given. */
export function generateScenario(scenario: DemoScenario, outDir: string, o: ScenarioOptions = {}, opts: TaskOptions = {}): DemoFiles {
  const overrides = { ...(o.seed !== undefined ? { seed: o.seed } : {}), ...(o.small ? SMALL_DEMO : {}) };
  if (scenario === 'zoned') return generateZonedDemo(outDir, overrides, opts);
  return generateDemo(outDir, overrides, opts);
}
