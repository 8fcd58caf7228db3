import { existsSync, rmSync } from 'node:fs';
import type { PipelineConfig } from '../../core/config';
import { planGrid } from '../../core/grid/plan';
import { idwGrid } from '../../core/grid/idw';
import { TiffEncoderPool } from '../../core/grid/geotiff-write';
import { importSamples } from '../../core/samples/import';
import { writeGridTiffs } from '../../core/app/steps/grid-files';
import { ProspectError, type TaskOptions } from '../../core/types';
import { bool, str, type Args } from '../args';
import { configFromArgs } from '../config-flags';
import { sampleOptions } from '../import-options';
import type { Output } from '../output';
import { printGridPlan, printOutcome } from './print';

/**
 * `prospect grid`: IDW onto a grid. From a project (its samples), or straight from a sample file with no project,
 * writing one Float32 Cloud Optimized GeoTIFF per element to --out so any GIS, and gdal_grid, can be compared with it.
 */
export async function gridCommand(args: Args, out: Output, signal: AbortSignal) {
  const project = str(args, 'project');
  const samples = str(args, 'samples');
  const outDir = str(args, 'out');
  const config = configFromArgs(args);
  const common = { signal, onProgress: out.progress };
  if (!project && !samples) throw new ProspectError('Give --project P, or --samples FILE with --x, --y and --crs.', 'BAD_ARGS', { column: '--samples' });
  if (!project && !outDir) throw new ProspectError('Without --project, give --out DIR for the GeoTIFFs.', 'BAD_ARGS', { column: '--out' });

  if (!project) {
    // The encoder workers start now, so that their start-up overlaps reading the samples, not the writing.
    const pool = bool(args, 'no-compress') ? undefined : new TiffEncoderPool();
    try {
      return await gridToFiles(args, out, config, samples!, outDir!, { ...common, pool });
    } finally {
      await pool?.close();
    }
  }

  // The pipeline (tfjs and every step, ~1.2 s to load) only on this path: the sample-file path never needs it.
  const [{ runStep }, { importSamplesStep }, { loadGridStack }, { Project }] = await Promise.all([
    import('../../core/app/pipeline'), import('../../core/app/steps/import-step'), import('../../core/app/grid-stack'), import('../../core/store/project'),
  ]);
  const created = !existsSync(project);
  const p = Project.openOrCreate(project, 'Study area');
  try {
    if (samples) await importSamplesStep(p, samples, sampleOptions(args), common);
    const o = await runStep(p, 'grid', config, common);
    printOutcome(out, o);
    if (outDir) o.files.push(...(await writeGridTiffs(loadGridStack(p, undefined, 'raw'), outDir, common)));
    return { project, steps: [o], files: o.files };
  } catch (e) {
    if (created) {
      p.close();
      rmSync(project, { force: true });
    }
    throw e;
  } finally {
    p.close();
  }
}

/** A sample file straight to one GeoTIFF per element, with the grid step's plan. */
async function gridToFiles(args: Args, out: Output, config: PipelineConfig, samples: string, outDir: string,
  opts: TaskOptions & { pool?: TiffEncoderPool }) {
  const imp = await importSamples(samples, { ...sampleOptions(args), wanted: config.grid.elements ?? sampleOptions(args).wanted }, opts);
  // The same plan as the grid step: the coverage gate, campaigns chosen and levelled, too few samples left out.
  const plan = planGrid(imp.points, config.grid, {
    quality: imp.report.quality, campaigns: imp.campaigns, campaignSummaries: imp.report.campaigns.campaigns,
    force: config.select.force, candidates: imp.points.elements,
  });
  const { spec, elements: keep } = plan;
  printGridPlan(out, plan);
  const t0 = performance.now();
  const stack = await idwGrid(plan.points, spec, plan.idw, opts);
  const gridSeconds = (performance.now() - t0) / 1000;
  const files = await writeGridTiffs(stack, outDir, { ...opts, compress: !bool(args, 'no-compress') });
  const totalSeconds = (performance.now() - t0) / 1000;
  out.text(`grid: ${keep.length} elements on ${spec.width} x ${spec.height} cells (${spec.crs}) in ${gridSeconds.toFixed(2)} s, ` +
    `written in ${(totalSeconds - gridSeconds).toFixed(2)} s`);
  for (const f of files) out.text(`  wrote ${f}`);
  return {
    spec, elements: keep, skipped: plan.skipped, excluded: plan.excluded, warnings: plan.warnings, levelling: plan.levelling,
    campaigns: plan.campaigns, seconds: gridSeconds, totalSeconds, files,
  };
}
